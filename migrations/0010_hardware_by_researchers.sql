-- The catalogue grows from the moderation queue: researchers add devices (with the source of
-- their figures) and map the spellings members typed to devices. Both are loaded into the
-- app's catalogue beside the compiled-in tables.
alter table hardware add column added_by uuid references users (id);
alter table hardware add column added_at timestamptz;

create table hardware_aliases (
    -- The spelling as typed, lower-case, without a device count ("acme tensor brick 9000").
    spelling text primary key check (length(spelling) between 1 and 200),
    hardware_slug text not null references hardware (slug),
    added_by uuid references users (id),
    added_at timestamptz not null default now()
);
