//! The catalogue of AI models: every model the platform knows, with the names it goes by
//! and the published sources that mention it.

use crate::features::leaderboards::view::unit_label;
use crate::store::boards::{Filters, HardwareFilter};
use crate::store::states::Source;
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
use energy_model::stats::Summary;
use energy_model::{Catalogue, FunctionalUnit, Task};
use std::sync::Arc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/models", get(index))
        .route("/models/{slug}", get(page))
}

#[derive(sqlx::FromRow)]
pub struct ModelRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub organisation: Option<String>,
    pub total_params_billions: Option<f64>,
    pub active_params_billions: Option<f64>,
    pub sources: String,
    pub licence: Option<String>,
    pub link: Option<String>,
    pub alias_slugs: Vec<String>,
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

/// Models with the names of the sources that mention them; callers add `where` and
/// `group by m.id`.
const SELECT_MODELS: &str = "select m.id, m.slug, m.name, m.organisation, m.total_params_billions,
        m.active_params_billions, m.licence, m.link, m.alias_slugs,
        coalesce(string_agg(s.name, ', ' order by s.name), '') as sources
   from ai_models m
   left join ai_model_sources ms on ms.model_id = m.id
   left join data_sources s on s.slug = ms.source_slug";

#[derive(Template)]
#[template(path = "models/index.html")]
struct Index {
    layout: Layout,
    models: Vec<ModelRow>,
}

async fn index(State(state): State<AppState>, visitor: Visitor) -> AppResult<Response> {
    let models = sqlx::query_as::<_, ModelRow>(&format!(
        "{SELECT_MODELS} where m.status = 'approved' group by m.id order by lower(m.name)"
    ))
    .fetch_all(&state.db)
    .await?;
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

/// What a model page says of its measurements: a part per task and the list. It is the
/// costly part (every verified measurement of the model is read), so it is kept per version
/// of the boards, like a board's content.
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

/// One verified measurement of a model, as its page lists it.
struct Row {
    id: uuid::Uuid,
    upload_id: Option<uuid::Uuid>,
    task: String,
    hardware_slug: String,
    wh_per_1000_queries: Option<f64>,
    kwh_per_run: Option<f64>,
    source: Source,
    method: String,
    measured_on: time::Date,
}

async fn page(
    State(state): State<AppState>,
    visitor: Visitor,
    axum::extract::Path(slug): axum::extract::Path<String>,
    axum::extract::Query(query): axum::extract::Query<PageQuery>,
) -> AppResult<Response> {
    let lang = visitor.lang;
    let model = sqlx::query_as::<_, ModelRow>(&format!(
        "{SELECT_MODELS} where m.slug = $1 and m.status = 'approved' group by m.id"
    ))
    .bind(&slug)
    .fetch_optional(&state.db)
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

/// Reads a model's verified measurements and renders their part of its page.
async fn figures(
    state: &AppState,
    model: &ModelRow,
    list_page: usize,
    lang: Lang,
) -> AppResult<String> {
    let rows = verified_of(&state.db, model.id).await?;
    let mut tasks = Vec::new();
    for task in Task::ALL.iter().copied() {
        if let Some(part) = task_part(state, task, model, &rows, lang).await? {
            tasks.push(part);
        }
    }
    let pages = rows.len().div_ceil(LISTED).max(1);
    let list_page = list_page.min(pages);
    Ok(Figures {
        lang,
        tasks,
        listed: listed(&state.hardware.now(), &rows, list_page, lang),
        total: rows.len(),
        pages: (1..=pages).map(|p| (p, p == list_page)).collect(),
    }
    .render()?)
}

/// A model's verified measurements, newest first.
async fn verified_of(db: &sqlx::PgPool, model: i64) -> sqlx::Result<Vec<Row>> {
    let task_slugs: Vec<String> = Task::ALL.iter().map(|t| t.slug().to_string()).collect();
    // `task = any(…)` lets the (task, model_id) index of verified measurements answer.
    sqlx::query_as!(
        Row,
        r#"select id, upload_id, task, hardware_slug, wh_per_1000_queries, kwh_per_run,
                source as "source: Source", method, measured_on
           from measurements
          where task = any($1) and model_id = $2 and status = 'verified'
          order by measured_on desc, created_at desc"#,
        &task_slugs,
        model
    )
    .fetch_all(db)
    .await
}

impl Row {
    /// What the measurement was sent with (its upload), or itself: a line's figures count
    /// each contribution once, as the boards do.
    fn contribution(&self) -> uuid::Uuid {
        self.upload_id.unwrap_or(self.id)
    }
}

fn hardware_name(catalogue: &Catalogue, slug: &str) -> String {
    catalogue
        .get(slug)
        .map_or(slug.to_string(), |d| d.name.clone())
}

/// The figure a task ranks a measurement by.
fn value_of(task: Task, r: &Row) -> Option<f64> {
    match task.functional_unit() {
        FunctionalUnit::PerRun => r.kwh_per_run,
        FunctionalUnit::PerThousandQueries => r.wh_per_1000_queries,
    }
}

fn median_and_iqr(s: &Summary, lang: Lang) -> (String, String) {
    (
        figure(s.median, lang),
        format!("{} – {}", figure(s.q1, lang), figure(s.q3, lang)),
    )
}

/// What a model's page says about one task: its place on the board, the median and spread,
/// a line per device and a strip plot; `None` when the model has no measurement of it.
async fn task_part(
    state: &AppState,
    task: Task,
    model: &ModelRow,
    rows: &[Row],
    lang: Lang,
) -> AppResult<Option<TaskPart>> {
    let mine: Vec<(&Row, f64)> = rows
        .iter()
        .filter(|r| r.task == task.slug())
        .filter_map(|r| value_of(task, r).map(|v| (r, v)))
        .collect();
    let Some(summary) = Summary::of_contributions(mine.iter().map(|(r, v)| (r.contribution(), *v)))
    else {
        return Ok(None);
    };
    let version = state.boards.version(&state.db, task).await?;
    let every_device = Filters {
        hardware: Some(HardwareFilter::All),
        ..Filters::default()
    };
    let catalogue = state.hardware.now();
    let board = state
        .boards
        .entries(&state.db, &catalogue, task, &every_device, version)
        .await?;
    let (mut hardware, groups) = per_device(&catalogue, &mine, lang);
    for line in &mut hardware {
        let on_device: Vec<_> = board
            .iter()
            .filter(|e| e.device.as_deref() == Some(line.slug.as_str()))
            .collect();
        line.rank = on_device
            .iter()
            .position(|e| e.model == model.slug)
            .map(|i| (i + 1, on_device.len(), on_device[i].stars));
    }
    let unit = unit_label(task, lang);
    let (median, iqr) = median_and_iqr(&summary, lang);
    Ok(Some(TaskPart {
        binned: groups
            .iter()
            .any(|(_, values)| values.len() > crate::web::charts::STRIP_DOTS),
        slug: task.slug(),
        name: task.name(lang),
        unit,
        median,
        iqr,
        count: summary.count,
        hardware,
        chart: crate::web::charts::strip(
            &format!("strip-{}", task.slug()),
            &tf(lang, "chart-strip-title", &[("task", task.name(lang))]),
            &tf(lang, "model-strip-desc", &[("model", &model.name)]),
            unit,
            &groups,
            lang,
        ),
    }))
}

/// A strip plot's rows: (label, [(value, published)]).
type Strips = Vec<(String, Vec<(f64, bool)>)>;

/// A line per device (its rank filled in later) and each device's values for the strip plot.
fn per_device(
    catalogue: &Catalogue,
    mine: &[(&Row, f64)],
    lang: Lang,
) -> (Vec<DeviceLine>, Strips) {
    let mut devices: Vec<&str> = mine.iter().map(|(r, _)| r.hardware_slug.as_str()).collect();
    devices.sort();
    devices.dedup();
    let mut hardware = Vec::new();
    let mut groups = Vec::new();
    for device in devices {
        let of: Vec<(f64, bool)> = mine
            .iter()
            .filter(|(r, _)| r.hardware_slug == device)
            .map(|(r, v)| (*v, r.source == Source::Published))
            .collect();
        let on_device = mine
            .iter()
            .filter(|(r, _)| r.hardware_slug == device)
            .map(|(r, v)| (r.contribution(), *v));
        if let Some(s) = Summary::of_contributions(on_device) {
            let (median, iqr) = median_and_iqr(&s, lang);
            hardware.push(DeviceLine {
                name: hardware_name(catalogue, device),
                slug: device.to_string(),
                count: s.count,
                median,
                iqr,
                rank: None,
            });
        }
        groups.push((hardware_name(catalogue, device), of));
    }
    (hardware, groups)
}

/// One page of the model's measurements, as listed.
fn listed(catalogue: &Catalogue, rows: &[Row], page: usize, lang: Lang) -> Vec<Listed> {
    rows.iter()
        .filter_map(|r| {
            let task = Task::from_slug(&r.task)?;
            let value = value_of(task, r)?;
            Some(Listed {
                id: r.id,
                measured_on: r.measured_on,
                task: task.name(lang),
                hardware: hardware_name(catalogue, &r.hardware_slug),
                value: figure(value, lang),
                unit: unit_label(task, lang),
                method: energy_model::validation::Method::parse(&r.method)
                    .map_or("", |m| m.name(lang)),
                published: r.source == Source::Published,
            })
        })
        .skip((page - 1) * LISTED)
        .take(LISTED)
        .collect()
}
