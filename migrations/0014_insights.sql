-- Insights: what members know about making AI greener, in Markdown, tied to models,
-- measurements and board views, with an optional claim checked against the data.

create extension if not exists pg_trgm;

create table insights (
    id uuid primary key default gen_random_uuid(),
    -- A deleted account's insights stay, shown as a former member's.
    author_id uuid not null references users (id),
    title text not null check (length(title) between 3 and 150),
    body text not null check (length(body) between 1 and 20000),
    -- The body rendered once (pulldown-cmark, cleaned by ammonia), not per view.
    body_html text not null,
    category text not null check (category in ('pruning', 'quantisation', 'distillation',
        'small-models', 'efficient-hardware', 'renewables', 'measuring', 'inference',
        'ai-for-sustainability', 'other')),
    lang text not null check (lang in ('nl', 'en')),
    -- A member's first insight waits for a researcher; hidden by moderation; deleted by its
    -- author (kept for the moderation record, shown to nobody).
    status text not null check (status in ('pending', 'published', 'hidden', 'deleted')),
    moderation_reason text check (length(moderation_reason) <= 1000),
    helpful_count integer not null default 0 check (helpful_count >= 0),
    -- A comparison: {"a_label", "b_label", "a": [measurement ids], "b": [ids]}, claiming
    -- that side a uses less energy than side b (same model and task).
    claim jsonb,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    -- Searched with the stemmer of the insight's language.
    search tsvector generated always as (
        setweight(to_tsvector(case lang when 'nl' then 'dutch'::regconfig
                                        else 'english'::regconfig end, title), 'A') ||
        setweight(to_tsvector(case lang when 'nl' then 'dutch'::regconfig
                                        else 'english'::regconfig end, body), 'B')) stored
);
create index insights_search on insights using gin (search);
-- Near matches for forms a stemmer misses (quantisation / quantization).
create index insights_trigrams on insights using gin ((title || ' ' || body) gin_trgm_ops);
create index insights_listed on insights (created_at desc) where status = 'published';
create index insights_author on insights (author_id, created_at);

create table insight_revisions (
    id bigint generated always as identity primary key,
    insight_id uuid not null references insights (id) on delete cascade,
    title text not null,
    body text not null,
    -- When this version was replaced.
    replaced_at timestamptz not null default now()
);
create index insight_revisions_insight on insight_revisions (insight_id, id);

create table insight_links (
    insight_id uuid not null references insights (id) on delete cascade,
    position integer not null,
    model_id bigint references ai_models (id) on delete cascade,
    measurement_id uuid references measurements (id) on delete cascade,
    -- A board view: its path with the filters (`/leaderboards/text-generation?hardware=…`).
    board_path text check (length(board_path) <= 500),
    primary key (insight_id, position),
    check (num_nonnulls(model_id, measurement_id, board_path) = 1)
);
create index insight_links_model on insight_links (model_id) where model_id is not null;

create table insight_votes (
    insight_id uuid not null references insights (id) on delete cascade,
    user_id uuid not null references users (id) on delete cascade,
    primary key (insight_id, user_id)
);

create table insight_comments (
    id uuid primary key default gen_random_uuid(),
    insight_id uuid not null references insights (id) on delete cascade,
    author_id uuid not null references users (id),
    body text not null check (length(body) between 1 and 2000),
    status text not null default 'published' check (status in ('published', 'hidden')),
    moderation_reason text check (length(moderation_reason) <= 1000),
    created_at timestamptz not null default now()
);
create index insight_comments_insight on insight_comments (insight_id, created_at);

create table insight_reports (
    id bigint generated always as identity primary key,
    insight_id uuid not null references insights (id) on delete cascade,
    comment_id uuid references insight_comments (id) on delete cascade,
    reporter_id uuid not null references users (id) on delete cascade,
    reason text not null check (length(reason) between 1 and 1000),
    created_at timestamptz not null default now(),
    resolved_at timestamptz
);
create index insight_reports_open on insight_reports (created_at) where resolved_at is null;
