//! The moderation queue (researchers and admins): pending measurements, most flags first,
//! verified or rejected in bulk; a rejection is mailed to the submitter with its reason. A
//! verified measurement found wrong later is rejected the same way (from its page), which
//! takes it off the boards.

use super::store::{self, Row};
use super::view::{Shown, shown};
use super::write::{Status, Writer};
use crate::infra::mail;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::CsrfForm;
use crate::web::i18n::Lang;
use crate::web::layout::{Layout, render, unprocessable};
use crate::web::mails::{self, MailKind};
use crate::web::session::{Researcher, Role};
use crate::web::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Template)]
#[template(path = "measurements/queue.html")]
struct Queue {
    layout: Layout,
    rows: Vec<Shown>,
    /// Why the last action was refused, with what was ticked and written kept.
    error: Option<&'static str>,
    ticked: std::collections::HashSet<Uuid>,
    reason: String,
}

pub async fn queue(
    State(state): State<AppState>,
    Researcher(visitor, _): Researcher,
) -> AppResult<Response> {
    let page = queue_page(&state, &visitor, None, Default::default(), String::new()).await?;
    render(&page)
}

/// The queue: pending measurements, and self-reported ones a researcher may check.
async fn queue_page(
    state: &AppState,
    visitor: &crate::web::session::Visitor,
    error: Option<&'static str>,
    ticked: std::collections::HashSet<Uuid>,
    reason: String,
) -> AppResult<Queue> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{} where m.status = 'pending' or (m.status = 'verified' and m.tier = 'self-reported')
          order by m.status = 'pending' desc, m.flag_count desc, m.created_at limit 200",
        store::SELECT
    ))
    .fetch_all(&state.db)
    .await?;
    Ok(Queue {
        layout: visitor.layout_with_form().await?,
        rows: rows.into_iter().map(|r| shown(r, visitor.lang)).collect(),
        error: error.map(|key| crate::web::i18n::t(visitor.lang, key)),
        ticked,
        reason,
    })
}

/// `action` (`verify` or `reject`), `reason`, and one `m_<id>` field per ticked measurement.
pub async fn act(
    State(state): State<AppState>,
    CsrfForm { visitor, form }: CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let moderator = visitor.require(Role::Researcher)?;
    let ids: Vec<Uuid> = form
        .keys()
        .filter_map(|k| k.strip_prefix("m_"))
        .filter_map(|id| id.parse().ok())
        .collect();
    let action = form.get("action").map(String::as_str).unwrap_or("");
    let reason = form.get("reason").map(|r| r.trim()).unwrap_or("");
    // A refusal shows the queue again, with the ticks and the reason as they were.
    let refuse = |key: &'static str| {
        let ticked = ids.iter().copied().collect();
        let reason: String = reason.chars().take(2000).collect();
        let (state, visitor) = (&state, &visitor);
        async move { unprocessable(&queue_page(state, visitor, Some(key), ticked, reason).await?) }
    };
    if ids.is_empty() {
        return refuse("flash-moderation-none").await;
    }
    let to = match action {
        "verify" => Status::Verified,
        "reject" if !reason.is_empty() && reason.chars().count() <= 1000 => Status::Rejected,
        "reject" => return refuse("flash-moderation-reason").await,
        _ => return Err(AppError::BadRequest("unknown action".into())),
    };
    // A check by the person who measured is no check.
    let own = sqlx::query_scalar!(
        r#"select count(*) as "n!" from measurements where id = any($1) and submitter_id = $2"#,
        &ids,
        moderator.id
    )
    .fetch_one(&state.db)
    .await?;
    if to == Status::Verified && own > 0 {
        return refuse("flash-moderation-own").await;
    }
    let mut writer = Writer::begin(&state.db).await?;
    for id in ids {
        let note = (to == Status::Rejected).then_some(reason);
        let moved = writer
            .transition(id, Status::Pending, to, moderator.id, note)
            .await?
            || (to == Status::Rejected
                && writer
                    .transition(id, Status::Verified, to, moderator.id, note)
                    .await?);
        // A self-reported measurement (stored without flags) checked by a researcher.
        if !moved && to == Status::Verified {
            writer.certify(id, moderator.id).await?;
            continue;
        }
        match (moved, to) {
            (true, Status::Verified) => approve_its_model(&mut writer, id).await?,
            (true, _) => tell_submitter(&mut writer, id, reason, &state.config.base_url).await?,
            (false, _) => {}
        }
    }
    writer.commit().await?;
    visitor
        .flash(if to == Status::Verified {
            "flash-moderation-verified"
        } else {
            "flash-moderation-rejected"
        })
        .await?;
    Ok(Redirect::to("/moderation").into_response())
}

/// Verifying a measurement of a proposed model approves the model too.
async fn approve_its_model(writer: &mut Writer, id: Uuid) -> sqlx::Result<()> {
    sqlx::query!(
        "update ai_models set status = 'approved'
          where status = 'pending' and id = (select model_id from measurements where id = $1)",
        id
    )
    .execute(writer.tx())
    .await?;
    Ok(())
}

/// Mails the submitter of a rejected measurement the reason, in their language (in the
/// change's transaction, through the outbox).
async fn tell_submitter(
    writer: &mut Writer,
    id: Uuid,
    reason: &str,
    base_url: &str,
) -> sqlx::Result<()> {
    let to_whom = sqlx::query!(
        "select u.email, u.language from measurements m join users u on u.id = m.submitter_id
          where m.id = $1 and u.deleted_at is null",
        id
    )
    .fetch_optional(writer.tx())
    .await?;
    let Some(to) = to_whom else {
        return Ok(());
    };
    let lang = Lang::from_code(&to.language).unwrap_or_default();
    let kind = MailKind::MeasurementRejected {
        path: format!("/measurements/{id}"),
        reason: reason.to_string(),
    };
    mail::enqueue(
        writer.tx(),
        &mails::compose(lang, &to.email, &kind, base_url),
    )
    .await
}
