//! Open data: a board as CSV and JSON downloads and as `GET /api/v1/leaderboards/{task}`,
//! with the board's filters and reference grid, stable column names and the licence.

use super::http_cache::{etag, http_date, send};
use super::line::co2e_at;
use super::view::View;
use super::view::task_of;
use crate::store::boards::WholePage;
use crate::store::boards::aggregate;
use crate::store::boards::{Entry, SourceFilter};
use crate::web::error::{AppError, AppResult};
use crate::web::i18n::Lang;
use crate::web::session::Visitor;
use crate::web::state::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use energy_model::equivalence::Equivalents;
use energy_model::{Catalogue, Task};
use std::sync::Arc;

/// The licence of the community's measurements, stated on boards and in exports.
pub const LICENCE: &str = "CC BY 4.0 (community measurements, Green AI Hub); published benchmarks keep their own licence (see /sources)";

/// The rows of an export: every line of the view, best first, with stable names.
fn export_rows(
    catalogue: &Catalogue,
    task: Task,
    entries: &[Entry],
    view: &View,
) -> Vec<serde_json::Value> {
    let grid = view.grid_intensity();
    entries
        .iter()
        .map(|e| {
            serde_json::json!({
                "rank": e.rank,
                "model": e.model,
                "model_name": e.model_name,
                "device": e.device,
                "device_name": e.device.as_ref().map(|d| catalogue.get(d).map_or(d.clone(), |d| d.name.clone())),
                "total_params_billions": e.total_params_billions,
                "size_class": Some(e.class()).filter(|c| *c != '?').map(String::from),
                "median": e.median,
                "q1": e.q1,
                "q3": e.q3,
                "count": e.count,
                "contributors": e.contributors,
                "published_count": e.published_count,
                "verified_count": e.verified_count,
                "self_reported_count": (e.count - e.published_count - e.verified_count).max(0),
                "hardware": e.hardware,
                "stars": e.stars,
                "provisional": e.provisional(),
                "j_per_output_token_median": e.j_per_token_median,
                "seconds_per_unit_median": e.seconds_median,
                "co2e_g_own_grids": e.co2e_median,
                "co2e_g_reference_grid": co2e_at(task, e.median, grid),
                "microwave_seconds_per_query": Equivalents::of(task.energy_of_one(e.median)).microwave_seconds,
            })
        })
        .collect()
}

async fn export_entries(
    state: &AppState,
    task: &str,
    query: Option<&str>,
    lang: Lang,
) -> AppResult<(Task, View, Arc<Vec<Entry>>)> {
    let task = task_of(task)?;
    let view = View::parse(query, lang, &state.hardware.now())?;
    let version = state.boards.version(&state.db, task).await?;
    let entries = state
        .boards
        .entries(
            &state.db,
            &state.hardware.now(),
            task,
            &view.filters,
            version,
        )
        .await?;
    Ok((task, view, entries))
}

fn export_json_body(
    catalogue: &Catalogue,
    task: Task,
    view: &View,
    entries: &[Entry],
) -> serde_json::Value {
    serde_json::json!({
        "task": task.slug(),
        "unit": aggregate::column(task),
        "filters": view.filter_pairs().into_iter().collect::<std::collections::BTreeMap<_, _>>(),
        "include_published": view.filters.source != SourceFilter::Community,
        "reference_grid": view.grid,
        "reference_grid_g_per_kwh": view.grid_intensity(),
        "licence": LICENCE,
        "rows": export_rows(catalogue, task, entries, view),
    })
}

/// The board as JSON, with stable field names and its filters applied.
#[utoipa::path(
    get,
    path = "/api/v1/leaderboards/{task}",
    params(
        ("task" = String, Path, description = "Task slug, such as text-generation"),
        ("source" = Option<String>, Query, description = "community, or a published source's slug (default: both)"),
        ("published" = Option<String>, Query, description = "0: community measurements only (same as source=community)"),
        ("hardware" = Option<String>, Query, description = "A device slug; a class of devices (data-centre, consumer, laptop, cpu-class) or all, with a line per model × device; or a kind (gpu, cpu, tpu, soc). Default: the device with the most measurements in the view"),
        ("pool" = Option<String>, Query, description = "1: one line per model, pooling the chosen devices (labelled: not like for like)"),
        ("precision" = Option<String>, Query, description = "fp32, fp16, bf16, fp8, int8, int4, mixed"),
        ("optimisation" = Option<String>, Query, description = "pruning, quantization, distillation, fine-tuning, none"),
        ("method" = Option<String>, Query, description = "nvml, codecarbon, rapl, wall-meter, cloud-report, estimate"),
        ("from" = Option<String>, Query, description = "Measured on or after (YYYY-MM-DD)"),
        ("until" = Option<String>, Query, description = "Measured on or before (YYYY-MM-DD)"),
        ("tier" = Option<String>, Query, description = "verified: only measurements a researcher verified, and published ones; published: published benchmarks only (default: all, with counts per tier)"),
        ("grid" = Option<String>, Query, description = "Reference grid region code (default NL)"),
        ("page" = Option<usize>, Query, description = "Page of lines, from 1 (default 1)"),
        ("per_page" = Option<usize>, Query, description = "Lines per page, 1 to 500 (default 100); the CSV and JSON downloads have every line"),
    ),
    responses(
        (status = 200, description = "{task, unit, filters, include_published, reference_grid, reference_grid_g_per_kwh, licence, total, page, per_page, pages, next (the next page's path, or null), rows: [{rank, model, model_name, device, device_name, total_params_billions, size_class, median, q1, q3, seconds_per_unit_median, j_per_output_token_median, count, contributors, published_count, verified_count, self_reported_count, hardware, stars, provisional, co2e_g_own_grids, co2e_g_reference_grid, microwave_seconds_per_query}]}"),
        (status = 400, description = "A filter value the board does not know"),
        (status = 404, description = "Unknown task"),
        (status = 503, description = "The database is unavailable for a moment")
    )
)]
pub async fn api_board(
    State(state): State<AppState>,
    Path(task): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> AppResult<Response> {
    let task = task_of(&task)?;
    let version = state.boards.version(&state.db, task).await?;
    // Kept whole per version and query, as pages are: a repeat is a lookup.
    let key = format!("api|{}|{}", task.slug(), query.as_deref().unwrap_or(""));
    if let Some(page) = state.boards.anonymous_page(&key, version) {
        return Ok(send(&page, &headers));
    }
    let view = View::parse(query.as_deref(), Lang::En, &state.hardware.now())?;
    let per_page = per_page(query.as_deref())?;
    let entries = state
        .boards
        .entries(
            &state.db,
            &state.hardware.now(),
            task,
            &view.filters,
            version,
        )
        .await?;
    // In pages, as the board is: a client reads a line's neighbours, not the whole board at
    // once (the CSV and JSON downloads have every line).
    let pages = entries.len().div_ceil(per_page).max(1);
    let shown: Vec<Entry> = entries
        .iter()
        .skip((view.page - 1) * per_page)
        .take(per_page)
        .cloned()
        .collect();
    let mut body = export_json_body(&state.hardware.now(), task, &view, &shown);
    body["total"] = entries.len().into();
    body["page"] = view.page.into();
    body["per_page"] = per_page.into();
    body["pages"] = pages.into();
    body["next"] = if view.page < pages {
        format!(
            "/api/v1/leaderboards/{}?{}&per_page={per_page}",
            task.slug(),
            view.query_with(None, Some(view.page + 1))
        )
        .into()
    } else {
        serde_json::Value::Null
    };
    let body = serde_json::to_vec(&body).map_err(|e| AppError::Internal(e.into()))?;
    let page = Arc::new(WholePage::new(
        "application/json",
        body.into(),
        etag(task, version, &key, None),
        http_date(version.changed_at),
    ));
    state.boards.keep_anonymous_page(key, version, page.clone());
    Ok(send(&page, &headers))
}

/// Lines per page of the API's board: `per_page`, 100 unless asked, at most 500.
fn per_page(query: Option<&str>) -> AppResult<usize> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.unwrap_or("")).unwrap_or_default();
    match pairs.iter().find(|(k, _)| k == "per_page") {
        None => Ok(100),
        Some((_, v)) => v
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=500).contains(n))
            .ok_or_else(|| {
                AppError::Invalid(format!(
                    "per_page “{v}” must be a whole number from 1 to 500."
                ))
            }),
    }
}

fn attachment(task: Task, extension: &str, content_type: &'static str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"greenai-{}.{extension}\"",
                    task.slug()
                ),
            ),
        ],
        body,
    )
        .into_response()
}

pub async fn export_json(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(task): Path<String>,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let (task, view, entries) =
        export_entries(&state, &task, query.as_deref(), visitor.lang).await?;
    let body = serde_json::to_vec_pretty(&export_json_body(
        &state.hardware.now(),
        task,
        &view,
        &entries,
    ))
    .map_err(|e| AppError::Internal(e.into()))?;
    Ok(attachment(task, "json", "application/json", body))
}

/// The board as CSV, with the same columns as the JSON (the column list is most of it).
pub async fn export_csv(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(task): Path<String>,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let (task, view, entries) =
        export_entries(&state, &task, query.as_deref(), visitor.lang).await?;
    const COLUMNS: [&str; 26] = [
        "rank",
        "model",
        "model_name",
        "total_params_billions",
        "unit",
        "median",
        "q1",
        "q3",
        "device",
        "device_name",
        "size_class",
        "seconds_per_unit_median",
        "j_per_output_token_median",
        "count",
        "contributors",
        "published_count",
        "verified_count",
        "self_reported_count",
        "hardware",
        "stars",
        "provisional",
        "co2e_g_own_grids",
        "co2e_g_reference_grid",
        "reference_grid",
        "microwave_seconds_per_query",
        "licence",
    ];
    let mut out = csv::Writer::from_writer(Vec::new());
    let csv_error = |e: csv::Error| AppError::Internal(e.into());
    out.write_record(COLUMNS).map_err(csv_error)?;
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::Number(n) => n
            .as_i64()
            .map(|i| i.to_string())
            .or_else(|| n.as_f64().map(|f| f.to_string()))
            .unwrap_or_default(),
        serde_json::Value::String(s) => crate::web::format::csv_cell(s).into_owned(),
        serde_json::Value::Array(items) => items
            .iter()
            .filter_map(|i| i.as_str())
            .collect::<Vec<_>>()
            .join(";"),
        other => other.to_string(),
    };
    for row in export_rows(&state.hardware.now(), task, &entries, &view) {
        let record: Vec<String> = COLUMNS
            .iter()
            .map(|c| match *c {
                "unit" => aggregate::column(task).to_string(),
                "reference_grid" => view.grid.clone(),
                "licence" => LICENCE.to_string(),
                c => text(&row[c]),
            })
            .collect();
        out.write_record(&record).map_err(csv_error)?;
    }
    let body = out
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    Ok(attachment(task, "csv", "text/csv; charset=utf-8", body))
}
