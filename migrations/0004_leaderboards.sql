-- Leaderboard aggregates, kept current in the transaction that changes a measurement's
-- standing (stored verified, verified, rejected, withdrawn, edited, imported), so a board is
-- read without scanning measurements. One row per task × model × scope (community only, or
-- including published benchmarks).

create table board_entries (
    task text not null,
    model_id bigint not null references ai_models (id) on delete cascade,
    include_published boolean not null,
    count integer not null check (count > 0),
    contributors integer not null,
    median double precision not null,
    q1 double precision not null,
    q3 double precision not null,
    min double precision not null,
    max double precision not null,
    hardware text[] not null,
    updated_at timestamptz not null default now(),
    primary key (task, include_published, model_id)
);
