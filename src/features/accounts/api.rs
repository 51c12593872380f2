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
        let row = sqlx::query!(
            r#"update api_tokens t set last_used_at = now()
               from users u
              where t.token_hash = $1 and t.revoked_at is null
                and u.id = t.user_id and u.deleted_at is null
          returning u.id, u.display_name, u.role, u.email_verified_at is not null as "verified!""#,
            digest(token)
        )
        .fetch_optional(&state.db)
        .await?
        .map(|r| (r.id, r.display_name, r.role, r.verified));
        let (id, display_name, role, verified) = row.ok_or(AppError::Unauthorized)?;
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
