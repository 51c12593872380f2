-- Boards for sharing: what a line needs beyond the median (published share, CO2e at the
-- measurements' own grids), a version per board for ETags and the app's cache, and an
-- index that serves both the per-model refresh and the filtered board views.

alter table board_entries
    add column published_count integer not null default 0,
    -- Median grams CO2e per functional unit at the grids the measurements ran on.
    add column co2e_median double precision,
    -- Median joules per output token, over the measurements that state their output tokens.
    add column j_per_token_median double precision;

-- Bumped in the transaction that changes a board; read by the app to know when its cached
-- view of a board is stale, and sent as ETag / Last-Modified.
create table board_versions (
    task text primary key,
    version bigint not null,
    changed_at timestamptz not null
);

create index measurements_board on measurements (task, model_id) where status = 'verified';

-- The size class a publisher put a model in (AI Energy Score: A < 20 B, B 20–66 B, C > 66 B
-- parameters), for stars when the parameter count itself is not known.
alter table ai_models add column size_class text check (size_class in ('A', 'B', 'C'));
