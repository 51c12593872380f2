//! Leaderboards: one board per task, ranking models by the median energy per functional
//! unit over verified measurements. Boards read `board_entries`, which every change of a
//! measurement's standing keeps current in its own transaction; filtered views are computed
//! from the task's verified measurements. Both are cached per board version, which is also
//! the ETag.

pub mod view;

use crate::store::boards::aggregate;

use crate::store::boards::lines::observations;
use crate::store::boards::{Entry, SourceFilter, Version, WholePage};
use crate::store::catalogue::{HARDWARE, REGIONS};
use crate::web::charts;
use crate::web::error::{AppError, AppResult};
use crate::web::i18n::{Lang, figure, t, tf};
use crate::web::layout::Layout;
use crate::web::session::Visitor;
use crate::web::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use energy_model::equivalence::Equivalents;
use energy_model::hardware::DeviceKind;
use energy_model::validation::{Method, Optimisation, Precision};
use energy_model::{Energy, FunctionalUnit, Task};
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use view::{PAGE_SIZE, Sort, View, sorted, unit_label};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/leaderboards", get(index))
        .route("/leaderboards/{task}", get(board))
        .route("/leaderboards/{task}/compare", get(compare))
        .route("/leaderboards/{task}/export.csv", get(export_csv))
        .route("/leaderboards/{task}/export.json", get(export_json))
        .route("/api/v1/leaderboards/{task}", get(api_board))
}

/// The licence of the community's measurements, stated on boards and in exports.
pub const LICENCE: &str = "CC BY 4.0 (community measurements, Green AI Hub); published benchmarks keep their own licence (see /sources)";

fn task_of(slug: &str) -> AppResult<Task> {
    Task::from_slug(slug)
        .filter(|t| t.slug() == slug)
        .ok_or(AppError::NotFound)
}

/// Energy of one query (or run) at a line's median, for the microwave comparison.
fn per_query(task: Task, median: f64) -> Energy {
    match task.functional_unit() {
        FunctionalUnit::PerRun => Energy::from_kwh(median),
        FunctionalUnit::PerThousandQueries => Energy::from_wh(median / 1000.0),
    }
}

/// Grams CO2e per functional unit at a grid of `grams_per_kwh`.
fn co2e_at(task: Task, median: f64, grams_per_kwh: f64) -> f64 {
    match task.functional_unit() {
        FunctionalUnit::PerRun => median * grams_per_kwh,
        FunctionalUnit::PerThousandQueries => median / 1000.0 * grams_per_kwh,
    }
}

/// One line of a board as a page shows it.
pub struct Line {
    pub rank: usize,
    pub slug: String,
    pub name: String,
    pub params: String,
    pub median: String,
    pub iqr: String,
    pub j_per_token: String,
    pub count: i32,
    pub contributors: i32,
    pub published_count: i32,
    pub hardware: String,
    pub stars: u8,
    pub provisional: bool,
    pub co2e_own: String,
    pub co2e_reference: String,
    pub microwave: String,
}

fn line(task: Task, e: &Entry, view: &View, lang: Lang) -> Line {
    Line {
        rank: e.rank,
        slug: e.model.clone(),
        name: e.model_name.clone(),
        params: e
            .total_params_billions
            .map(|p| crate::web::format::billions(p, lang))
            .unwrap_or_default(),
        median: figure(e.median, lang),
        iqr: format!("{} – {}", figure(e.q1, lang), figure(e.q3, lang)),
        j_per_token: e
            .j_per_token_median
            .map(|j| figure(j, lang))
            .unwrap_or_default(),
        count: e.count,
        contributors: e.contributors,
        published_count: e.published_count,
        hardware: e
            .hardware
            .iter()
            .map(|slug| {
                HARDWARE
                    .get(slug)
                    .map_or(slug.as_str(), |d| d.name.as_str())
            })
            .collect::<Vec<_>>()
            .join(", "),
        stars: e.stars,
        provisional: e.provisional(),
        co2e_own: e.co2e_median.map(|c| figure(c, lang)).unwrap_or_default(),
        co2e_reference: figure(co2e_at(task, e.median, view.grid_intensity()), lang),
        microwave: figure(
            Equivalents::of(per_query(task, e.median)).microwave_seconds,
            lang,
        ),
    }
}

/// A choice in a filter's select.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

fn choices<'a>(
    current: Option<&str>,
    options: impl IntoIterator<Item = (&'a str, String)>,
) -> Vec<Choice> {
    options
        .into_iter()
        .map(|(value, label)| Choice {
            selected: current == Some(value),
            value: value.to_string(),
            label,
        })
        .collect()
}

/// A sortable column header: its label and the link that sorts by it.
pub struct Header {
    pub label: &'static str,
    pub href: String,
    /// `ascending`, `descending` or `none`, for aria-sort.
    pub aria: &'static str,
}

#[derive(Template)]
#[template(path = "leaderboards/content.html")]
struct Content<'a> {
    lang: Lang,
    task_slug: &'static str,
    unit: &'static str,
    view: &'a View,
    lines: Vec<Line>,
    total: usize,
    pages: Vec<(usize, String, bool)>,
    headers: Vec<(Sort, Header)>,
    sources: Vec<Choice>,
    hardware: Vec<Choice>,
    precisions: Vec<Choice>,
    optimisations: Vec<Choice>,
    methods: Vec<Choice>,
    grids: Vec<Choice>,
    grid_name: String,
    exports: String,
    chart_ranges: String,
    chart_scatter: String,
    per_run: bool,
    licence: &'static str,
}

impl Content<'_> {
    fn t(&self, key: &str) -> &'static str {
        t(self.lang, key)
    }

    fn header(&self, sort: Sort) -> Option<&Header> {
        self.headers
            .iter()
            .find(|(s, _)| *s == sort)
            .map(|(_, h)| h)
    }

    fn from(&self) -> String {
        self.view
            .filters
            .from
            .map(|d| d.to_string())
            .unwrap_or_default()
    }

    fn until(&self) -> String {
        self.view
            .filters
            .until
            .map(|d| d.to_string())
            .unwrap_or_default()
    }
}

#[derive(Template)]
#[template(path = "leaderboards/board.html")]
struct BoardPage {
    layout: Layout,
    task_name: &'static str,
    content: Arc<String>,
}

/// A weak ETag for one rendering of a board: its version, the view, the language and who
/// asks (a signed-in page carries a name and a form token).
fn etag(task: Task, version: Version, key: &str, layout: &Layout) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut h);
    layout.user.as_ref().map(|u| &u.0).hash(&mut h);
    layout.csrf.hash(&mut h);
    format!("W/\"{}-{}-{:x}\"", task.slug(), version.number, h.finish())
}

fn http_date(at: time::OffsetDateTime) -> String {
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    at.to_offset(time::UtcOffset::UTC)
        .format(&format)
        .unwrap_or_default()
}

/// Whether the client's copy is current: If-None-Match when sent, otherwise
/// If-Modified-Since (to the second).
fn not_modified(headers: &HeaderMap, etag: &str, last_modified: &str) -> bool {
    if let Some(tags) = headers.get(header::IF_NONE_MATCH) {
        return tags
            .to_str()
            .map(|s| s.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
            .unwrap_or(false);
    }
    headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|since| since == last_modified)
}

/// Caching headers of a board response.
fn cache_headers(response: &mut Response, etag: &str, last_modified: &str, signed_in: bool) {
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(etag) {
        headers.insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(last_modified) {
        headers.insert(header::LAST_MODIFIED, v);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if signed_in {
            "private, no-cache"
        } else {
            "public, max-age=60"
        }),
    );
    headers.insert(
        header::VARY,
        HeaderValue::from_static("Cookie, Accept-Language, Accept-Encoding"),
    );
}

async fn board(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(task): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> AppResult<Response> {
    let task = task_of(&task)?;
    let lang = visitor.lang;
    let version = state.boards.version(&state.db, task).await?;
    // Anonymous visitors all get the same page for a path: kept whole, plain and gzipped,
    // with its validators, so a repeat asks for no more than this lookup.
    let anonymous = visitor.user.is_none() && !visitor.has_flash();
    let page_key = format!("{}|{}", lang.code(), visitor.path);
    if anonymous && let Some(page) = state.boards.anonymous_page(&page_key, version) {
        return Ok(send(&page, &headers));
    }
    let view = View::parse(query.as_deref(), lang)?;
    let layout = visitor.layout().await?;
    let key = format!(
        "{}|{}|{}",
        task.slug(),
        lang.code(),
        view.query_with(None, None)
    );
    let etag = etag(task, version, &key, &layout);
    let last_modified = http_date(version.changed_at);
    let signed_in = layout.user.is_some();
    if not_modified(&headers, &etag, &last_modified) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        cache_headers(&mut response, &etag, &last_modified, signed_in);
        return Ok(response);
    }
    let content = match state.boards.page(&key, version) {
        Some(content) => content,
        None => {
            let content = Arc::new(content(&state, task, &view, version, lang).await?);
            state.boards.keep_page(key, version, content.clone());
            content
        }
    };
    let page = BoardPage {
        layout,
        task_name: task.name(lang),
        content,
    };
    let html = axum::body::Bytes::from(page.render()?);
    if anonymous {
        let page = Arc::new(WholePage::new(html, etag, last_modified));
        state
            .boards
            .keep_anonymous_page(page_key, version, page.clone());
        return Ok(send(&page, &headers));
    }
    let mut response = Html(html).into_response();
    cache_headers(&mut response, &etag, &last_modified, signed_in);
    Ok(response)
}

/// Whether the client takes gzip (`Accept-Encoding: gzip`, not `gzip;q=0`).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            parts.next().is_some_and(|c| c.eq_ignore_ascii_case("gzip"))
                && parts.all(|p| {
                    !matches!(
                        p.replace(' ', "").as_str(),
                        "q=0" | "q=0.0" | "q=0.00" | "q=0.000"
                    )
                })
        })
}

/// An anonymous visitor's copy of a kept page: 304 when theirs is current, else gzipped
/// when the client takes it.
fn send(page: &WholePage, headers: &HeaderMap) -> Response {
    let mut response = if not_modified(headers, &page.etag, &page.last_modified) {
        StatusCode::NOT_MODIFIED.into_response()
    } else if accepts_gzip(headers) {
        let mut r = Html(page.gzip.clone()).into_response();
        r.headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        r
    } else {
        Html(page.plain.clone()).into_response()
    };
    cache_headers(&mut response, &page.etag, &page.last_modified, false);
    response
}

/// The board's main part, the same for every visitor in a language.
async fn content(
    state: &AppState,
    task: Task,
    view: &View,
    version: Version,
    lang: Lang,
) -> AppResult<String> {
    let entries = state
        .boards
        .entries(&state.db, task, &view.filters, version)
        .await?;
    let all = sorted(&entries, view);
    let total = all.len();
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = view.page.min(pages);
    let first = (page - 1) * PAGE_SIZE;
    let shown: Vec<&Entry> = all.iter().skip(first).take(PAGE_SIZE).collect();
    let unit = unit_label(task, lang);
    let per_run = task.functional_unit() == FunctionalUnit::PerRun;
    let headers = Sort::ALL
        .iter()
        .map(|s| {
            let active = view.sort == *s;
            let descending = active && !view.descending;
            (
                *s,
                Header {
                    label: t(lang, &format!("boards-sort-{}", s.slug())),
                    href: format!("?{}", view.query_with(Some((*s, descending)), Some(1))),
                    aria: match (active, view.descending) {
                        (false, _) => "none",
                        (true, false) => "ascending",
                        (true, true) => "descending",
                    },
                },
            )
        })
        .collect();
    let sources: Vec<(String, String)> =
        sqlx::query_as("select slug, name from data_sources order by name")
            .fetch_all(&state.db)
            .await?;
    let current_source = match &view.filters.source {
        SourceFilter::All => None,
        SourceFilter::Community => Some("community"),
        SourceFilter::Published(s) => Some(s.as_str()),
    };
    let mut source_options = vec![("community", t(lang, "boards-source-community").to_string())];
    source_options.extend(
        sources
            .iter()
            .map(|(slug, name)| (slug.as_str(), name.clone())),
    );
    let current_hardware = view
        .filter_pairs()
        .into_iter()
        .find(|p| p.0 == "hardware")
        .map(|p| p.1);
    let mut devices: Vec<&str> = entries
        .iter()
        .flat_map(|e| e.hardware.iter().map(String::as_str))
        .collect();
    if let Some(h) = current_hardware.as_deref() {
        devices.push(h);
    }
    devices.sort();
    devices.dedup();
    let mut hardware_options: Vec<(&str, String)> = DeviceKind::ALL
        .iter()
        .map(|k| {
            (
                k.slug(),
                t(lang, &format!("boards-kind-{}", k.slug())).to_string(),
            )
        })
        .collect();
    hardware_options.extend(devices.into_iter().filter_map(|slug| {
        HARDWARE
            .get(slug)
            .map(|d| (d.slug.as_str(), d.name.clone()))
    }));
    let grids = choices(
        Some(view.grid.as_str()),
        REGIONS
            .regions()
            .iter()
            .map(|r| (r.code.as_str(), r.display_name())),
    );
    let grid_name = REGIONS
        .lookup(&view.grid)
        .map(|r| r.display_name())
        .unwrap_or_default();
    let rows: Vec<(String, f64, f64, f64)> = shown
        .iter()
        .map(|e| (e.model_name.clone(), e.q1, e.median, e.q3))
        .collect();
    let chart_ranges = charts::ranges(
        "board-ranges",
        &tf(lang, "chart-ranges-title", &[("task", task.name(lang))]),
        t(lang, "chart-ranges-desc"),
        unit,
        &rows,
        lang,
    );
    let points: Vec<(String, f64, f64)> = shown
        .iter()
        .filter_map(|e| {
            e.total_params_billions
                .map(|p| (e.model_name.clone(), p, e.median))
        })
        .collect();
    let chart_scatter = if points.len() >= 2 {
        charts::scatter(
            "board-scatter",
            t(lang, "chart-scatter-title"),
            t(lang, "chart-scatter-desc"),
            t(lang, "chart-params-axis"),
            unit,
            &points,
            lang,
        )
    } else {
        String::new()
    };
    let filter_query = view.filter_query();
    let content = Content {
        lang,
        task_slug: task.slug(),
        unit,
        view,
        lines: shown.iter().map(|e| line(task, e, view, lang)).collect(),
        total,
        pages: (1..=pages)
            .map(|p| (p, format!("?{}", view.query_with(None, Some(p))), p == page))
            .collect(),
        headers,
        sources: choices(
            current_source,
            source_options.iter().map(|(v, l)| (*v, l.clone())),
        ),
        hardware: choices(current_hardware.as_deref(), hardware_options),
        precisions: choices(
            view.filters.precision.map(|p| p.slug()),
            Precision::ALL
                .iter()
                .map(|p| (p.slug(), p.name(lang).to_string())),
        ),
        optimisations: choices(
            view.filters.optimisation.map(|o| o.slug()),
            Optimisation::ALL
                .iter()
                .map(|o| (o.slug(), o.name(lang).to_string())),
        ),
        methods: choices(
            view.filters.method.map(|m| m.slug()),
            Method::ALL
                .iter()
                .map(|m| (m.slug(), m.name(lang).to_string())),
        ),
        grids,
        grid_name,
        exports: if filter_query.is_empty() {
            String::new()
        } else {
            format!("?{filter_query}")
        },
        chart_ranges,
        chart_scatter,
        per_run,
        licence: LICENCE,
    };
    Ok(content.render()?)
}

#[derive(Template)]
#[template(path = "leaderboards/compare.html")]
struct Compare {
    layout: Layout,
    task_name: &'static str,
    unit: &'static str,
    back: String,
    lines: Vec<Line>,
    chart: String,
}

/// 2 to 4 models of one board side by side, with every measurement of each.
async fn compare(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(task): Path<String>,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let task = task_of(&task)?;
    let lang = visitor.lang;
    let view = View::parse(query.as_deref(), lang)?;
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.as_deref().unwrap_or("")).unwrap_or_default();
    let mut wanted: Vec<String> = Vec::new();
    for (k, v) in pairs {
        if k == "m" && !wanted.contains(&v) {
            wanted.push(v);
        }
    }
    if !(2..=4).contains(&wanted.len()) {
        return Err(AppError::Invalid(t(lang, "compare-pick").to_string()));
    }
    let version = state.boards.version(&state.db, task).await?;
    let entries = state
        .boards
        .entries(&state.db, task, &view.filters, version)
        .await?;
    let chosen: Vec<&Entry> = wanted
        .iter()
        .filter_map(|slug| entries.iter().find(|e| &e.model == slug))
        .collect();
    if chosen.len() != wanted.len() {
        return Err(AppError::Invalid(t(lang, "compare-unknown").to_string()));
    }
    let values = observations(&state.db, task, &view.filters, Some(&wanted)).await?;
    let groups: Vec<(String, Vec<(f64, bool)>)> = chosen
        .iter()
        .map(|e| {
            (
                e.model_name.clone(),
                values
                    .iter()
                    .filter(|(m, _)| m.slug == e.model)
                    .map(|(_, o)| (o.value, o.published))
                    .collect(),
            )
        })
        .collect();
    let unit = unit_label(task, lang);
    let chart = charts::strip(
        "compare-strip",
        &tf(lang, "chart-strip-title", &[("task", task.name(lang))]),
        t(lang, "chart-strip-desc"),
        unit,
        &groups,
        lang,
    );
    let page = Compare {
        layout: visitor.layout().await?,
        task_name: task.name(lang),
        unit,
        back: format!(
            "/leaderboards/{}?{}",
            task.slug(),
            view.query_with(None, None)
        ),
        lines: chosen.iter().map(|e| line(task, e, &view, lang)).collect(),
        chart,
    };
    Ok(Html(page.render()?).into_response())
}

/// The rows of an export: every line of the view, best first, with stable names.
fn export_rows(task: Task, entries: &[Entry], view: &View) -> Vec<serde_json::Value> {
    let grid = view.grid_intensity();
    entries
        .iter()
        .map(|e| {
            serde_json::json!({
                "rank": e.rank,
                "model": e.model,
                "model_name": e.model_name,
                "total_params_billions": e.total_params_billions,
                "median": e.median,
                "q1": e.q1,
                "q3": e.q3,
                "count": e.count,
                "contributors": e.contributors,
                "published_count": e.published_count,
                "hardware": e.hardware,
                "stars": e.stars,
                "provisional": e.provisional(),
                "j_per_output_token_median": e.j_per_token_median,
                "co2e_g_own_grids": e.co2e_median,
                "co2e_g_reference_grid": co2e_at(task, e.median, grid),
                "microwave_seconds_per_query": Equivalents::of(per_query(task, e.median)).microwave_seconds,
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
    let view = View::parse(query, lang)?;
    let version = state.boards.version(&state.db, task).await?;
    let entries = state
        .boards
        .entries(&state.db, task, &view.filters, version)
        .await?;
    Ok((task, view, entries))
}

fn export_json_body(task: Task, view: &View, entries: &[Entry]) -> serde_json::Value {
    serde_json::json!({
        "task": task.slug(),
        "unit": aggregate::column(task),
        "filters": view.filter_pairs().into_iter().collect::<std::collections::BTreeMap<_, _>>(),
        "include_published": view.filters.source != SourceFilter::Community,
        "reference_grid": view.grid,
        "reference_grid_g_per_kwh": view.grid_intensity(),
        "licence": LICENCE,
        "rows": export_rows(task, entries, view),
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
        ("hardware" = Option<String>, Query, description = "gpu, cpu, tpu, soc, or a device slug"),
        ("precision" = Option<String>, Query, description = "fp32, fp16, bf16, fp8, int8, int4, mixed"),
        ("optimisation" = Option<String>, Query, description = "pruning, quantization, distillation, fine-tuning, none"),
        ("method" = Option<String>, Query, description = "nvml, codecarbon, rapl, wall-meter, cloud-report, estimate"),
        ("from" = Option<String>, Query, description = "Measured on or after (YYYY-MM-DD)"),
        ("until" = Option<String>, Query, description = "Measured on or before (YYYY-MM-DD)"),
        ("grid" = Option<String>, Query, description = "Reference grid region code (default NL)"),
    ),
    responses(
        (status = 200, description = "{task, unit, filters, include_published, reference_grid, reference_grid_g_per_kwh, licence, rows: [{rank, model, model_name, total_params_billions, median, q1, q3, j_per_output_token_median, count, contributors, published_count, hardware, stars, provisional, co2e_g_own_grids, co2e_g_reference_grid, microwave_seconds_per_query}]}"),
        (status = 400, description = "A filter value the board does not know"),
        (status = 404, description = "Unknown task")
    )
)]
pub async fn api_board(
    State(state): State<AppState>,
    Path(task): Path<String>,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let (task, view, entries) = export_entries(&state, &task, query.as_deref(), Lang::En).await?;
    Ok(axum::Json(export_json_body(task, &view, &entries)).into_response())
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

async fn export_json(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(task): Path<String>,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let (task, view, entries) =
        export_entries(&state, &task, query.as_deref(), visitor.lang).await?;
    let body = serde_json::to_vec_pretty(&export_json_body(task, &view, &entries))
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(attachment(task, "json", "application/json", body))
}

/// The board as CSV, with the same columns as the JSON.
async fn export_csv(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(task): Path<String>,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let (task, view, entries) =
        export_entries(&state, &task, query.as_deref(), visitor.lang).await?;
    const COLUMNS: [&str; 20] = [
        "rank",
        "model",
        "model_name",
        "total_params_billions",
        "unit",
        "median",
        "q1",
        "q3",
        "j_per_output_token_median",
        "count",
        "contributors",
        "published_count",
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
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items
            .iter()
            .filter_map(|i| i.as_str())
            .collect::<Vec<_>>()
            .join(";"),
        other => other.to_string(),
    };
    for row in export_rows(task, &entries, &view) {
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

#[derive(Template)]
#[template(path = "leaderboards/index.html")]
struct Index {
    layout: Layout,
    tasks: Vec<(&'static str, &'static str, i64)>,
}

async fn index(State(state): State<AppState>, visitor: Visitor) -> AppResult<Response> {
    let counts: Vec<(String, i64)> = sqlx::query_as(
        "select task, count(*) from board_entries where include_published group by task",
    )
    .fetch_all(&state.db)
    .await?;
    let tasks = Task::ALL
        .iter()
        .map(|t| {
            let n = counts
                .iter()
                .find(|(s, _)| s == t.slug())
                .map_or(0, |(_, n)| *n);
            (t.slug(), t.name(visitor.lang), n)
        })
        .collect();
    crate::web::layout::render(&Index {
        layout: visitor.layout().await?,
        tasks,
    })
}
