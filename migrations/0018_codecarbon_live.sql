-- CodeCarbon's live API: a tracker with save_to_api=True sends a run (POST /runs), then the
-- energy of each interval (POST /emissions). A member's experiments say which model, task and
-- queries per run their runs measure; a run that has been quiet for a while becomes one
-- measurement through the same path as a row of an uploaded emissions.csv.

create table codecarbon_experiments (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users (id) on delete cascade,
    name text not null check (length(name) between 1 and 200),
    model text not null check (length(model) between 1 and 200),
    task text not null check (length(task) between 1 and 100),
    queries_per_run text not null default '' check (length(queries_per_run) <= 30),
    created_at timestamptz not null default now()
);
create index codecarbon_experiments_user on codecarbon_experiments (user_id, created_at desc);

create table codecarbon_runs (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users (id) on delete cascade,
    -- As the tracker sent it: one of the member's experiments, or another id (then the run
    -- waits for the member to name its model and task).
    experiment_id uuid not null,
    -- What the tracker said of the machine (RunCreate: os, versions, CPU and GPU model and
    -- count, region, tracking mode), bounded when received.
    info jsonb not null,
    started_at timestamptz not null default now(),
    last_at timestamptz not null default now(),
    state text not null default 'open'
        check (state in ('open', 'stored', 'unnamed', 'refused')),
    measurement_id uuid references measurements (id) on delete set null,
    message text
);
create index codecarbon_runs_open on codecarbon_runs (last_at) where state = 'open';
create index codecarbon_runs_user on codecarbon_runs (user_id, started_at desc);

-- One interval's energy (a delta). The tracker's timestamp names it: the same request sent
-- twice is counted once.
create table codecarbon_emissions (
    run_id uuid not null references codecarbon_runs (id) on delete cascade,
    sent_at text not null,
    duration_s double precision not null,
    energy_kwh double precision not null,
    cpu_energy_kwh double precision,
    gpu_energy_kwh double precision,
    ram_energy_kwh double precision,
    emissions_kg double precision,
    received_at timestamptz not null default now(),
    primary key (run_id, sent_at)
);
