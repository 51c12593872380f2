-- Citable editions: a board (or every board) frozen by a researcher, with an id and a date.
-- Its lines are copied, never recomputed, so an edition reads the same forever: the
-- triggers refuse every change but the one an account's erasure makes (who froze it).
create table editions (
    id bigint generated always as identity primary key,
    slug text not null unique check (slug ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9-]+$'),
    -- null: every board
    task text,
    frozen_at timestamptz not null default now(),
    frozen_by uuid references users(id) on delete set null,
    line_count int not null,
    published_count int not null,
    verified_count int not null,
    self_reported_count int not null
);

create table edition_lines (
    edition_id bigint not null references editions(id),
    task text not null,
    rank int not null,
    model_slug text not null,
    model_name text not null,
    device text,
    unit text not null,
    median double precision not null,
    q1 double precision not null,
    q3 double precision not null,
    count int not null,
    contributors int not null,
    published_count int not null,
    verified_count int not null,
    self_reported_count int not null,
    stars smallint not null,
    primary key (edition_id, task, rank)
);

create function editions_are_frozen() returns trigger language plpgsql as $$
begin
    if tg_table_name = 'editions' and tg_op = 'UPDATE'
       and (new.id, new.slug, new.task, new.frozen_at, new.line_count, new.published_count,
            new.verified_count, new.self_reported_count)
           is not distinct from
           (old.id, old.slug, old.task, old.frozen_at, old.line_count, old.published_count,
            old.verified_count, old.self_reported_count)
       and new.frozen_by is null then
        return new;
    end if;
    raise exception 'an edition is frozen: % on % refused', tg_op, tg_table_name;
end $$;

create trigger editions_frozen before update or delete on editions
    for each row execute function editions_are_frozen();
create trigger edition_lines_frozen before update or delete on edition_lines
    for each row execute function editions_are_frozen();
