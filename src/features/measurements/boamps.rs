//! BoAmps reports (Boavizta's format 1.1.0) of the platform's measurements: one measurement
//! at `/measurements/{id}/boamps.json` (whoever may see its page), and a search of the
//! published ones at `GET /api/v1/measurements?format=boamps` (a JSON list of reports, with
//! the list's filters and cursor).

use super::store::{self, MeasurementOut, Row};
use crate::store::states::{Status, Tier};
use crate::web::error::{AppError, AppResult};
use crate::web::session::{Role, Visitor};
use crate::web::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use energy_model::formats::boamps::{self, Measured, Report};
use energy_model::hardware::DeviceKind;
use energy_model::submission::Details;
use energy_model::{Catalogue, Task};
use uuid::Uuid;

/// Who writes the reports.
const PUBLISHER: &str = "Green AI Hub";

/// The time a report is written, as BoAmps writes times.
fn now() -> String {
    let now = time::OffsetDateTime::now_utc();
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    now.format(&format).unwrap_or_default()
}

fn kind_of(catalogue: &Catalogue, slug: &str) -> DeviceKind {
    catalogue
        .get(slug)
        .map(|d| d.kind)
        .unwrap_or(DeviceKind::Gpu)
}

/// A stored measurement's report.
fn of_row(row: &Row, catalogue: &Catalogue) -> Option<Report> {
    let task = Task::from_slug(&row.task)?;
    let details = Details::from_json(&row.details);
    let id = row.id.to_string();
    Some(boamps::report(&Measured {
        id: &id,
        written_at: now(),
        publisher: PUBLISHER,
        model: &row.model_name,
        model_uri: None,
        params_billions: None,
        task,
        queries: row.queries.map(|q| q as u64),
        output_tokens: row.output_tokens.map(|t| t as u64),
        energy_kwh: row.energy_j / 3.6e6,
        duration_s: row.duration_s,
        method: &row.method,
        tool_version: details.tool_version.as_deref(),
        measured_on: row.measured_on.to_string(),
        device: &row.hardware_name,
        device_kind: kind_of(catalogue, &row.hardware_slug),
        device_count: row.device_count.max(1) as u32,
        country: row.region_code.as_deref(),
        grid_intensity: row.grid_intensity,
        precision: row.precision.as_deref(),
        checked: row.tier != Tier::SelfReported,
    }))
}

/// A published measurement's report, as the API's list reads it.
pub fn of_published(m: &MeasurementOut, catalogue: &Catalogue) -> Option<Report> {
    let task = Task::from_slug(&m.task)?;
    let id = m.id.to_string();
    let device = catalogue.get(&m.hardware).map(|d| d.name.as_str());
    Some(boamps::report(&Measured {
        id: &id,
        written_at: now(),
        publisher: PUBLISHER,
        model: &m.model_name,
        model_uri: None,
        params_billions: None,
        task,
        queries: m.queries.map(|q| q as u64),
        output_tokens: m.output_tokens.map(|t| t as u64),
        energy_kwh: m.energy_j / 3.6e6,
        duration_s: m.duration_s,
        method: &m.method,
        tool_version: None,
        measured_on: m.measured_on.to_string(),
        device: device.unwrap_or(&m.hardware),
        device_kind: kind_of(catalogue, &m.hardware),
        device_count: m.device_count.max(1) as u32,
        country: m.region.as_deref(),
        grid_intensity: None,
        precision: m.precision.as_deref(),
        checked: m.tier != Tier::SelfReported,
    }))
}

/// `GET /measurements/{id}/boamps.json`: the report, for whoever may see the measurement.
#[utoipa::path(
    get,
    path = "/measurements/{id}/boamps.json",
    params(("id" = Uuid, Path, description = "The measurement")),
    responses(
        (status = 200, description = "A BoAmps 1.1.0 report (Boavizta) of the measurement"),
        (status = 404, description = "No such measurement, or not one the visitor may see"),
    )
)]
pub async fn report(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let row = store::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let may_see = row.status == Status::Verified
        || visitor
            .user
            .as_ref()
            .is_some_and(|u| Some(u.id) == row.submitter_id || u.role >= Role::Researcher);
    if !may_see {
        return Err(AppError::NotFound);
    }
    let report = of_row(&row, &state.hardware.now()).ok_or(AppError::NotFound)?;
    let disposition = format!("attachment; filename=\"measurement-{id}.boamps.json\"");
    Ok((
        [
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, max-age=60".to_string()),
        ],
        Json(report),
    )
        .into_response())
}
