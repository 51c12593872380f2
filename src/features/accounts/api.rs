//! The JSON API's authentication: `Authorization: Bearer gah_…`, looked up by digest (one
//! index probe, no password hashing per request).

use crate::infra::tokens::digest;
use crate::web::error::AppError;
use crate::web::session::Role;
use crate::web::state::AppState;
use axum::Json;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use uuid::Uuid;

/// The account behind a valid, unrevoked API token.
pub struct ApiUser {
    pub id: Uuid,
    pub display_name: String,
    pub role: Role,
    pub verified: bool,
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            // The scheme is case-insensitive (RFC 9110): `bearer` works as well as `Bearer`.
            .and_then(|v| {
                v.split_once(' ')
                    .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            })
            .map(|(_, token)| token)
            .map(str::trim)
            .ok_or(AppError::Unauthorized)?;
        // A read: a request does not also write (and commit) the token's last use, which is
        // kept to the minute, written by the first request of each minute.
        let row = sqlx::query!(
            r#"select t.id as token, u.id, u.display_name, u.role,
                      u.email_verified_at is not null as "verified!",
                      t.last_used_at is null or t.last_used_at < now() - interval '1 minute' as "stale!"
                 from api_tokens t join users u on u.id = t.user_id
                where t.token_hash = $1 and t.revoked_at is null and u.deleted_at is null"#,
            digest(token)
        )
        .fetch_optional(&state.db)
        .await?
        .ok_or(AppError::Unauthorized)?;
        if row.stale {
            sqlx::query!(
                "update api_tokens set last_used_at = now() where id = $1",
                row.token
            )
            .execute(&state.db)
            .await?;
        }
        let (id, display_name, role, verified) = (row.id, row.display_name, row.role, row.verified);
        Ok(ApiUser {
            id,
            display_name,
            role: Role::parse(&role).unwrap_or(Role::Member),
            verified,
        })
    }
}

/// Who the token belongs to.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    responses((status = 200, description = "{id, display_name, role, email_verified}"), (status = 400, description = "Characters that cannot be stored (control characters)"), (status = 401, description = "Missing or invalid bearer token"), (status = 503, description = "The database is unavailable for a moment")),
    security(("bearer" = []))
)]
pub async fn me(user: ApiUser) -> Json<serde_json::Value> {
    Json(serde_json::json!({
        "id": user.id,
        "display_name": user.display_name,
        "role": user.role,
        "email_verified": user.verified,
    }))
}
