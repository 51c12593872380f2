//! Privacy: download all my data as JSON; delete my account (personal data erased,
//! contributions kept under "former member").

use crate::infra::audit::{self, event};
use crate::infra::mail;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::CsrfForm;
use crate::web::forms::Errors;
use crate::web::i18n::t;
use crate::web::layout::unprocessable;
use crate::web::layout::{Layout, render};
use crate::web::mails::{self, MailKind};
use crate::web::session::{Member, Role};
use crate::web::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// Everything the platform holds about the account, as JSON.
pub async fn export(State(state): State<AppState>, Member(_, user): Member) -> AppResult<Response> {
    let data = super::store::my_data(&state.db, user.id).await?;
    let body = serde_json::json!({
        "exported_at": time::OffsetDateTime::now_utc().unix_timestamp(),
        "account": data.account,
        "api_tokens": data.tokens,
        "security_events": data.events,
        "measurements": data.measurements,
        "insights": data.insights,
        "insight_comments": data.comments,
        "topic_signups": data.signups,
        "codecarbon": data.codecarbon,
    });
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"greenai-my-data.json\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        serde_json::to_string_pretty(&body).map_err(|e| AppError::Internal(e.into()))?,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "accounts/delete.html")]
struct DeletePage {
    layout: Layout,
    errors: Errors,
}

pub async fn delete_page(Member(visitor, _): Member) -> AppResult<Response> {
    render(&DeletePage {
        layout: visitor.layout_with_form().await?,
        errors: Errors::default(),
    })
}

#[derive(Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    current_password: String,
}

/// Deletes the account after the current password: the row anonymised (its measurements
/// stay, as a former member's), links, tokens and addresses of its events erased, a mail
/// sent, the session ended — one transaction, step by step.
pub async fn delete(
    State(state): State<AppState>,
    CsrfForm { visitor, form }: CsrfForm<DeleteForm>,
) -> AppResult<Response> {
    let user = visitor.require(Role::Member)?;
    if !super::settings::current_password_ok(&state, &user, &form.current_password).await? {
        let mut errors = Errors::default();
        errors.add(
            "current_password",
            t(visitor.lang, "form-current-password-wrong"),
        );
        return unprocessable(&DeletePage {
            layout: visitor.layout_with_form().await?,
            errors,
        });
    }
    let mut tx = state.db.begin().await?;
    mail::enqueue(
        &mut tx,
        &mails::compose(
            user.language,
            &user.email,
            &MailKind::AccountDeleted,
            &state.config.base_url,
        ),
    )
    .await?;
    super::store::erase(&mut tx, user.id).await?;
    audit::record(
        &mut tx,
        event::ACCOUNT_DELETED,
        Some(user.id),
        Some(user.id),
        "",
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    visitor.log_out().await?;
    visitor.flash("flash-account-deleted").await?;
    Ok(Redirect::to("/").into_response())
}
