//! Running topics (researchers; a topic's supervisors and admins): writing and editing a
//! topic, its dashboard of candidates with staff notes, decisions (accepted sign-ups never
//! exceed capacity: the topic's row is locked while one is decided), and the CSV export.

use super::rules::{self, Kind, TopicForm};
use super::store::{self, Topic};
use crate::infra::mail;
use crate::web::error::id_in_path;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::{CsrfForm, Errors};
use crate::web::i18n::{Lang, t};
use crate::web::layout::{Layout, render, unprocessable};
use crate::web::mails::{self, MailKind};
use crate::web::markdown;
use crate::web::session::{Researcher, Role, User, Visitor};
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use sqlx::PgConnection;
use uuid::Uuid;

#[derive(Template)]
#[template(path = "topics/form.html")]
struct FormPage {
    layout: Layout,
    action: String,
    heading: &'static str,
    form: TopicForm,
    errors: Errors,
    kinds: Vec<(&'static str, &'static str)>,
}

fn form_page(
    layout: Layout,
    action: String,
    heading: &'static str,
    form: TopicForm,
    errors: Errors,
) -> FormPage {
    let lang = layout.lang;
    FormPage {
        layout,
        action,
        heading,
        form,
        errors,
        kinds: Kind::ALL.iter().map(|k| (k.slug(), k.name(lang))).collect(),
    }
}

/// The form again, as sent, with what is wrong with it.
async fn again(
    visitor: &Visitor,
    action: String,
    heading: &'static str,
    form: TopicForm,
    errors: Errors,
) -> AppResult<Response> {
    let layout = visitor.layout_with_form().await?;
    unprocessable(&form_page(layout, action, heading, form, errors))
}

pub async fn new(Researcher(visitor, user): Researcher) -> AppResult<Response> {
    let form = TopicForm {
        line: "energy-efficiency".into(),
        capacity: "1".into(),
        supervisors: user.email.clone(),
        ..TopicForm::default()
    };
    let heading = t(visitor.lang, "topic-new-title");
    render(&form_page(
        visitor.layout_with_form().await?,
        "/topics".into(),
        heading,
        form,
        Errors::default(),
    ))
}

/// Sets a topic's supervisors: researchers (or admins) on the platform, by address.
async fn set_supervisors(
    tx: &mut PgConnection,
    id: Uuid,
    emails: &[String],
    lang: Lang,
) -> sqlx::Result<Result<(), Errors>> {
    let found = sqlx::query!(
        "select id, lower(email) as \"email!\" from users
          where lower(email) = any($1) and role in ('researcher', 'admin') and deleted_at is null",
        emails
    )
    .fetch_all(&mut *tx)
    .await?;
    let missing: Vec<&String> = emails
        .iter()
        .filter(|e| !found.iter().any(|f| &f.email == *e))
        .collect();
    if !missing.is_empty() || emails.is_empty() {
        let mut errors = Errors::default();
        errors.add("supervisors", t(lang, "topic-error-supervisors"));
        return Ok(Err(errors));
    }
    sqlx::query!("delete from topic_supervisors where topic_id = $1", id)
        .execute(&mut *tx)
        .await?;
    let ids: Vec<Uuid> = found.iter().map(|f| f.id).collect();
    sqlx::query!(
        "insert into topic_supervisors (topic_id, user_id) select $1, unnest($2::uuid[])",
        id,
        &ids
    )
    .execute(&mut *tx)
    .await?;
    Ok(Ok(()))
}

pub async fn create(
    State(state): State<AppState>,
    CsrfForm { visitor, form }: CsrfForm<TopicForm>,
) -> AppResult<Response> {
    let user = visitor.require(Role::Researcher)?;
    let lang = visitor.lang;
    let heading = t(lang, "topic-new-title");
    let d = match rules::check_topic(&form, lang) {
        Ok(d) => d,
        Err(errors) => return again(&visitor, "/topics".into(), heading, form, errors).await,
    };
    let mut tx = state.db.begin().await?;
    let id = sqlx::query_scalar!(
        "insert into topics (line, title, summary, description, description_html, kind, background,
                             location, start_period, capacity, deadline, status, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id",
        d.line,
        d.title,
        d.summary,
        d.description,
        markdown::render(&d.description),
        d.kind.slug(),
        d.background,
        d.location,
        d.start_period,
        d.capacity,
        d.deadline,
        d.status,
        user.id
    )
    .fetch_one(&mut *tx)
    .await?;
    if let Err(errors) = set_supervisors(&mut tx, id, &d.supervisors, lang).await? {
        return again(&visitor, "/topics".into(), heading, form, errors).await;
    }
    tx.commit().await?;
    Ok(Redirect::to(&format!("/topics/{id}/dashboard")).into_response())
}

/// The topic, for one of those who run it; anyone else gets 403 (or 404 without a topic).
async fn run(state: &AppState, user: &User, id: Uuid) -> AppResult<Topic> {
    let topic = store::topic(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !topic.run_by(user) {
        return Err(AppError::Forbidden);
    }
    Ok(topic)
}

pub async fn edit_form(
    State(state): State<AppState>,
    Researcher(visitor, user): Researcher,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = id_in_path(&id)?;
    let topic = run(&state, &user, id).await?;
    let emails = sqlx::query_scalar!(
        "select u.email from topic_supervisors ts join users u on u.id = ts.user_id where ts.topic_id = $1",
        id
    )
    .fetch_all(&state.db)
    .await?;
    let form = TopicForm {
        line: topic.line,
        title: topic.title,
        summary: topic.summary,
        description: topic.description,
        kind: topic.kind,
        background: topic.background,
        location: topic.location,
        start_period: topic.start_period,
        capacity: topic.capacity.to_string(),
        deadline: topic.deadline.to_string(),
        status: topic.status,
        supervisors: emails.join("\n"),
    };
    let heading = t(visitor.lang, "topic-edit-title");
    render(&form_page(
        visitor.layout_with_form().await?,
        format!("/topics/{id}/edit"),
        heading,
        form,
        Errors::default(),
    ))
}

pub async fn edit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CsrfForm { visitor, form }: CsrfForm<TopicForm>,
) -> AppResult<Response> {
    let id = id_in_path(&id)?;
    let user = visitor.require(Role::Researcher)?;
    run(&state, &user, id).await?;
    let lang = visitor.lang;
    let heading = t(lang, "topic-edit-title");
    let action = format!("/topics/{id}/edit");
    let d = match rules::check_topic(&form, lang) {
        Ok(d) => d,
        Err(errors) => return again(&visitor, action, heading, form, errors).await,
    };
    let mut tx = state.db.begin().await?;
    sqlx::query!(
        "update topics set line = $2, title = $3, summary = $4, description = $5,
                description_html = $6, kind = $7, background = $8, location = $9,
                start_period = $10, capacity = $11, deadline = $12, status = $13, updated_at = now(),
                closed_at = case when $13 = 'closed' then coalesce(closed_at, now()) end
          where id = $1",
        id,
        d.line,
        d.title,
        d.summary,
        d.description,
        markdown::render(&d.description),
        d.kind.slug(),
        d.background,
        d.location,
        d.start_period,
        d.capacity,
        d.deadline,
        d.status
    )
    .execute(&mut *tx)
    .await?;
    if let Err(errors) = set_supervisors(&mut tx, id, &d.supervisors, lang).await? {
        return again(&visitor, action, heading, form, errors).await;
    }
    tx.commit().await?;
    Ok(Redirect::to(&format!("/topics/{id}/dashboard")).into_response())
}

/// A candidate as the dashboard shows it.
#[derive(sqlx::FromRow)]
pub struct Candidate {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub motivation: String,
    pub organisation: String,
    pub programme: String,
    pub level: String,
    pub available_from: Option<time::Date>,
    pub hours_per_week: Option<i32>,
    pub cv_url: Option<String>,
    pub status: String,
    pub decision_message: Option<String>,
    pub staff_notes: String,
    pub created_at: time::OffsetDateTime,
}

async fn candidates(state: &AppState, id: Uuid) -> sqlx::Result<Vec<Candidate>> {
    sqlx::query_as!(
        Candidate,
        "select s.id, u.display_name as name, u.email, s.motivation, s.organisation, s.programme,
                s.level, s.available_from, s.hours_per_week, s.cv_url, s.status,
                s.decision_message, s.staff_notes, s.created_at
           from signups s join users u on u.id = s.user_id
          where s.topic_id = $1 order by s.created_at",
        id
    )
    .fetch_all(&state.db)
    .await
}

#[derive(Template)]
#[template(path = "topics/dashboard.html")]
struct Dashboard {
    layout: Layout,
    status: &'static str,
    topic: Topic,
    candidates: Vec<Candidate>,
}

pub async fn dashboard(
    State(state): State<AppState>,
    Researcher(visitor, user): Researcher,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = id_in_path(&id)?;
    let topic = run(&state, &user, id).await?;
    render(&Dashboard {
        status: t(visitor.lang, &format!("topic-status-{}", topic.status)),
        layout: visitor.layout_with_form().await?,
        candidates: candidates(&state, id).await?,
        topic,
    })
}

#[derive(Deserialize)]
pub struct Decision {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    message: String,
}

/// Accept, decline or waitlist a pending (or waitlisted) sign-up, with an optional message
/// mailed to the student. Accepting locks the topic's row first, so decisions made at the same
/// moment are counted one after the other and never pass the capacity.
pub async fn decide(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CsrfForm { visitor, form }: CsrfForm<Decision>,
) -> AppResult<Response> {
    let signup = id_in_path(&id)?;
    let user = visitor.require(Role::Researcher)?;
    let to = match form.decision.as_str() {
        "accept" => "accepted",
        "decline" => "declined",
        "waitlist" => "waitlisted",
        _ => return Err(AppError::BadRequest("unknown decision".into())),
    };
    let message = form.message.trim();
    let topic_id = sqlx::query_scalar!("select topic_id from signups where id = $1", signup)
        .fetch_optional(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let topic = run(&state, &user, topic_id).await?;
    if message.chars().count() > 2000 {
        visitor.flash("flash-decision-message").await?;
        return Ok(
            Redirect::to(&format!("/topics/{topic_id}/dashboard#s-{signup}")).into_response(),
        );
    }
    let mut tx = state.db.begin().await?;
    let capacity = sqlx::query_scalar!(
        "select capacity from topics where id = $1 for update",
        topic_id
    )
    .fetch_one(&mut *tx)
    .await?;
    if to == "accepted" {
        let accepted = sqlx::query_scalar!(
            r#"select count(*) as "n!" from signups where topic_id = $1 and status = 'accepted'"#,
            topic_id
        )
        .fetch_one(&mut *tx)
        .await?;
        if accepted >= i64::from(capacity) {
            drop(tx);
            visitor.flash("flash-topic-full").await?;
            return Ok(Redirect::to(&format!("/topics/{topic_id}/dashboard")).into_response());
        }
    }
    let student = sqlx::query!(
        "update signups s set status = $2, decision_message = nullif($3, ''), decided_at = now()
           from users u
          where s.id = $1 and u.id = s.user_id and s.status in ('pending', 'waitlisted')
      returning u.email, u.language",
        signup,
        to,
        message
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(student) = student else {
        drop(tx);
        visitor.flash("flash-signup-decided").await?;
        return Ok(Redirect::to(&format!("/topics/{topic_id}/dashboard")).into_response());
    };
    let lang = Lang::from_code(&student.language).unwrap_or_default();
    mail::enqueue(
        &mut tx,
        &mails::compose(
            lang,
            &student.email,
            &MailKind::SignupDecided {
                path: "/signups".into(),
                topic: topic.title.clone(),
                decision: t(lang, &format!("signup-status-{to}")).to_string(),
                message: message.to_string(),
            },
            &state.config.base_url,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/topics/{topic_id}/dashboard#s-{signup}")).into_response())
}

#[derive(Deserialize)]
pub struct Notes {
    #[serde(default)]
    notes: String,
}

/// Notes on a candidate only staff see.
pub async fn notes(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CsrfForm { visitor, form }: CsrfForm<Notes>,
) -> AppResult<Response> {
    let signup = id_in_path(&id)?;
    let user = visitor.require(Role::Researcher)?;
    let topic_id = sqlx::query_scalar!("select topic_id from signups where id = $1", signup)
        .fetch_optional(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    run(&state, &user, topic_id).await?;
    let notes: String = form.notes.trim().chars().take(5000).collect();
    sqlx::query!(
        "update signups set staff_notes = $2 where id = $1",
        signup,
        notes
    )
    .execute(&state.db)
    .await?;
    Ok(Redirect::to(&format!("/topics/{topic_id}/dashboard#s-{signup}")).into_response())
}

/// The candidates as CSV, for those who run the topic.
pub async fn csv(
    State(state): State<AppState>,
    Researcher(_, user): Researcher,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = id_in_path(&id)?;
    run(&state, &user, id).await?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let csv_error = |e: csv::Error| AppError::Internal(e.into());
    out.write_record([
        "name",
        "email",
        "status",
        "level",
        "organisation",
        "programme",
        "available_from",
        "hours_per_week",
        "cv_url",
        "motivation",
        "staff_notes",
        "decision_message",
        "signed_up_at",
    ])
    .map_err(csv_error)?;
    for c in candidates(&state, id).await? {
        let cell = |s: String| crate::web::format::csv_cell(&s).into_owned();
        out.write_record([
            cell(c.name),
            cell(c.email),
            c.status,
            c.level,
            cell(c.organisation),
            cell(c.programme),
            c.available_from.map(|d| d.to_string()).unwrap_or_default(),
            c.hours_per_week.map(|h| h.to_string()).unwrap_or_default(),
            cell(c.cv_url.unwrap_or_default()),
            cell(c.motivation),
            cell(c.staff_notes),
            cell(c.decision_message.unwrap_or_default()),
            crate::web::format::date(c.created_at),
        ])
        .map_err(csv_error)?;
    }
    let body = out
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"topic-{id}-signups.csv\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response())
}
