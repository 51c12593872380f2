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

impl ApiUser {
    /// Writing through the API waits for a confirmed address, as the forms do: 403 with why.
    pub fn require_verified(&self, lang: crate::web::i18n::Lang) -> Result<(), AppError> {
        if self.verified {
            return Ok(());
        }
        let why = crate::web::error::FieldProblem::new(
            "",
            "email_unverified",
            crate::web::i18n::t(lang, "measure-unverified-text"),
        );
        Err(AppError::Problems(
            axum::http::StatusCode::FORBIDDEN,
            vec![why],
        ))
    }
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
            // CodeCarbon's tracker sends its api_key as `x-api-token`.
            .or_else(|| {
                parts
                    .headers
                    .get("x-api-token")
                    .and_then(|v| v.to_str().ok())
            })
            .map(str::trim)
            .ok_or(AppError::Unauthorized)?;
        // A read: a request does not also write (and commit) the token's last use, which is
        // kept to the minute, written by the first request of each minute.
        let row = super::store::token_owner(&state.db, &digest(token))
            .await?
            .ok_or(AppError::Unauthorized)?;
        if row.stale {
            super::store::touch_token(&state.db, row.token).await?;
        }
        Ok(ApiUser {
            id: row.id,
            display_name: row.display_name,
            role: Role::parse(&row.role).unwrap_or(Role::Member),
            verified: row.verified,
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
