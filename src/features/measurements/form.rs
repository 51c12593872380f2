//! The measurement form (verified members): every problem energy-model reports next to its
//! field, in the visitor's language, with the typed values kept; flags shown as warnings the
//! submitter confirms before saving.

use super::form_fields::MeasurementForm;
use super::rules;
use super::write::{Status, Submission, Writer};
use crate::store::catalogue;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::CsrfForm;
use crate::web::forms::Errors;
use crate::web::i18n::{Lang, t};
use crate::web::layout::{Layout, render};
use crate::web::session::{Member, Role, User, Visitor};
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use energy_model::validation::{Method, Optimisation, Precision};
use energy_model::{RawMeasurement, Task};
use uuid::Uuid;

/// Choices for a select: (value, label).
pub struct Choices {
    pub tasks: Vec<(&'static str, &'static str)>,
    pub precisions: Vec<(&'static str, &'static str)>,
    pub methods: Vec<(&'static str, &'static str)>,
    pub optimisations: Vec<(&'static str, &'static str, String)>,
    pub models: Vec<String>,
    pub hardware: Vec<String>,
}

async fn choices(state: &AppState, lang: Lang) -> AppResult<Choices> {
    Ok(Choices {
        tasks: Task::ALL.iter().map(|t| (t.slug(), t.name(lang))).collect(),
        precisions: Precision::ALL
            .iter()
            .map(|p| (p.slug(), p.name(lang)))
            .collect(),
        methods: Method::ALL
            .iter()
            .map(|m| (m.slug(), m.name(lang)))
            .collect(),
        optimisations: Optimisation::ALL
            .iter()
            .map(|o| {
                (
                    o.slug(),
                    o.name(lang),
                    format!("opt_{}", o.slug().replace('-', "_")),
                )
            })
            .collect(),
        models: catalogue::model_names(&state.db).await?,
        hardware: catalogue::hardware_names(&state.db).await?,
    })
}

#[derive(Template)]
#[template(path = "measurements/form.html")]
struct FormPage {
    layout: Layout,
    /// Where the form posts: new, or the edit of a pending measurement.
    action: String,
    form: MeasurementForm,
    errors: Errors,
    warnings: Errors,
    choices: Choices,
    /// The form asks to confirm the warnings.
    confirm: bool,
}

/// Members whose address is not confirmed yet are told so.
async fn unverified(visitor: &Visitor) -> AppResult<Response> {
    let mut r = render(&crate::web::forms::MessagePage {
        layout: visitor.layout().await?,
        title: t(visitor.lang, "measure-unverified-title"),
        text: t(visitor.lang, "measure-unverified-text"),
        next: Vec::new(),
    })?;
    *r.status_mut() = StatusCode::FORBIDDEN;
    Ok(r)
}

pub async fn new_page(
    State(state): State<AppState>,
    Member(visitor, user): Member,
) -> AppResult<Response> {
    if !user.verified {
        return unverified(&visitor).await;
    }
    let form = MeasurementForm {
        energy_unit: "Wh".into(),
        duration_unit: "s".into(),
        device_count: "1".into(),
        measured_on: time::OffsetDateTime::now_utc().date().to_string(),
        ..MeasurementForm::default()
    };
    render(&FormPage {
        layout: visitor.layout_with_form().await?,
        action: "/measurements/new".into(),
        form,
        errors: Errors::default(),
        warnings: Errors::default(),
        choices: choices(&state, visitor.lang).await?,
        confirm: false,
    })
}

pub async fn submit(
    State(state): State<AppState>,
    CsrfForm { visitor, form }: CsrfForm<MeasurementForm>,
) -> AppResult<Response> {
    save(&state, visitor, form, None).await
}

/// The pending measurement `id` of `user`, with what its form needs.
async fn own_pending(
    state: &AppState,
    id: Uuid,
    user: Uuid,
) -> AppResult<(RawMeasurement, Option<String>, Option<String>)> {
    let row = super::store::own_pending(&state.db, id, user).await?;
    let (raw, notes, url) = row.ok_or(AppError::NotFound)?;
    Ok((serde_json::from_value(raw).unwrap_or_default(), notes, url))
}

pub async fn edit_page(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    Member(visitor, user): Member,
) -> AppResult<Response> {
    let (raw, notes, url) = own_pending(&state, id, user.id).await?;
    render(&FormPage {
        layout: visitor.layout_with_form().await?,
        action: format!("/measurements/{id}/edit"),
        form: MeasurementForm::from_stored(&raw, notes.as_deref(), url.as_deref()),
        errors: Errors::default(),
        warnings: Errors::default(),
        choices: choices(&state, visitor.lang).await?,
        confirm: false,
    })
}

pub async fn edit(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    CsrfForm { visitor, form }: CsrfForm<MeasurementForm>,
) -> AppResult<Response> {
    let user = visitor.require(Role::Member)?;
    own_pending(&state, id, user.id).await?;
    save(&state, visitor, form, Some(id)).await
}

/// Validates and stores a new measurement, or the edit of pending measurement `editing`.
/// (The steps in order — check, show problems, ask to confirm flags, write, tell — each a
/// call; its length is the form's seven arguments to `show`.)
async fn save(
    state: &AppState,
    visitor: Visitor,
    form: MeasurementForm,
    editing: Option<Uuid>,
) -> AppResult<Response> {
    let state = state.clone();
    let action = match editing {
        Some(id) => format!("/measurements/{id}/edit"),
        None => "/measurements/new".into(),
    };
    let user = visitor.require(Role::Member)?;
    if !user.verified {
        return unverified(&visitor).await;
    }
    let raw = form.to_raw();
    let checked = rules::check(
        &state.db,
        &state.hardware.now(),
        &raw,
        form.propose_model.is_some(),
        &form.notes,
        &form.source_url,
        visitor.lang,
    )
    .await?
    .with_tool(
        &raw.method,
        &form.tool_version,
        &form.tracking_mode,
        visitor.lang,
    );
    let errors = Errors::from_problems(&checked.errors);
    let warnings = Errors::from_problems(&checked.flags);
    let Some(valid) = checked.valid else {
        return show(
            &state,
            &visitor,
            action,
            form,
            errors,
            warnings,
            false,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    if !warnings.is_empty() && form.confirm_flags.is_none() {
        return show(
            &state,
            &visitor,
            action,
            form,
            errors,
            warnings,
            true,
            StatusCode::OK,
        )
        .await;
    }
    let mut writer = Writer::begin(&state.db).await?;
    let submission = Submission {
        raw: &raw,
        valid: &valid,
        model: checked.model.as_ref(),
        submitter: user.id,
        notes: &form.notes,
        source_url: &form.source_url,
        details: checked.details.as_ref(),
    };
    let Some((id, _)) = writer.submit(&submission, editing).await? else {
        return Err(AppError::NotFound);
    };
    writer.commit().await?;
    visitor
        .flash(if valid.flags.is_empty() {
            "flash-measurement-verified"
        } else {
            "flash-measurement-pending"
        })
        .await?;
    Ok(Redirect::to(&format!("/measurements/{id}")).into_response())
}

#[allow(clippy::too_many_arguments)]
async fn show(
    state: &AppState,
    visitor: &Visitor,
    action: String,
    form: MeasurementForm,
    errors: Errors,
    warnings: Errors,
    confirm: bool,
    status: StatusCode,
) -> AppResult<Response> {
    let mut r = render(&FormPage {
        layout: visitor.layout_with_form().await?,
        action,
        form,
        errors,
        warnings,
        choices: choices(state, visitor.lang).await?,
        confirm,
    })?;
    *r.status_mut() = status;
    Ok(r)
}

/// Submitters may withdraw their measurement while it waits for moderation.
pub async fn withdraw(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    CsrfForm { visitor, .. }: CsrfForm<crate::web::forms::Empty>,
) -> AppResult<Response> {
    let user: User = visitor.require(Role::Member)?;
    let mut writer = Writer::begin(&state.db).await?;
    let owner = super::store::submitter_of(writer.tx(), id).await?;
    if owner.flatten() != Some(user.id) {
        return Err(AppError::NotFound);
    }
    if !writer
        .transition(id, Status::Pending, Status::Withdrawn, user.id, None)
        .await?
    {
        return Err(AppError::BadRequest("not pending".into()));
    }
    writer.commit().await?;
    visitor.flash("flash-measurement-withdrawn").await?;
    Ok(Redirect::to("/measurements/mine").into_response())
}
