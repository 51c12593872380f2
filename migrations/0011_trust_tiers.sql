-- How much stands behind a figure: published (a published benchmark), verified (a researcher
-- checked it) or self-reported (stored without flags; nobody has checked it yet).
alter table measurements add column tier text not null default 'self-reported'
    check (tier in ('published', 'verified', 'self-reported'));
update measurements set tier = 'published' where source = 'published';
-- Checked by a researcher: moved to verified by someone other than the submitter.
update measurements m set tier = 'verified'
 where m.source = 'community' and m.status = 'verified'
   and exists (select 1 from measurement_history h
                where h.measurement_id = m.id and h.to_status = 'verified'
                  and h.actor_id is distinct from m.submitter_id);
create index measurements_unchecked on measurements (created_at)
    where status = 'verified' and tier = 'self-reported';
