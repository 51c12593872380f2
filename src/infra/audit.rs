//! The audit log of security events, visible to admins.

use sqlx::PgConnection;
use uuid::Uuid;

/// Security events, by their stored names.
pub mod event {
    pub const LOGIN_SUCCESS: &str = "login_success";
    pub const LOGIN_FAILURE: &str = "login_failure";
    pub const LOGOUT: &str = "logout";
    pub const REGISTERED: &str = "registered";
    pub const EMAIL_VERIFIED: &str = "email_verified";
    pub const PASSWORD_RESET: &str = "password_reset";
    pub const PASSWORD_CHANGED: &str = "password_changed";
    pub const EMAIL_CHANGED: &str = "email_changed";
    pub const ROLE_CHANGED: &str = "role_changed";
    pub const TOKEN_CREATED: &str = "token_created";
    pub const TOKEN_REVOKED: &str = "token_revoked";
    pub const ACCOUNT_DELETED: &str = "account_deleted";
}

/// Records an event in the caller's transaction.
pub async fn record(
    tx: &mut PgConnection,
    event: &str,
    actor: Option<Uuid>,
    subject: Option<Uuid>,
    ip: &str,
    detail: serde_json::Value,
) -> sqlx::Result<()> {
    sqlx::query!(
"insert into audit_events (event, actor_id, subject_id, ip, detail) values ($1, $2, $3, $4, $5)",
event,
actor,
subject,
ip,
detail)
    .execute(tx)
    .await?;
    Ok(())
}
