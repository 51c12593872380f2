//! What members do with an insight: mark it helpful, comment on it, report it or a comment.

use super::rules::{COMMENT_MAX, REASON_MAX};
use super::write;
use crate::web::error::id_in_path;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::{CsrfForm, Empty};
use crate::web::i18n::t;
use crate::web::layout::{Layout, unprocessable};
use crate::web::ratelimit::{self, Limit};
use crate::web::session::Role;
use crate::web::session::Visitor;
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// A comment, report or moderation reason refused for its length, shown again with what was
/// written, to be corrected and sent again.
#[derive(Template)]
#[template(path = "insights/again.html")]
pub(super) struct Again {
    layout: Layout,
    label: &'static str,
    send: &'static str,
    error: &'static str,
    action: String,
    field: &'static str,
    max: usize,
    value: String,
    hidden: Vec<(&'static str, String)>,
    back: String,
}

impl Again {
    /// `action` is the form's address, the insight `id`'s page the way back.
    pub(super) async fn show(
        visitor: &Visitor,
        id: uuid::Uuid,
        (action, field, max): (String, &'static str, usize),
        (label, send, error): (&str, &str, &str),
        value: &str,
        hidden: Vec<(&'static str, String)>,
    ) -> AppResult<Response> {
        let lang = visitor.lang;
        unprocessable(&Again {
            layout: visitor.layout().await?,
            label: t(lang, label),
            send: t(lang, send),
            error: t(lang, error),
            action,
            field,
            max,
            // Kept, bounded to what the page can carry back.
            value: value.chars().take(max * 2).collect(),
            hidden,
            back: format!("/insights/{id}"),
        })
    }
}

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
        return Again::show(
            &visitor,
            id,
            (format!("/insights/{id}/comments"), "body", COMMENT_MAX),
            (
                "insight-comment-label",
                "insight-comment-send",
                "flash-comment-length",
            ),
            &form.body,
            Vec::new(),
        )
        .await;
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
        let comment: String = form.comment.trim().chars().take(36).collect();
        let hidden = if comment.is_empty() {
            Vec::new()
        } else {
            vec![("comment", comment)]
        };
        return Again::show(
            &visitor,
            id,
            (format!("/insights/{id}/report"), "reason", REASON_MAX),
            (
                "insight-report-reason",
                "insight-report",
                "flash-report-reason",
            ),
            &form.reason,
            hidden,
        )
        .await;
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
