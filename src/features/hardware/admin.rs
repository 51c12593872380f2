//! Admins look after the devices people added: correct a device's figures, or merge it into
//! another (its measurements, spellings and name move there; boards follow).

use super::device_form::AddForm;
use super::store;
use crate::features::measurements::write::Writer;
use crate::store::catalogue;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::{CsrfForm, Errors};
use crate::web::i18n::t;
use crate::web::layout::{Layout, render};
use crate::web::session::{Admin, Role};
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use energy_model::hardware::UNKNOWN_DEVICE;
use serde::Deserialize;

/// A device people added, as its edit form shows it.
struct Added {
    slug: String,
    name: String,
    kind: String,
    tdp: String,
    tdp_max: String,
    memory_gb: String,
    source: String,
    measurements: i64,
}

#[derive(Template)]
#[template(path = "hardware/admin.html")]
struct AdminPage {
    layout: Layout,
    devices: Vec<Added>,
    kinds: Vec<(&'static str, &'static str)>,
    errors: Errors,
}

async fn page_with(state: &AppState, layout: Layout, errors: Errors) -> AppResult<Response> {
    let lang = layout.lang;
    let number = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    let devices = store::added_devices(&state.db)
        .await?
        .into_iter()
        .map(|r| Added {
            slug: r.slug,
            name: r.name,
            kind: r.kind,
            tdp: number(r.tdp_watts),
            tdp_max: number(r.tdp_max_watts),
            memory_gb: number(r.memory_gb),
            source: r.source,
            measurements: r.measurements,
        })
        .collect();
    let status = if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut response = render(&AdminPage {
        layout,
        devices,
        kinds: energy_model::DeviceKind::ALL
            .iter()
            .map(|k| (k.slug(), t(lang, crate::web::names::kind_key(*k))))
            .collect(),
        errors,
    })?;
    *response.status_mut() = status;
    Ok(response)
}

pub async fn page(State(state): State<AppState>, Admin(visitor, _): Admin) -> AppResult<Response> {
    page_with(&state, visitor.layout_with_form().await?, Errors::default()).await
}

/// Whether `slug` is a device people added (only those are edited here: the compiled-in
/// tables are corrected at their source).
async fn added_by_people(state: &AppState, slug: &str) -> AppResult<()> {
    if store::added_by_people(&state.db, slug).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Corrects a device's figures (its slug stays, so measurements keep pointing at it).
pub async fn edit(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    CsrfForm { visitor, form }: CsrfForm<AddForm>,
) -> AppResult<Response> {
    visitor.require(Role::Admin)?;
    added_by_people(&state, &slug).await?;
    let device = match form.device(visitor.lang) {
        Ok(d) => d,
        Err(errors) => {
            return page_with(&state, visitor.layout_with_form().await?, errors).await;
        }
    };
    let mut tx = state.db.begin().await?;
    store::correct(&mut tx, &slug, &device).await?;
    catalogue::announce_hardware(&mut tx).await?;
    tx.commit().await?;
    state.hardware.reload(&state.db).await?;
    visitor.flash("flash-hardware-edited").await?;
    Ok(Redirect::to("/admin/hardware").into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MergeForm {
    into: String,
}

/// Merges a device people added into another: its measurements, spellings and name move.
pub async fn merge(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    CsrfForm { visitor, form }: CsrfForm<MergeForm>,
) -> AppResult<Response> {
    visitor.require(Role::Admin)?;
    added_by_people(&state, &slug).await?;
    let into = state
        .hardware
        .now()
        .resolve(form.into.trim())
        .map(|r| r.device.slug.clone())
        .filter(|s| *s != slug && s != UNKNOWN_DEVICE);
    let Some(into) = into else {
        let mut errors = Errors::default();
        errors.add("into", t(visitor.lang, "hardware-map-unknown"));
        return page_with(&state, visitor.layout_with_form().await?, errors).await;
    };
    let mut writer = Writer::begin(&state.db).await?;
    writer.move_device(&slug, &into).await?;
    store::merge(writer.tx(), &slug, &into).await?;
    catalogue::announce_hardware(writer.tx()).await?;
    writer.commit().await?;
    state.hardware.reload(&state.db).await?;
    visitor.flash("flash-hardware-merged").await?;
    Ok(Redirect::to("/admin/hardware").into_response())
}
