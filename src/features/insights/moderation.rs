//! Moderating insights (researchers and admins): first insights waiting for review, and open
//! reports; publish, hide or restore an insight or hide or restore a comment, with a reason
//! mailed to the author in their language.

use super::rules::{InsightStatus, REASON_MAX};
use super::store::queue;
use crate::infra::mail;
use crate::web::error::id_in_path;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::CsrfForm;
use crate::web::i18n::{Lang, t};
use crate::web::layout::{Layout, render};
use crate::web::mails::{self, MailKind};
use crate::web::paging::Pager;
use crate::web::session::{Researcher, Role};
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::HashMap;
use uuid::Uuid;

pub struct Waiting {
    pub id: Uuid,
    pub title: String,
    pub author: String,
    pub date: String,
}

pub struct Reported {
    pub insight: Uuid,
    pub title: String,
    pub comment: Option<Uuid>,
    pub comment_body: String,
    pub reason: String,
    pub date: String,
    pub status: InsightStatus,
    /// The state of what was reported, in words.
    pub status_name: &'static str,
}

#[derive(Template)]
#[template(path = "insights/moderation.html")]
struct Queue {
    layout: Layout,
    waiting: Vec<Waiting>,
    reports: Vec<Reported>,
    waiting_total: i64,
    reports_total: i64,
    waiting_pages: Pager,
    reports_pages: Pager,
}

/// Insights, and reports, a page of the queue shows.
const PER_PAGE: usize = 50;

pub async fn queue(
    State(state): State<AppState>,
    Researcher(visitor, _): Researcher,
    Query(query): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let (waiting_total, reports_total) = queue::counts(&state.db).await?;
    let page = |key: &str| {
        query
            .get(key)
            .map(|p| p.chars().take(12).collect::<String>())
    };
    let (w, r) = (page("waiting"), page("reports"));
    let href = |w: &Option<String>, r: &Option<String>| {
        format!(
            "/moderation/insights?waiting={}&reports={}",
            w.as_deref().unwrap_or("1"),
            r.as_deref().unwrap_or("1")
        )
    };
    let waiting_pages = Pager::new(waiting_total as usize, PER_PAGE, w.as_deref(), |n| {
        href(&Some(n.to_string()), &r)
    });
    let reports_pages = Pager::new(reports_total as usize, PER_PAGE, r.as_deref(), |n| {
        href(&w, &Some(n.to_string()))
    });
    let waiting = queue::waiting(&state.db, waiting_pages.limit(), waiting_pages.offset())
        .await?
        .into_iter()
        .map(|r| Waiting {
            id: r.id,
            title: r.title,
            author: r.author,
            date: crate::web::format::date(r.created_at),
        })
        .collect();
    let reports = queue::reports(&state.db, reports_pages.limit(), reports_pages.offset())
        .await?
        .into_iter()
        .map(|r| Reported {
            insight: r.insight_id,
            title: r.title,
            comment: r.comment_id,
            comment_body: r.comment_body.unwrap_or_default(),
            reason: r.reason,
            date: crate::web::format::date(r.created_at),
            status_name: t(visitor.lang, r.status.key()),
            status: r.status,
        })
        .collect();
    render(&Queue {
        layout: visitor.layout_with_form().await?,
        waiting,
        reports,
        waiting_total,
        reports_total,
        waiting_pages,
        reports_pages,
    })
}

#[derive(Deserialize)]
pub struct Decision {
    /// `publish`, `hide` or `restore`.
    #[serde(default)]
    action: String,
    #[serde(default)]
    reason: String,
    /// A comment of the insight, when the decision is about that comment.
    #[serde(default)]
    comment: String,
}

pub async fn decide(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CsrfForm { visitor, form }: CsrfForm<Decision>,
) -> AppResult<Response> {
    let id = id_in_path(&id)?;
    visitor.require(Role::Researcher)?;
    let reason = form.reason.trim();
    let needs_reason = form.action == "hide";
    if (needs_reason && reason.is_empty()) || reason.chars().count() > REASON_MAX {
        let mut hidden = vec![("action", form.action.chars().take(10).collect())];
        let comment: String = form.comment.trim().chars().take(36).collect();
        if !comment.is_empty() {
            hidden.push(("comment", comment));
        }
        return super::community::Again::show(
            &visitor,
            id,
            (format!("/moderation/insights/{id}"), "reason", REASON_MAX),
            (
                "insight-report-reason",
                "insight-hide",
                "flash-moderation-reason",
            ),
            &form.reason,
            hidden,
        )
        .await;
    }
    // From which states, to which: a pending insight may be hidden rather than published.
    use InsightStatus::{Hidden, Pending, Published};
    let (from, to): (&[InsightStatus], InsightStatus) = match form.action.as_str() {
        "publish" => (&[Pending], Published),
        "hide" => (&[Published, Pending], Hidden),
        "restore" => (&[Hidden], Published),
        _ => return Err(AppError::BadRequest("unknown action".into())),
    };
    let mut tx = state.db.begin().await?;
    let changed = if form.comment.trim().is_empty() {
        queue::decide_insight(&mut tx, id, from, to, reason).await?
    } else {
        let comment = id_in_path(form.comment.trim())?;
        queue::decide_comment(&mut tx, id, comment, to, reason).await?
    };
    let Some(queue::Author {
        email,
        language,
        gone,
    }) = changed
    else {
        return Err(AppError::NotFound);
    };
    queue::resolve_reports(&mut tx, id, form.comment.trim().parse::<Uuid>().ok()).await?;
    if !gone && form.action != "publish" {
        let path = format!("/insights/{id}");
        let kind = if to == Hidden {
            MailKind::InsightHidden {
                path,
                reason: reason.to_string(),
            }
        } else {
            MailKind::InsightRestored { path }
        };
        let lang = Lang::from_code(&language).unwrap_or_default();
        mail::enqueue(
            &mut tx,
            &mails::compose(lang, &email, &kind, &state.config.base_url),
        )
        .await?;
    }
    tx.commit().await?;
    visitor
        .flash(if form.action == "publish" {
            "flash-moderation-published"
        } else {
            "flash-moderation-done"
        })
        .await?;
    Ok(Redirect::to("/moderation/insights").into_response())
}
