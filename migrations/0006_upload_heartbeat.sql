-- When an import last showed it was alive: its start and each stored chunk. An import that
-- has not moved for minutes died with its process (or could not write its end), and is
-- shown failed instead of "importing" for ever.
alter table pending_uploads add column progress_at timestamptz not null default now();
