-- Measurements: what the community and published benchmarks measured, validated by
-- energy-model, with the values as typed, the normalised figures, flags and status.

create table measurements (
    id uuid primary key default gen_random_uuid(),
    -- Null for published benchmarks; a deleted account's measurements keep its (anonymised) row.
    submitter_id uuid references users (id),
    source text not null check (source in ('community', 'published')),
    source_slug text references data_sources (slug),
    citation text,
    model_id bigint not null references ai_models (id),
    task text not null,
    hardware_slug text not null references hardware (slug),
    device_count integer not null check (device_count > 0),
    energy_j double precision not null check (energy_j > 0 and energy_j < 'infinity'),
    duration_s double precision check (duration_s > 0 and duration_s < 'infinity'),
    queries bigint check (queries > 0),
    output_tokens bigint check (output_tokens > 0),
    batch_size integer check (batch_size > 0),
    precision text,
    optimisations text[] not null default '{}',
    method text not null,
    region_code text,
    pue double precision check (pue between 1 and 3),
    grid_intensity double precision check (grid_intensity between 0 and 2000),
    measured_on date not null,
    notes text check (length(notes) <= 2000),
    source_url text check (length(source_url) <= 500),
    -- What the person typed, field by field.
    raw jsonb not null,
    wh_per_1000_queries double precision,
    j_per_output_token double precision,
    kwh_per_run double precision,
    co2e_g double precision not null,
    -- Soft findings of validation: [{"field": …, "code": …}].
    flags jsonb not null default '[]',
    flag_count integer not null default 0,
    status text not null default 'pending'
        check (status in ('pending', 'verified', 'rejected', 'withdrawn')),
    reject_reason text,
    -- CodeCarbon's run id: a run is imported once.
    run_id text,
    upload_id uuid,
    -- Published benchmarks: a stable key per configuration, so re-imports change nothing.
    external_key text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create unique index measurements_run_id on measurements (run_id) where run_id is not null;
create unique index measurements_external_key on measurements (external_key) where external_key is not null;
create index measurements_queue on measurements (flag_count desc, created_at) where status = 'pending';
create index measurements_submitter on measurements (submitter_id, created_at desc);
create index measurements_published on measurements (created_at, id) where status = 'verified';

create table measurement_history (
    id bigint generated always as identity primary key,
    measurement_id uuid not null references measurements (id) on delete cascade,
    at timestamptz not null default now(),
    actor_id uuid references users (id),
    from_status text,
    to_status text not null,
    note text
);
create index measurement_history_of on measurement_history (measurement_id, at);

-- A retried API POST with the same Idempotency-Key returns the first answer.
create table idempotency_keys (
    user_id uuid not null references users (id) on delete cascade,
    key text not null check (length(key) between 1 and 200),
    request_hash bytea not null,
    status integer not null,
    body jsonb not null,
    created_at timestamptz not null default now(),
    primary key (user_id, key)
);

-- Uploaded CodeCarbon files between preview and commit, and the progress of their import.
create table pending_uploads (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users (id) on delete cascade,
    file_name text not null,
    content bytea,
    model text not null,
    task text not null,
    queries_per_run text not null,
    state text not null default 'preview' check (state in ('preview', 'importing', 'done', 'failed')),
    total integer not null default 0,
    done integer not null default 0,
    added integer,
    message text,
    created_at timestamptz not null default now()
);
