//! Running topics (researchers; a topic's supervisors and admins): writing and editing a
//! topic, its dashboard of candidates with staff notes, decisions (accepted sign-ups never
//! exceed capacity: the topic's row is locked while one is decided), and the CSV export.

use super::rules::{self, Kind, SignupStatus, TopicForm, TopicStatus};
use super::store::{self, Candidate, Topic};
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
use energy_model::Decision;
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

/// The topic's supervisors set, or the form's error when an address is not a researcher's.
async fn supervisors(
    tx: &mut PgConnection,
    id: Uuid,
    emails: &[String],
    lang: Lang,
) -> sqlx::Result<Result<(), Errors>> {
    if store::set_supervisors(tx, id, emails).await? {
        return Ok(Ok(()));
    }
    let mut errors = Errors::default();
    errors.add("supervisors", t(lang, "topic-error-supervisors"));
    Ok(Err(errors))
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
    let id = store::insert_topic(&mut tx, &d, &markdown::render(&d.description), user.id).await?;
    if let Err(errors) = supervisors(&mut tx, id, &d.supervisors, lang).await? {
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
    let emails = store::supervisor_emails(&state.db, id).await?;
    let form = TopicForm {
        line: topic.line,
        title: topic.title,
        summary: topic.summary,
        description: topic.description,
        kind: topic.kind.slug().to_string(),
        background: topic.background,
        location: topic.location,
        start_period: topic.start_period,
        capacity: topic.capacity.to_string(),
        deadline: topic.deadline.to_string(),
        status: topic.status.slug().to_string(),
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
    store::update_topic(&mut tx, id, &d, &markdown::render(&d.description)).await?;
    if let Err(errors) = supervisors(&mut tx, id, &d.supervisors, lang).await? {
        return again(&visitor, action, heading, form, errors).await;
    }
    tx.commit().await?;
    Ok(Redirect::to(&format!("/topics/{id}/dashboard")).into_response())
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
        status: t(visitor.lang, topic.status.key()),
        layout: visitor.layout_with_form().await?,
        candidates: store::candidates(&state.db, id).await?,
        topic,
    })
}

#[derive(Deserialize)]
pub struct Decided {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    message: String,
}

/// Accept, decline or waitlist a pending (or waitlisted) sign-up, with an optional message
/// mailed to the student. The topic's places are read under its row lock
/// ([`store::places_locked`]), so decisions made at the same moment never pass the capacity.
pub async fn decide(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CsrfForm { visitor, form }: CsrfForm<Decided>,
) -> AppResult<Response> {
    let signup = id_in_path(&id)?;
    let user = visitor.require(Role::Researcher)?;
    let decision = Decision::parse(&form.decision)
        .ok_or_else(|| AppError::BadRequest("unknown decision".into()))?;
    let message = form.message.trim();
    let topic_id = store::topic_of_signup(&state.db, signup)
        .await?
        .ok_or(AppError::NotFound)?;
    let topic = run(&state, &user, topic_id).await?;
    let dashboard = format!("/topics/{topic_id}/dashboard");
    if message.chars().count() > 2000 {
        visitor.flash("flash-decision-message").await?;
        return Ok(Redirect::to(&format!("{dashboard}#s-{signup}")).into_response());
    }
    let mut tx = state.db.begin().await?;
    if !store::places_locked(&mut tx, topic_id)
        .await?
        .allow(decision)
    {
        drop(tx);
        visitor.flash("flash-topic-full").await?;
        return Ok(Redirect::to(&dashboard).into_response());
    }
    let to = SignupStatus::after(decision);
    let Some(student) = store::decide(&mut tx, signup, to, message).await? else {
        drop(tx);
        visitor.flash("flash-signup-decided").await?;
        return Ok(Redirect::to(&dashboard).into_response());
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
                decision: t(lang, to.key()).to_string(),
                message: message.to_string(),
            },
            &state.config.base_url,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("{dashboard}#s-{signup}")).into_response())
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
    let topic_id = store::topic_of_signup(&state.db, signup)
        .await?
        .ok_or(AppError::NotFound)?;
    run(&state, &user, topic_id).await?;
    let notes: String = form.notes.trim().chars().take(5000).collect();
    store::save_notes(&state.db, signup, &notes).await?;
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
    for c in store::candidates(&state.db, id).await? {
        let cell = |s: String| crate::web::format::csv_cell(&s).into_owned();
        out.write_record([
            cell(c.name),
            cell(c.email),
            c.status.to_string(),
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

impl store::Candidate {
    /// The candidate's level, named (translation key).
    pub fn level_key(&self) -> &'static str {
        super::rules::level_key(&self.level)
    }
}
