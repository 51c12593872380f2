//! Leaderboards: one board per task, ranking models by the median energy per functional
//! unit over verified measurements, read from `board_entries`, which every change of a
//! measurement's standing keeps current in its own transaction.

use crate::error::{AppError, AppResult};
use crate::http::{AppState, Layout, render};
use crate::i18n::{Lang, figure, t};
use crate::session::Visitor;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use energy_model::equivalence::Equivalents;
use energy_model::stats::{Summary, distinct, size_class, stars};
use energy_model::{Energy, FunctionalUnit, Task};
use serde::Deserialize;
use sqlx::PgConnection;
use uuid::Uuid;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/leaderboards", get(index))
        .route("/leaderboards/{task}", get(board))
        .route("/leaderboards/{task}/export.csv", get(export_csv))
        .route("/api/v1/leaderboards/{task}", get(api_board))
}

/// The licence of the community's measurements, stated on boards and in exports.
pub const LICENCE: &str = "CC BY 4.0 (community measurements, Green AI Hub); published benchmarks keep their own licence (see /sources)";

/// The figure a task is ranked by.
fn column(task: Task) -> &'static str {
    match task.functional_unit() {
        FunctionalUnit::PerRun => "kwh_per_run",
        FunctionalUnit::PerThousandQueries => "wh_per_1000_queries",
    }
}

/// Recomputes the board entries of one task × model from its verified measurements.
pub async fn refresh(tx: &mut PgConnection, task: &str, model_id: i64) -> sqlx::Result<()> {
    let Some(t) = Task::from_slug(task) else {
        return Ok(());
    };
    let rows: Vec<(f64, Option<Uuid>, String, String)> = sqlx::query_as(&format!(
        "select {col}, submitter_id, source, hardware_slug from measurements
          where task = $1 and model_id = $2 and status = 'verified' and {col} is not null",
        col = column(t)
    ))
    .bind(task)
    .bind(model_id)
    .fetch_all(&mut *tx)
    .await?;
    for include_published in [false, true] {
        let chosen: Vec<&(f64, Option<Uuid>, String, String)> = rows
            .iter()
            .filter(|r| include_published || r.2 == "community")
            .collect();
        let values: Vec<f64> = chosen.iter().map(|r| r.0).collect();
        let Some(s) = Summary::of(&values) else {
            sqlx::query("delete from board_entries where task = $1 and model_id = $2 and include_published = $3")
                .bind(task)
                .bind(model_id)
                .bind(include_published)
                .execute(&mut *tx)
                .await?;
            continue;
        };
        // Published benchmarks count as one contributor each.
        let contributors = distinct(
            chosen
                .iter()
                .map(|r| r.1.map(|u| u.to_string()).unwrap_or_else(|| r.2.clone())),
        );
        let mut hardware: Vec<String> = chosen.iter().map(|r| r.3.clone()).collect();
        hardware.sort();
        hardware.dedup();
        sqlx::query(
            "insert into board_entries (task, model_id, include_published, count, contributors,
                                        median, q1, q3, min, max, hardware, updated_at)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now())
             on conflict (task, include_published, model_id) do update set
                count = excluded.count, contributors = excluded.contributors,
                median = excluded.median, q1 = excluded.q1, q3 = excluded.q3,
                min = excluded.min, max = excluded.max, hardware = excluded.hardware,
                updated_at = now()",
        )
        .bind(task)
        .bind(model_id)
        .bind(include_published)
        .bind(s.count as i32)
        .bind(contributors as i32)
        .bind(s.median)
        .bind(s.q1)
        .bind(s.q3)
        .bind(s.min)
        .bind(s.max)
        .bind(&hardware)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Refreshes the board entry of the measurement `id` (after its standing changed).
pub async fn refresh_for(tx: &mut PgConnection, id: Uuid) -> sqlx::Result<()> {
    let key: Option<(String, i64)> =
        sqlx::query_as("select task, model_id from measurements where id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    match key {
        Some((task, model)) => refresh(tx, &task, model).await,
        None => Ok(()),
    }
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    slug: String,
    name: String,
    total_params_billions: Option<f64>,
    count: i32,
    contributors: i32,
    median: f64,
    q1: f64,
    q3: f64,
    hardware: Vec<String>,
}

/// One line of a board, as shown.
pub struct Line {
    pub rank: usize,
    pub slug: String,
    pub name: String,
    pub params: String,
    pub total_params_billions: Option<f64>,
    pub median_value: f64,
    pub q1_value: f64,
    pub q3_value: f64,
    pub hardware_slugs: Vec<String>,
    pub microwave_seconds: f64,
    pub median: String,
    pub iqr: String,
    pub count: i32,
    pub contributors: i32,
    pub hardware: String,
    pub stars: u8,
    pub provisional: bool,
    pub microwave: String,
}

#[derive(Template)]
#[template(path = "leaderboards/board.html")]
struct Board {
    layout: Layout,
    task_slug: &'static str,
    task_name: &'static str,
    unit: &'static str,
    include_published: bool,
    lines: Vec<Line>,
    licence: &'static str,
}

#[derive(Deserialize)]
pub struct BoardQuery {
    published: Option<String>,
}

/// A board's lines, best first: the one query every view of a board makes.
async fn lines(
    state: &AppState,
    task: Task,
    include_published: bool,
    lang: Lang,
) -> AppResult<Vec<Line>> {
    let rows: Vec<EntryRow> = sqlx::query_as(
        "select a.slug, a.name, a.total_params_billions, b.count, b.contributors, b.median, b.q1, b.q3, b.hardware
           from board_entries b join ai_models a on a.id = b.model_id
          where b.task = $1 and b.include_published = $2 and a.status = 'approved'
          order by b.median, a.name limit 500",
    )
    .bind(task.slug())
    .bind(include_published)
    .fetch_all(&state.db)
    .await?;
    // Stars by the AI Energy Score rule: equal bands over min–max within each size class.
    let class = |r: &EntryRow| r.total_params_billions.map(size_class).unwrap_or('?');
    let bounds = |c: char| {
        let v: Vec<f64> = rows
            .iter()
            .filter(|r| class(r) == c)
            .map(|r| r.median)
            .collect();
        Summary::of(&v)
            .map(|s| (s.min, s.max))
            .unwrap_or((0.0, 0.0))
    };
    let per_run = task.functional_unit() == FunctionalUnit::PerRun;
    Ok(rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let (min, max) = bounds(class(r));
            let per_query = if per_run {
                Energy::from_kwh(r.median)
            } else {
                Energy::from_wh(r.median / 1000.0)
            };
            Line {
                rank: i + 1,
                slug: r.slug.clone(),
                name: r.name.clone(),
                params: r
                    .total_params_billions
                    .map(|p| format!("{p} B"))
                    .unwrap_or_default(),
                total_params_billions: r.total_params_billions,
                median_value: r.median,
                q1_value: r.q1,
                q3_value: r.q3,
                median: figure(r.median, lang),
                iqr: format!("{} – {}", figure(r.q1, lang), figure(r.q3, lang)),
                count: r.count,
                contributors: r.contributors,
                hardware_slugs: r.hardware.clone(),
                hardware: r
                    .hardware
                    .iter()
                    .map(|slug| {
                        crate::catalogue::HARDWARE
                            .get(slug)
                            .map_or(slug.as_str(), |d| d.name.as_str())
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                stars: stars(r.median, min, max),
                provisional: r.count < 3,
                microwave_seconds: Equivalents::of(per_query).microwave_seconds,
                microwave: figure(Equivalents::of(per_query).microwave_seconds, lang),
            }
        })
        .collect())
}

fn task_of(slug: &str) -> AppResult<Task> {
    Task::from_slug(slug)
        .filter(|t| t.slug() == slug)
        .ok_or(AppError::NotFound)
}

/// The unit a task's figures are in, as a stable column name.
fn unit_name(task: Task) -> &'static str {
    match task.functional_unit() {
        FunctionalUnit::PerRun => "kwh_per_run",
        FunctionalUnit::PerThousandQueries => "wh_per_1000_queries",
    }
}

async fn board(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(task): Path<String>,
    Query(q): Query<BoardQuery>,
) -> AppResult<Response> {
    let task = task_of(&task)?;
    let include_published = q.published.as_deref() != Some("0");
    let lang = visitor.lang;
    let per_run = task.functional_unit() == FunctionalUnit::PerRun;
    render(&Board {
        layout: visitor.layout().await?,
        task_slug: task.slug(),
        task_name: task.name(lang),
        unit: t(
            lang,
            if per_run {
                "measure-kwh-per-run"
            } else {
                "measure-wh-per-1000"
            },
        ),
        include_published,
        lines: lines(&state, task, include_published, lang).await?,
        licence: LICENCE,
    })
}

/// The board as JSON, with stable field names.
#[utoipa::path(
    get,
    path = "/api/v1/leaderboards/{task}",
    params(("task" = String, Path, description = "Task slug, such as text-generation"), ("published" = Option<String>, Query, description = "0 for community measurements only")),
    responses((status = 200, description = "{task, unit, include_published, licence, rows: [{rank, model, model_name, total_params_billions, median, q1, q3, count, contributors, hardware, stars, provisional, microwave_seconds_per_query}]}"), (status = 404, description = "Unknown task"))
)]
pub async fn api_board(
    State(state): State<AppState>,
    Path(task): Path<String>,
    Query(q): Query<BoardQuery>,
) -> AppResult<Response> {
    let task = task_of(&task)?;
    let include_published = q.published.as_deref() != Some("0");
    let rows: Vec<serde_json::Value> = lines(&state, task, include_published, Lang::En)
        .await?
        .iter()
        .map(|l| {
            serde_json::json!({
                "rank": l.rank, "model": l.slug, "model_name": l.name,
                "total_params_billions": l.total_params_billions,
                "median": l.median_value, "q1": l.q1_value, "q3": l.q3_value,
                "count": l.count, "contributors": l.contributors, "hardware": l.hardware_slugs,
                "stars": l.stars, "provisional": l.provisional,
                "microwave_seconds_per_query": l.microwave_seconds,
            })
        })
        .collect();
    Ok(axum::Json(serde_json::json!({
        "task": task.slug(),
        "unit": unit_name(task),
        "include_published": include_published,
        "licence": LICENCE,
        "rows": rows,
    }))
    .into_response())
}

/// The board as CSV, with the same columns as the JSON.
async fn export_csv(
    State(state): State<AppState>,
    Path(task): Path<String>,
    Query(q): Query<BoardQuery>,
) -> AppResult<Response> {
    let task = task_of(&task)?;
    let include_published = q.published.as_deref() != Some("0");
    let mut out = csv::Writer::from_writer(Vec::new());
    let unit = unit_name(task);
    let csv_error = |e: csv::Error| AppError::Internal(e.into());
    out.write_record([
        "rank",
        "model",
        "model_name",
        "total_params_billions",
        "unit",
        "median",
        "q1",
        "q3",
        "count",
        "contributors",
        "hardware",
        "stars",
        "provisional",
        "microwave_seconds_per_query",
        "licence",
    ])
    .map_err(csv_error)?;
    for l in lines(&state, task, include_published, Lang::En).await? {
        out.write_record([
            l.rank.to_string(),
            l.slug.clone(),
            l.name.clone(),
            l.total_params_billions
                .map(|p| p.to_string())
                .unwrap_or_default(),
            unit.to_string(),
            l.median_value.to_string(),
            l.q1_value.to_string(),
            l.q3_value.to_string(),
            l.count.to_string(),
            l.contributors.to_string(),
            l.hardware_slugs.join(";"),
            l.stars.to_string(),
            l.provisional.to_string(),
            l.microwave_seconds.to_string(),
            LICENCE.to_string(),
        ])
        .map_err(csv_error)?;
    }
    let body = out
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/csv; charset=utf-8".to_string(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"greenai-{}.csv\"", task.slug()),
            ),
        ],
        body,
    )
        .into_response())
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
    render(&Index {
        layout: visitor.layout().await?,
        tasks,
    })
}
