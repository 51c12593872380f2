//! The catalogue of AI models: every model the platform knows, with the names it goes by
//! and the published sources that mention it.

use crate::features::leaderboards::view::unit_label;
use crate::store::boards::{Filters, HardwareFilter};
use crate::web::charts::{STRIP_DOTS, StripRow, strip_axis};
use crate::web::error::AppResult;
use crate::web::i18n::{Lang, figure, tf};
use crate::web::layout::{Layout, render};
use crate::web::session::Visitor;
use crate::web::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use energy_model::stats::log_bin_range;
use energy_model::{Catalogue, Task};
use std::collections::HashMap;
use std::sync::Arc;

mod store;

pub use store::ModelRow;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/models", get(index))
        .route("/models/{slug}", get(page))
}

impl ModelRow {
    /// "235 B (22 B active)" or "8 B"; empty when unknown.
    pub fn params(&self, lang: &Lang) -> String {
        let b = |v: f64| crate::web::format::billions(v, *lang);
        match (self.total_params_billions, self.active_params_billions) {
            (Some(t), Some(a)) if (t - a).abs() > 1e-9 => tf(
                *lang,
                "models-params-active",
                &[("total", &b(t)), ("active", &b(a))],
            ),
            (Some(t), _) => b(t),
            _ => String::new(),
        }
    }
}

#[derive(Template)]
#[template(path = "models/index.html")]
struct Index {
    layout: Layout,
    models: Vec<ModelRow>,
}

async fn index(State(state): State<AppState>, visitor: Visitor) -> AppResult<Response> {
    let models = store::approved(&state.db).await?;
    render(&Index {
        layout: visitor.layout().await?,
        models,
    })
}

/// One task's part of a model page.
struct TaskPart {
    /// Some device has more measurements than the strip plot draws one by one.
    binned: bool,
    slug: &'static str,
    name: &'static str,
    unit: &'static str,
    median: String,
    iqr: String,
    count: usize,
    /// A line per device, as its board has it.
    hardware: Vec<DeviceLine>,
    chart: String,
}

/// The model's line on one device: its figures and its place among the lines of that device
/// (boards compare like with like).
struct DeviceLine {
    name: String,
    /// The device's slug, for the link to its board.
    slug: String,
    count: usize,
    median: String,
    iqr: String,
    /// Rank on the device's board (with published benchmarks), of how many, and stars.
    rank: Option<(usize, usize, u8)>,
}

/// A measurement in the model's list.
struct Listed {
    id: uuid::Uuid,
    measured_on: time::Date,
    task: &'static str,
    hardware: String,
    value: String,
    unit: &'static str,
    method: &'static str,
    published: bool,
}

#[derive(Template)]
#[template(path = "models/page.html")]
struct Page {
    layout: Layout,
    model: ModelRow,
    /// The model's link, when it is a web address.
    link: Option<String>,
    /// Published insights that link the model: id, title, language.
    insights: Vec<(uuid::Uuid, String, String)>,
    /// The figures part ([`Figures`]), rendered once per board version and kept.
    figures: Arc<String>,
}

/// What a model page says of its measurements: a part per task and the list. Its figures are
/// aggregates over every verified measurement of the model, so it is kept per version of the
/// boards, like a board's content.
#[derive(Template)]
#[template(path = "models/figures.html")]
struct Figures {
    lang: Lang,
    tasks: Vec<TaskPart>,
    listed: Vec<Listed>,
    total: usize,
    /// Pages of the list: number and whether it is the one shown.
    pages: Vec<(usize, bool)>,
}

impl Figures {
    fn t(&self, key: &str) -> &'static str {
        crate::web::i18n::t(self.lang, key)
    }

    fn tn(&self, key: &str, count: usize) -> String {
        crate::web::i18n::tn(self.lang, key, count, &[])
    }
}

/// How many measurements a page of a model's list holds (newest first).
const LISTED: usize = 100;

#[derive(serde::Deserialize)]
struct PageQuery {
    /// Read leniently: a page that is not a number shows the first.
    page: Option<String>,
}

async fn page(
    State(state): State<AppState>,
    visitor: Visitor,
    axum::extract::Path(slug): axum::extract::Path<String>,
    axum::extract::Query(query): axum::extract::Query<PageQuery>,
) -> AppResult<Response> {
    let lang = visitor.lang;
    let model = store::approved_by_slug(&state.db, &slug)
        .await?
        .ok_or(crate::web::error::AppError::NotFound)?;
    let list_page = query
        .page
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, 2000);
    let version = state.boards.version_of_all(&state.db).await?;
    let key = format!("model|{}|{}|{list_page}", model.slug, lang.code());
    let figures = match state.boards.page(&key, version) {
        Some(figures) => figures,
        None => {
            let figures = Arc::new(figures(&state, &model, list_page, lang).await?);
            state.boards.keep_page(key, version, figures.clone());
            figures
        }
    };
    render(&Page {
        layout: visitor.layout().await?,
        link: model
            .link
            .clone()
            .filter(|l| l.starts_with("https://") || l.starts_with("http://")),
        insights: crate::features::insights::store::of_model(&state.db, model.id).await?,
        model,
        figures,
    })
}

/// Reads a model's kept figures and renders their part of its page.
async fn figures(
    state: &AppState,
    model: &ModelRow,
    list_page: usize,
    lang: Lang,
) -> AppResult<String> {
    let catalogue = state.hardware.now();
    let summaries = store::per_task(&state.db, model.id).await?;
    let lines = store::lines(&state.db, model.id).await?;
    let mut strips = strip_rows(&state.db, model.id, &lines).await?;
    let mut tasks = Vec::new();
    for summary in &summaries {
        let Some(task) = Task::from_slug(&summary.task) else {
            continue;
        };
        let of_task: Vec<&store::Line> = lines.iter().filter(|l| l.task == summary.task).collect();
        let mut hardware: Vec<DeviceLine> = of_task
            .iter()
            .map(|l| {
                let (median, iqr) = median_and_iqr(l.median, l.q1, l.q3, lang);
                DeviceLine {
                    name: hardware_name(&catalogue, &l.device),
                    slug: l.device.clone(),
                    count: l.count.max(0) as usize,
                    median,
                    iqr,
                    rank: None,
                }
            })
            .collect();
        rank(state, &catalogue, task, model, &mut hardware).await?;
        let unit = unit_label(task, lang);
        let (median, iqr) = median_and_iqr(summary.median, summary.q1, summary.q3, lang);
        let rows = strips.remove(&summary.task).unwrap_or_default();
        let chart = match rows.axis {
            Some(axis) => crate::web::charts::strip_rows(
                &format!("strip-{}", task.slug()),
                &tf(lang, "chart-strip-title", &[("task", task.name(lang))]),
                &tf(lang, "model-strip-desc", &[("model", &model.name)]),
                unit,
                axis,
                &rows
                    .rows
                    .into_iter()
                    .map(|(device, row)| (hardware_name(&catalogue, &device), row))
                    .collect::<Vec<_>>(),
                lang,
            ),
            None => String::new(),
        };
        tasks.push(TaskPart {
            binned: of_task.iter().any(|l| l.count as usize > STRIP_DOTS),
            slug: task.slug(),
            name: task.name(lang),
            unit,
            median,
            iqr,
            count: summary.count.max(0) as usize,
            hardware,
            chart,
        });
    }
    let total: usize = lines.iter().map(|l| l.count.max(0) as usize).sum();
    let pages = total.div_ceil(LISTED).max(1);
    let list_page = list_page.min(pages);
    let listed = store::listed(
        &state.db,
        model.id,
        ((list_page - 1) * LISTED) as i64,
        LISTED as i64,
    )
    .await?;
    Ok(Figures {
        lang,
        tasks,
        listed: listed
            .into_iter()
            .filter_map(|r| {
                let task = Task::from_slug(&r.task)?;
                Some(Listed {
                    id: r.id,
                    measured_on: r.measured_on,
                    task: task.name(lang),
                    hardware: hardware_name(&catalogue, &r.hardware_slug),
                    value: figure(r.value, lang),
                    unit: unit_label(task, lang),
                    method: energy_model::validation::Method::parse(&r.method)
                        .map_or("", |m| m.name(lang)),
                    published: r.published,
                })
            })
            .collect(),
        total,
        pages: (1..=pages).map(|p| (p, p == list_page)).collect(),
    }
    .render()?)
}

/// Each line's place among the lines of its device on the task's board (boards compare like
/// with like): rank, of how many, and stars.
async fn rank(
    state: &AppState,
    catalogue: &Catalogue,
    task: Task,
    model: &ModelRow,
    lines: &mut [DeviceLine],
) -> AppResult<()> {
    let version = state.boards.version(&state.db, task).await?;
    let every_device = Filters {
        hardware: Some(HardwareFilter::All),
        ..Filters::default()
    };
    let board = state
        .boards
        .entries(&state.db, catalogue, task, &every_device, version)
        .await?;
    for line in lines {
        let on_device: Vec<_> = board
            .iter()
            .filter(|e| e.device.as_deref() == Some(line.slug.as_str()))
            .collect();
        line.rank = on_device
            .iter()
            .position(|e| e.model == model.slug)
            .map(|i| (i + 1, on_device.len(), on_device[i].stars));
    }
    Ok(())
}

/// A task's strip plot: its axis, and a row per device (by slug), dotted or binned.
#[derive(Default)]
struct TaskStrips {
    axis: Option<(f64, f64)>,
    rows: Vec<(String, StripRow)>,
}

/// The strip plots of every task: a line with at most [`STRIP_DOTS`] figures is drawn dot
/// by dot (its measurements read by index), a larger one from the histogram its board line
/// keeps.
async fn strip_rows(
    db: &sqlx::PgPool,
    model: i64,
    lines: &[store::Line],
) -> AppResult<HashMap<String, TaskStrips>> {
    let mut axes: HashMap<&str, (f64, f64)> = HashMap::new();
    for l in lines.iter().filter(|l| l.min > 0.0 && l.max.is_finite()) {
        let axis = axes.entry(l.task.as_str()).or_insert((l.min, l.max));
        *axis = (axis.0.min(l.min), axis.1.max(l.max));
    }
    let axes: HashMap<&str, (f64, f64)> = axes
        .into_iter()
        .filter_map(|(task, (lo, hi))| Some((task, strip_axis(lo, hi)?)))
        .collect();
    let pairs: Vec<(String, String)> = lines
        .iter()
        .filter(|l| l.count as usize <= STRIP_DOTS)
        .map(|l| (l.task.clone(), l.device.clone()))
        .collect();
    let mut dots: HashMap<(String, String), Vec<(f64, bool)>> = HashMap::new();
    if !pairs.is_empty() {
        for d in store::dots(db, model, &pairs, STRIP_DOTS as i64).await? {
            dots.entry((d.task, d.device))
                .or_default()
                .push((d.value, d.published));
        }
    }
    let mut out: HashMap<String, TaskStrips> = HashMap::new();
    // Lines come ordered by task and device slug.
    for l in lines {
        let row = if l.count as usize > STRIP_DOTS {
            StripRow::Binned(
                l.bins
                    .iter()
                    .enumerate()
                    .map(|(i, n)| {
                        let (lo, hi) = log_bin_range(l.bins_from + i as i32);
                        (lo, hi, (*n).max(0) as usize)
                    })
                    .collect(),
            )
        } else {
            StripRow::Dots(
                dots.remove(&(l.task.clone(), l.device.clone()))
                    .unwrap_or_default(),
            )
        };
        let strips = out.entry(l.task.clone()).or_default();
        strips.axis = axes.get(l.task.as_str()).copied();
        strips.rows.push((l.device.clone(), row));
    }
    Ok(out)
}

fn hardware_name(catalogue: &Catalogue, slug: &str) -> String {
    catalogue
        .get(slug)
        .map_or(slug.to_string(), |d| d.name.clone())
}

fn median_and_iqr(median: f64, q1: f64, q3: f64, lang: Lang) -> (String, String) {
    (
        figure(median, lang),
        format!("{} – {}", figure(q1, lang), figure(q3, lang)),
    )
}
