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
    let account: serde_json::Value = sqlx::query_scalar!(
        r#"select json_build_object(
            'id', id, 'email', email, 'display_name', display_name, 'role', role,
            'language', language, 'email_verified_at', email_verified_at,
            'created_at', created_at, 'password_changed_at', password_changed_at) as "account!"
           from users where id = $1"#,
        user.id
    )
    .fetch_one(&state.db)
    .await?;
    let tokens: serde_json::Value = sqlx::query_scalar!(
r#"select coalesce(json_agg(json_build_object(
            'name', name, 'prefix', prefix, 'created_at', created_at,
            'last_used_at', last_used_at, 'revoked_at', revoked_at) order by created_at), '[]') as "tokens!"
           from api_tokens where user_id = $1"#,
user.id)
    .fetch_one(&state.db)
    .await?;
    let events: serde_json::Value = sqlx::query_scalar!(
        r#"select coalesce(json_agg(json_build_object(
            'at', at, 'event', event, 'ip', ip) order by at), '[]') as "events!"
           from audit_events where subject_id = $1 or actor_id = $1"#,
        user.id
    )
    .fetch_one(&state.db)
    .await?;
    let insights: serde_json::Value = sqlx::query_scalar!(
        r#"select coalesce(json_agg(json_build_object(
            'id', i.id, 'title', i.title, 'body', i.body, 'category', i.category, 'lang', i.lang,
            'status', i.status, 'claim', i.claim, 'created_at', i.created_at,
            'updated_at', i.updated_at,
            'earlier_versions', (select coalesce(json_agg(json_build_object(
                'title', r.title, 'body', r.body, 'replaced_at', r.replaced_at) order by r.id), '[]')
                from insight_revisions r where r.insight_id = i.id)) order by i.created_at), '[]') as "insights!"
           from insights i where i.author_id = $1"#,
        user.id
    )
    .fetch_one(&state.db)
    .await?;
    let comments: serde_json::Value = sqlx::query_scalar!(
        r#"select coalesce(json_agg(json_build_object(
            'insight_id', insight_id, 'body', body, 'status', status, 'created_at', created_at)
            order by created_at), '[]') as "comments!"
           from insight_comments where author_id = $1"#,
        user.id
    )
    .fetch_one(&state.db)
    .await?;
    let signups: serde_json::Value = sqlx::query_scalar!(
        r#"select coalesce(json_agg(json_build_object(
            'topic', t.title, 'motivation', s.motivation, 'organisation', s.organisation,
            'programme', s.programme, 'level', s.level, 'available_from', s.available_from,
            'hours_per_week', s.hours_per_week, 'cv_url', s.cv_url, 'status', s.status,
            'decision_message', s.decision_message, 'created_at', s.created_at,
            'decided_at', s.decided_at) order by s.created_at), '[]') as "signups!"
           from signups s join topics t on t.id = s.topic_id where s.user_id = $1"#,
        user.id
    )
    .fetch_one(&state.db)
    .await?;
    let body = serde_json::json!({
        "exported_at": time::OffsetDateTime::now_utc().unix_timestamp(),
        "account": account,
        "api_tokens": tokens,
        "security_events": events,
        "insights": insights,
        "insight_comments": comments,
        "topic_signups": signups,
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
    // Personal data goes; the row stays so contributions keep a "former member" author.
    sqlx::query!(
        "update users set email = 'deleted-' || id || '@deleted.invalid',
                display_name = 'former member', password_hash = '!',
                email_verified_at = null, role = 'member', deleted_at = now(),
                password_changed_at = now()
          where id = $1",
        user.id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!("delete from user_tokens where user_id = $1", user.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query!("delete from api_tokens where user_id = $1", user.id)
        .execute(&mut *tx)
        .await?;
    // Sign-ups are personal (a motivation, a study, a CV): erased, not kept anonymised.
    sqlx::query!("delete from signups where user_id = $1", user.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query!("delete from topic_supervisors where user_id = $1", user.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query!(
        "update audit_events set ip = null where subject_id = $1 or actor_id = $1",
        user.id
    )
    .execute(&mut *tx)
    .await?;
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
