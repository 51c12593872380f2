-- Measurements of devices the catalogue does not know yet are kept under this device (with
-- the name as typed in `raw`), flagged for a researcher, never refused.
insert into hardware (slug, name, kind, source, aliases)
values ('unknown-device', 'Device not in the catalogue yet', 'gpu',
        'typed by members; a researcher maps each spelling to a device', '{}')
on conflict (slug) do nothing;
