-- Like-for-like boards: a line is a model on one device, never a pool of different hardware.
-- Pooled views and device classes are computed from these lines or from the measurements.
--
-- Writers no longer refresh lines themselves: a change appends (task, model) to
-- board_changes (a plain insert, so writers never wait for each other), and one refresher
-- at a time (an advisory lock) recomputes each changed line once per batch and bumps the
-- task's board version. The refresher runs right after the writer's commit, and every second
-- in each server for what a busy moment left behind.

delete from board_entries;
alter table board_entries
    drop constraint board_entries_pkey,
    drop column hardware,
    add column hardware_slug text not null,
    -- Median seconds per functional unit (a query, or a run), where measurements state a
    -- duration: the speed beside the energy.
    add column seconds_median double precision,
    add primary key (task, include_published, hardware_slug, model_id);

create table board_changes (
    id bigint generated always as identity primary key,
    task text not null,
    model_id bigint not null
);

-- Every line is computed anew from the measurements on first start.
insert into board_changes (task, model_id)
select distinct task, model_id from measurements where status = 'verified';

-- A board filtered to one device (the default view with other filters) reads that device's
-- measurements only.
create index measurements_device_board on measurements (task, hardware_slug)
    where status = 'verified';
