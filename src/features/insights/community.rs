//! What members do with an insight: mark it helpful, comment on it, report it or a comment.

use super::rules::{COMMENT_MAX, REASON_MAX};
use super::write;
use crate::web::error::id_in_path;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::{CsrfForm, Empty};
use crate::web::ratelimit::{self, Limit};
use crate::web::session::Role;
use crate::web::state::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// Comments and reports a member may post in an hour.
pub const COMMENTS: Limit = Limit {
    name: "insight-comments",
    max: 30,
    window_secs: 3600,
};
pub const REPORTS: Limit = Limit {
    name: "insight-reports",
    max: 20,
    window_secs: 3600,
};

pub async fn helpful(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CsrfForm { visitor, .. }: CsrfForm<Empty>,
) -> AppResult<Response> {
    let id = id_in_path(&id)?;
    let user = visitor.require(Role::Member)?;
    write::vote(&state.db, id, user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Redirect::to(&format!("/insights/{id}#helpful")).into_response())
}

#[derive(Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    body: String,
}

pub async fn comment(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CsrfForm { visitor, form }: CsrfForm<CommentForm>,
) -> AppResult<Response> {
    let id = id_in_path(&id)?;
    let user = visitor.require(Role::Member)?;
    let body = form.body.trim();
    if body.is_empty() || body.chars().count() > COMMENT_MAX {
        visitor.flash("flash-comment-length").await?;
        return Ok(Redirect::to(&format!("/insights/{id}#comment")).into_response());
    }
    ratelimit::hit(&state.db, COMMENTS, &user.id.to_string()).await?;
    if !write::comment(&state.db, id, user.id, body).await? {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to(&format!("/insights/{id}#comments")).into_response())
}

#[derive(Deserialize)]
pub struct ReportForm {
    #[serde(default)]
    reason: String,
    /// The comment reported, when it is a comment.
    #[serde(default)]
    comment: String,
}

pub async fn report(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CsrfForm { visitor, form }: CsrfForm<ReportForm>,
) -> AppResult<Response> {
    let id = id_in_path(&id)?;
    let user = visitor.require(Role::Member)?;
    let reason = form.reason.trim();
    if reason.is_empty() || reason.chars().count() > REASON_MAX {
        visitor.flash("flash-report-reason").await?;
        return Ok(Redirect::to(&format!("/insights/{id}")).into_response());
    }
    let comment = match form.comment.trim() {
        "" => None,
        c => Some(id_in_path(c)?),
    };
    ratelimit::hit(&state.db, REPORTS, &user.id.to_string()).await?;
    if !write::report(&state.db, id, comment, user.id, reason).await? {
        return Err(AppError::NotFound);
    }
    visitor.flash("flash-report-thanks").await?;
    Ok(Redirect::to(&format!("/insights/{id}")).into_response())
}
