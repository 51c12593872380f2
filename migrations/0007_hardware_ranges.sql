-- Laptop GPUs run at a power their laptop's maker sets within a range: its top end, where the
-- catalogue knows it (tdp_watts is then the low end).
alter table hardware add column tdp_max_watts double precision;
