-- Topics that close and clean up after themselves, and topics made from the data's gaps.

-- Pending sign-ups nobody decided on in time are closed (with a polite mail).
alter table signups drop constraint signups_status_check;
alter table signups add constraint signups_status_check
    check (status in ('pending', 'accepted', 'declined', 'waitlisted', 'withdrawn', 'closed'));

-- When a topic stopped taking sign-ups by being closed (its deadline is the other way).
alter table topics add column closed_at timestamptz;

-- A contributor topic made from a gap in the data: the measurements it asks for (a task, a
-- class of devices or one device, optionally a model) and how many; its progress is counted
-- from the verified measurements its participants submit after it was made.
alter table topics
    add column target_task text,
    add column target_hardware text,
    add column target_model_id bigint references ai_models (id),
    add column target_count integer check (target_count between 1 and 100000);
