//! The SQL of the admin pages: accounts, roles and the audit log.

use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

/// An account as the admin list shows it.
pub struct UserRow {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub verified: bool,
    pub deleted: bool,
}

/// An event of the audit log.
pub struct EventRow {
    pub at: OffsetDateTime,
    pub event: String,
    pub actor: Option<String>,
    pub subject: Option<String>,
    pub ip: Option<String>,
    pub detail: serde_json::Value,
}

pub async fn user_count(db: &PgPool) -> sqlx::Result<i64> {
    sqlx::query_scalar!(r#"select count(*) as "n!" from users"#)
        .fetch_one(db)
        .await
}

/// A page of accounts: active ones first, by address.
pub async fn users(db: &PgPool, limit: i64, offset: i64) -> sqlx::Result<Vec<UserRow>> {
    sqlx::query_as!(
        UserRow,
        r#"select id, email, display_name, role, email_verified_at is not null as "verified!",
                deleted_at is not null as "deleted!"
           from users order by deleted_at is not null, lower(email), id limit $1 offset $2"#,
        limit,
        offset
    )
    .fetch_all(db)
    .await
}

/// Gives an active account `role`; returns the role it had, or `None` when there is none.
pub async fn set_role(tx: &mut PgConnection, id: Uuid, role: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar!(
        "update users u set role = $2 from users old
          where u.id = $1 and old.id = u.id and u.deleted_at is null
      returning old.role",
        id,
        role
    )
    .fetch_optional(tx)
    .await
}

pub async fn event_count(db: &PgPool) -> sqlx::Result<i64> {
    sqlx::query_scalar!(r#"select count(*) as "n!" from audit_events"#)
        .fetch_one(db)
        .await
}

/// A page of the audit log, newest first.
pub async fn events(db: &PgPool, limit: i64, offset: i64) -> sqlx::Result<Vec<EventRow>> {
    sqlx::query_as!(
        EventRow,
        r#"select e.at, e.event, a.email as "actor?", s.email as "subject?", e.ip, e.detail
           from audit_events e
           left join users a on a.id = e.actor_id
           left join users s on s.id = e.subject_id
          order by e.at desc, e.id desc limit $1 offset $2"#,
        limit,
        offset
    )
    .fetch_all(db)
    .await
}
