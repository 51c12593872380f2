-- Accounts: single-use e-mail tokens, API tokens, rate limits, the audit log and the mail
-- outbox. Sessions live in tower-sessions' own table (schema tower_sessions), created by the
-- store's migration at start.

alter table users
    add column password_changed_at timestamptz not null default now(),
    add column deleted_at timestamptz;

-- Verification, reset and e-mail-change links: 256 random bits, stored as their SHA-256.
create table user_tokens (
    token_hash bytea primary key,
    user_id uuid not null references users (id) on delete cascade,
    purpose text not null check (purpose in ('verify_email', 'reset_password', 'change_email')),
    new_email text,
    expires_at timestamptz not null,
    used_at timestamptz,
    created_at timestamptz not null default now()
);
create index user_tokens_user on user_tokens (user_id);

create table api_tokens (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users (id) on delete cascade,
    name text not null check (length(name) between 1 and 80),
    -- The visible start of the token, so people can tell their tokens apart.
    prefix text not null,
    token_hash bytea not null unique,
    created_at timestamptz not null default now(),
    last_used_at timestamptz,
    revoked_at timestamptz
);
create index api_tokens_user on api_tokens (user_id);

-- Fixed-window counters shared by every app instance.
create table rate_limits (
    key text primary key,
    window_start timestamptz not null,
    count integer not null
);

create table audit_events (
    id bigint generated always as identity primary key,
    at timestamptz not null default now(),
    event text not null,
    actor_id uuid references users (id) on delete set null,
    subject_id uuid references users (id) on delete set null,
    ip text,
    detail jsonb not null default '{}'
);
create index audit_events_at on audit_events (at desc);

-- Mails are written here in the transaction of the change that causes them; a worker sends
-- them (SMTP, or .eml files) with retries.
create table mail_outbox (
    id uuid primary key default gen_random_uuid(),
    to_address text not null,
    subject text not null,
    text_body text not null,
    html_body text not null,
    created_at timestamptz not null default now(),
    attempts integer not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_error text,
    sent_at timestamptz
);
create index mail_outbox_due on mail_outbox (next_attempt_at) where sent_at is null;
