-- How many of a board line's measurements a researcher verified (published ones are counted
-- in published_count; the rest are self-reported).
alter table board_entries add column verified_count integer not null default 0;
