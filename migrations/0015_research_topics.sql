-- Research topics and sign-ups: where listeners and students join the research.

create table research_lines (
    slug text primary key,
    name_en text not null,
    name_nl text not null
);
insert into research_lines (slug, name_en, name_nl) values
    ('energy-efficiency', 'Energy efficiency', 'Energie-efficiëntie'),
    ('model-optimisation', 'Model optimisation', 'Modeloptimalisatie');

create table topics (
    id uuid primary key default gen_random_uuid(),
    line text not null references research_lines (slug),
    title text not null check (length(title) between 3 and 150),
    summary text not null check (length(summary) between 1 and 500),
    description text not null check (length(description) <= 20000),
    -- Rendered once, with the Markdown rules of insights.
    description_html text not null,
    kind text not null check (kind in ('master-thesis', 'internship', 'contributor-project',
                                       'share-experience')),
    background text not null default '' check (length(background) <= 2000),
    location text not null default '' check (length(location) <= 200),
    start_period text not null default '' check (length(start_period) <= 100),
    capacity integer not null check (capacity between 1 and 100),
    deadline date not null,
    status text not null default 'draft' check (status in ('draft', 'open', 'closed')),
    created_by uuid not null references users (id),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index topics_open on topics (deadline) where status = 'open';

create table topic_supervisors (
    topic_id uuid not null references topics (id) on delete cascade,
    user_id uuid not null references users (id) on delete cascade,
    primary key (topic_id, user_id)
);
create index topic_supervisors_user on topic_supervisors (user_id);

-- Seen only by the student, the topic's supervisors and admins; erased with the account.
create table signups (
    id uuid primary key default gen_random_uuid(),
    topic_id uuid not null references topics (id) on delete cascade,
    user_id uuid not null references users (id) on delete cascade,
    motivation text not null check (length(motivation) between 50 and 5000),
    organisation text not null default '' check (length(organisation) <= 200),
    programme text not null default '' check (length(programme) <= 200),
    level text not null check (level in ('bachelor', 'master', 'phd', 'professional')),
    available_from date,
    hours_per_week integer check (hours_per_week between 1 and 60),
    cv_url text check (length(cv_url) <= 500),
    status text not null default 'pending'
        check (status in ('pending', 'accepted', 'declined', 'waitlisted', 'withdrawn')),
    decision_message text check (length(decision_message) <= 2000),
    staff_notes text not null default '' check (length(staff_notes) <= 5000),
    created_at timestamptz not null default now(),
    decided_at timestamptz,
    unique (topic_id, user_id)
);
create index signups_user on signups (user_id, created_at desc);
