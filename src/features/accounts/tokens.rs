//! Personal API tokens: created with a name and shown once, listed with their last use,
//! revoked. Stored as SHA-256 digests with a visible prefix.

use crate::infra::audit::{self, event};
use crate::infra::tokens::{digest, random_token};
use crate::web::error::AppResult;
use crate::web::forms::CsrfForm;
use crate::web::i18n::t;
use crate::web::layout::{Layout, render};
use crate::web::session::{Member, Role};
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

/// Every token starts with this, so leaked ones are easy to find (secret scanners).
pub use super::store::TokenRow;

pub const TOKEN_PREFIX: &str = "gah_";

impl TokenRow {
    pub fn created(&self) -> String {
        crate::web::format::date(self.created_at)
    }
    pub fn last_used(&self) -> Option<String> {
        self.last_used_at.map(crate::web::format::date)
    }
}

#[derive(Template)]
#[template(path = "accounts/tokens.html")]
struct TokensPage {
    layout: Layout,
    tokens: Vec<TokenRow>,
    /// The new token, shown this once.
    created: Option<String>,
    error: Option<&'static str>,
}

async fn list(state: &AppState, user: Uuid) -> sqlx::Result<Vec<TokenRow>> {
    super::store::tokens_of(&state.db, user).await
}

pub async fn page(
    State(state): State<AppState>,
    Member(visitor, user): Member,
) -> AppResult<Response> {
    render(&TokensPage {
        layout: visitor.layout_with_form().await?,
        tokens: list(&state, user.id).await?,
        created: None,
        error: None,
    })
}

#[derive(Deserialize)]
pub struct CreateForm {
    #[serde(default)]
    name: String,
}

pub async fn create(
    State(state): State<AppState>,
    CsrfForm { visitor, form }: CsrfForm<CreateForm>,
) -> AppResult<Response> {
    let user = visitor.require(Role::Member)?;
    let name = form.name.trim();
    if name.is_empty()
        || name.chars().count() > 80
        || crate::web::forms::has_invisible_characters(name)
    {
        return crate::web::layout::unprocessable(&TokensPage {
            layout: visitor.layout_with_form().await?,
            tokens: list(&state, user.id).await?,
            created: None,
            error: Some(t(visitor.lang, "tokens-name-invalid")),
        });
    }
    let token = format!("{TOKEN_PREFIX}{}", random_token());
    let prefix: String = token.chars().take(TOKEN_PREFIX.len() + 8).collect();
    let mut tx = state.db.begin().await?;
    let id = super::store::insert_token(&mut tx, user.id, name, &prefix, &digest(&token)).await?;
    audit::record(
        &mut tx,
        event::TOKEN_CREATED,
        Some(user.id),
        Some(user.id),
        &visitor.ip,
        serde_json::json!({"token": id, "name": name}),
    )
    .await?;
    tx.commit().await?;
    render(&TokensPage {
        layout: visitor.layout_with_form().await?,
        tokens: list(&state, user.id).await?,
        created: Some(token),
        error: None,
    })
}

pub async fn revoke(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    CsrfForm { visitor, .. }: CsrfForm<crate::web::forms::Empty>,
) -> AppResult<Response> {
    let user = visitor.require(Role::Member)?;
    let mut tx = state.db.begin().await?;
    if !super::store::revoke_token(&mut tx, id, user.id).await? {
        return Err(crate::web::error::AppError::NotFound);
    }
    audit::record(
        &mut tx,
        event::TOKEN_REVOKED,
        Some(user.id),
        Some(user.id),
        &visitor.ip,
        serde_json::json!({"token": id}),
    )
    .await?;
    tx.commit().await?;
    visitor.flash("flash-token-revoked").await?;
    Ok(Redirect::to("/account/tokens").into_response())
}
