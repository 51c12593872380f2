//! The SQL of accounts: credentials, links, settings; API tokens in [`tokens`], what an
//! account may download and its erasure in [`privacy`].

mod privacy;
mod tokens;

pub use privacy::*;
pub use tokens::*;

use crate::infra::tokens::digest;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// Link lifetimes: verification and e-mail change 48 hours, password reset 1 hour.
pub const VERIFY_HOURS: i32 = 48;
pub const RESET_HOURS: i32 = 1;

#[derive(sqlx::FromRow)]
pub struct Credentials {
    pub id: Uuid,
    pub password_hash: String,
    pub language: String,
    pub email: String,
}

pub async fn upsert_admin(db: &PgPool, email: &str, hash: &str) -> sqlx::Result<bool> {
    let display_name: String = email
        .split('@')
        .next()
        .unwrap_or("admin")
        .chars()
        .take(80)
        .collect();
    sqlx::query_scalar!(
        r#"insert into users (email, display_name, password_hash, role, email_verified_at)
         values ($1, $2, $3, 'admin', now())
         on conflict ((lower(email))) do update
            set role = 'admin', password_hash = excluded.password_hash,
                password_changed_at = now(), deleted_at = null,
                email_verified_at = coalesce(users.email_verified_at, now())
         returning (xmax = 0) as "created!""#,
        email,
        display_name,
        hash
    )
    .fetch_one(db)
    .await
}

/// The live account with this address, if any.
pub async fn credentials(
    db: impl sqlx::PgExecutor<'_>,
    email: &str,
) -> sqlx::Result<Option<Credentials>> {
    sqlx::query_as!(
        Credentials,
        "select id, password_hash, language, email from users
          where lower(email) = lower($1) and deleted_at is null",
        email.trim()
    )
    .fetch_optional(db)
    .await
}

pub async fn credentials_by_id(db: &PgPool, id: Uuid) -> sqlx::Result<Option<Credentials>> {
    sqlx::query_as!(
        Credentials,
        "select id, password_hash, language, email from users where id = $1 and deleted_at is null",
        id
    )
    .fetch_optional(db)
    .await
}

pub async fn email_taken(tx: &mut PgConnection, email: &str) -> sqlx::Result<bool> {
    sqlx::query_scalar!(
        r#"select exists(select 1 from users where lower(email) = lower($1)) as "exists!""#,
        email.trim()
    )
    .fetch_one(tx)
    .await
}

pub async fn insert_user(
    tx: &mut PgConnection,
    email: &str,
    display_name: &str,
    hash: &str,
    language: &str,
) -> sqlx::Result<Uuid> {
    sqlx::query_scalar!(
        "insert into users (email, display_name, password_hash, language) values ($1, $2, $3, $4)
         returning id",
        email.trim(),
        display_name.trim(),
        hash,
        language
    )
    .fetch_one(tx)
    .await
}

/// Sets a new password. Every reset link still out dies with the old password, and API
/// tokens are revoked: a password is changed when it may be known to someone else, and a
/// token made by that someone would outlive it (the mail and the tokens page say so).
pub async fn set_password(tx: &mut PgConnection, id: Uuid, hash: &str) -> sqlx::Result<()> {
    sqlx::query!(
        "update users set password_hash = $2, password_changed_at = now() where id = $1",
        id,
        hash
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "update user_tokens set used_at = now()
          where user_id = $1 and purpose = 'reset_password' and used_at is null",
        id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "update api_tokens set revoked_at = now() where user_id = $1 and revoked_at is null",
        id
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Replaces a hash with one at today's parameters, without ending sessions.
pub async fn rehash(db: &PgPool, id: Uuid, hash: &str) -> sqlx::Result<()> {
    sqlx::query!(
        "update users set password_hash = $2 where id = $1",
        id,
        hash
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Makes a single-use link token; returns the token (only its digest is stored).
pub async fn new_link_token(
    tx: &mut PgConnection,
    user: Uuid,
    purpose: &str,
    hours: i32,
    new_email: Option<&str>,
) -> sqlx::Result<String> {
    let token = crate::infra::tokens::random_token();
    sqlx::query!(
        "insert into user_tokens (token_hash, user_id, purpose, new_email, expires_at)
         values ($1, $2, $3, $4, now() + make_interval(hours => $5))",
        digest(&token),
        user,
        purpose,
        new_email,
        hours
    )
    .execute(tx)
    .await?;
    Ok(token)
}

/// Uses a link token once: its user (and new address), or `None` when the token is unknown,
/// used or expired.
pub async fn consume_link_token(
    tx: &mut PgConnection,
    token: &str,
    purpose: &str,
) -> sqlx::Result<Option<(Uuid, Option<String>)>> {
    Ok(sqlx::query!(
        "update user_tokens set used_at = now()
          where token_hash = $1 and purpose = $2 and used_at is null and expires_at > now()
          returning user_id, new_email",
        digest(token),
        purpose
    )
    .fetch_optional(tx)
    .await?
    .map(|r| (r.user_id, r.new_email)))
}

/// Whether a link token could still be used (for showing its form).
pub async fn link_token_valid(db: &PgPool, token: &str, purpose: &str) -> sqlx::Result<bool> {
    sqlx::query_scalar!(
r#"select exists(select 1 from user_tokens
                        where token_hash = $1 and purpose = $2 and used_at is null and expires_at > now()) as "exists!""#,
digest(token),
purpose)
    .fetch_one(db)
    .await
}

/// The owner answered a mail to the address: it is verified (once; a later answer keeps the
/// first time).
pub async fn mark_verified(tx: &mut PgConnection, id: Uuid) -> sqlx::Result<()> {
    sqlx::query!(
        "update users set email_verified_at = coalesce(email_verified_at, now()) where id = $1",
        id
    )
    .execute(tx)
    .await?;
    Ok(())
}

/// A live account's address and language, for mailing it.
pub async fn contact(tx: &mut PgConnection, user: Uuid) -> sqlx::Result<Option<(String, String)>> {
    Ok(sqlx::query!(
        "select email, language from users where id = $1 and deleted_at is null",
        user
    )
    .fetch_optional(tx)
    .await?
    .map(|r| (r.email, r.language)))
}

/// Sets a verified new address; false when another account holds it.
pub async fn set_email(tx: &mut PgConnection, user: Uuid, email: &str) -> sqlx::Result<bool> {
    let updated = sqlx::query!(
        "update users set email = $2, email_verified_at = now() where id = $1",
        user,
        email
    )
    .execute(tx)
    .await;
    match updated {
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(false),
        other => other.map(|_| true),
    }
}

pub async fn set_language(
    db: &PgPool,
    user: Uuid,
    lang: crate::web::i18n::Lang,
) -> sqlx::Result<()> {
    sqlx::query!(
        "update users set language = $2 where id = $1",
        user,
        lang.code()
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Whether an account is less than a week old (its posts are limited more tightly).
pub async fn is_new(db: &PgPool, user: Uuid) -> sqlx::Result<bool> {
    sqlx::query_scalar!(
        r#"select created_at > now() - interval '7 days' as "young!" from users where id = $1"#,
        user
    )
    .fetch_one(db)
    .await
}

/// The active account with this address (any case).
pub async fn active_by_email(db: &PgPool, email: &str) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar!(
        "select id from users where lower(email) = lower($1) and deleted_at is null",
        email
    )
    .fetch_optional(db)
    .await
}
