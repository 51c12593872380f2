-- A model's page reads kept aggregates, not its measurements: per line (task × device ×
-- model × scope) a histogram of its figures over a fixed logarithmic grid (for the strip plot
-- of a line too large to draw dot by dot), and per task × model the figures over every
-- device. Both are written by the board refresher with the lines.

alter table board_entries
    -- Counts of the line's figures in bins of 1/25 decade: bins[1] counts the figures in
    -- [10^(bins_from/25), 10^((bins_from+1)/25)), and so on.
    add column bins_from integer not null default 0,
    add column bins integer[] not null default '{}';

create table model_task_figures (
    task text not null,
    model_id bigint not null references ai_models (id) on delete cascade,
    -- Measurements, and median and middle half over contributions (an upload's runs by
    -- their median), published benchmarks included.
    count integer not null check (count > 0),
    median double precision not null,
    q1 double precision not null,
    q3 double precision not null,
    primary key (task, model_id)
);

-- A model's list, newest first, a page at a time; and a line's own figures.
create index measurements_of_model on measurements (model_id, measured_on desc, created_at desc)
    where status = 'verified';
create index measurements_of_line
    on measurements (model_id, task, hardware_slug, measured_on desc, created_at desc)
    where status = 'verified';

-- Every line is computed anew (with its bins) on first start.
insert into board_changes (task, model_id)
select distinct task, model_id from measurements where status = 'verified';
