-- What the measuring tool reported beside the totals: the tool and its version, how it
-- measured (CodeCarbon's tracking_mode), energy by part (CPU, GPU, RAM, in J) and water (L).
alter table measurements add column details jsonb not null default '{}';
