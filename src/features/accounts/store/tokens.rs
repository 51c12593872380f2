//! API tokens: a member's own, and the account behind a token a request carries.

use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// An API token as its owner's list shows it.
pub struct TokenRow {
    pub id: Uuid,
    pub name: String,
    pub prefix: String,
    pub created_at: time::OffsetDateTime,
    pub last_used_at: Option<time::OffsetDateTime>,
    pub revoked_at: Option<time::OffsetDateTime>,
}

/// A member's API tokens, newest first.
pub async fn tokens_of(db: &PgPool, user: Uuid) -> sqlx::Result<Vec<TokenRow>> {
    sqlx::query_as!(
        TokenRow,
        "select id, name, prefix, created_at, last_used_at, revoked_at from api_tokens
          where user_id = $1 order by created_at desc",
        user
    )
    .fetch_all(db)
    .await
}

/// Stores a new token by its digest; returns its id.
pub async fn insert_token(
    tx: &mut PgConnection,
    user: Uuid,
    name: &str,
    prefix: &str,
    token_hash: &[u8],
) -> sqlx::Result<Uuid> {
    sqlx::query_scalar!(
        "insert into api_tokens (user_id, name, prefix, token_hash) values ($1, $2, $3, $4)
         returning id",
        user,
        name,
        prefix,
        token_hash
    )
    .fetch_one(tx)
    .await
}

/// Revokes one of the member's own tokens; false when there is no such live token.
pub async fn revoke_token(tx: &mut PgConnection, id: Uuid, user: Uuid) -> sqlx::Result<bool> {
    let revoked = sqlx::query!(
        "update api_tokens set revoked_at = now()
          where id = $1 and user_id = $2 and revoked_at is null",
        id,
        user
    )
    .execute(tx)
    .await?
    .rows_affected();
    Ok(revoked > 0)
}

/// The account behind a live API token (by its digest).
pub struct TokenOwner {
    pub token: Uuid,
    pub id: Uuid,
    pub display_name: String,
    pub role: String,
    pub verified: bool,
    /// Its last use is older than a minute: the request writes it.
    pub stale: bool,
}

/// A read: a request does not also write (and commit) the token's last use, which is kept to
/// the minute ([`touch_token`]).
pub async fn token_owner(db: &PgPool, token_hash: &[u8]) -> sqlx::Result<Option<TokenOwner>> {
    sqlx::query_as!(
        TokenOwner,
        r#"select t.id as token, u.id, u.display_name, u.role,
                  u.email_verified_at is not null as "verified!",
                  t.last_used_at is null or t.last_used_at < now() - interval '1 minute' as "stale!"
             from api_tokens t join users u on u.id = t.user_id
            where t.token_hash = $1 and t.revoked_at is null and u.deleted_at is null"#,
        token_hash
    )
    .fetch_optional(db)
    .await
}

pub async fn touch_token(db: &PgPool, token: Uuid) -> sqlx::Result<()> {
    sqlx::query!(
        "update api_tokens set last_used_at = now() where id = $1",
        token
    )
    .execute(db)
    .await?;
    Ok(())
}
