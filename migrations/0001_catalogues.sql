-- Catalogues: hardware devices, AI models with aliases, and the published sources that
-- contributed to them (shown with attribution).

create table hardware (
    slug text primary key,
    name text not null,
    kind text not null check (kind in ('gpu', 'cpu', 'tpu', 'soc')),
    tdp_watts double precision check (tdp_watts > 0),
    memory_gb double precision check (memory_gb > 0),
    source text not null,
    aliases text[] not null default '{}'
);

create table ai_models (
    id bigint generated always as identity primary key,
    slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name text not null check (length(name) between 1 and 200),
    organisation text,
    total_params_billions double precision check (total_params_billions > 0),
    active_params_billions double precision check (active_params_billions > 0),
    licence text,
    link text,
    -- Every other name the model goes by, as slugs, so that lookups by any spelling are one
    -- index probe.
    alias_slugs text[] not null default '{}',
    status text not null default 'approved' check (status in ('pending', 'approved', 'rejected')),
    created_at timestamptz not null default now()
);
create index ai_models_alias_slugs on ai_models using gin (alias_slugs);

create table data_sources (
    slug text primary key,
    name text not null,
    edition text not null,
    url text not null,
    citation text not null,
    licence text not null,
    imported_at timestamptz not null default now()
);

create table ai_model_sources (
    model_id bigint not null references ai_models (id) on delete cascade,
    source_slug text not null references data_sources (slug) on delete cascade,
    primary key (model_id, source_slug)
);

create table users (
    id uuid primary key default gen_random_uuid(),
    email text not null check (length(email) between 3 and 254),
    display_name text not null check (length(display_name) between 1 and 80),
    password_hash text not null,
    role text not null default 'member' check (role in ('member', 'researcher', 'admin')),
    language text not null default 'en' check (language in ('en', 'nl')),
    email_verified_at timestamptz,
    created_at timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));
