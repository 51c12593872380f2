//! Citable editions: a researcher freezes a board (or every board) as it stands — every
//! model × device line with its median, middle half, counts per tier and stars — under a
//! dated id. The edition's page (`/editions/{id}`) says what changed since the previous
//! edition of the same scope; its downloads (CSV, JSON, Apache Parquet, CITATION.cff,
//! BibTeX) are written from the frozen lines only, so they read the same forever.

pub mod files;
pub mod store;

use crate::store::boards::aggregate::column;
use crate::store::boards::{Filters, HardwareFilter};
use crate::web::error::{AppError, AppResult};
use crate::web::forms::CsrfForm;
use crate::web::i18n::{Lang, figure};
use crate::web::layout::{Layout, render};
use crate::web::session::{Role, Visitor};
use crate::web::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use energy_model::Task;
use serde::Deserialize;
use std::collections::HashMap;
use store::{Edition, Line};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/editions", get(index).post(freeze))
        .route("/editions/{slug}", get(page))
        .route("/editions/{slug}/{file}", get(download))
}

#[derive(Template)]
#[template(path = "editions/index.html")]
struct Index {
    layout: Layout,
    editions: Vec<(Edition, &'static str)>,
    tasks: Vec<(&'static str, &'static str)>,
    can_freeze: bool,
}

fn scope_name(e: &Edition, lang: Lang) -> &'static str {
    e.task
        .as_deref()
        .and_then(Task::from_slug)
        .map(|t| t.name(lang))
        .unwrap_or(crate::web::i18n::t(lang, "editions-all-boards"))
}

async fn index(State(state): State<AppState>, visitor: Visitor) -> AppResult<Response> {
    let lang = visitor.lang;
    let can_freeze = visitor
        .user
        .as_ref()
        .is_some_and(|u| u.role >= Role::Researcher);
    let editions = store::all(&state.db)
        .await?
        .into_iter()
        .map(|e| {
            let name = scope_name(&e, lang);
            (e, name)
        })
        .collect();
    render(&Index {
        layout: if can_freeze {
            visitor.layout_with_form().await?
        } else {
            visitor.layout().await?
        },
        editions,
        tasks: Task::ALL.iter().map(|t| (t.slug(), t.name(lang))).collect(),
        can_freeze,
    })
}

#[derive(Deserialize)]
struct FreezeForm {
    /// A task's slug, or empty for every board.
    #[serde(default)]
    scope: String,
}

/// Every model × device line of a task's board as the boards show it now.
async fn board_lines(state: &AppState, task: Task) -> AppResult<Vec<Line>> {
    let filters = Filters {
        hardware: Some(HardwareFilter::All),
        ..Filters::default()
    };
    let version = state.boards.version(&state.db, task).await?;
    let entries = state
        .boards
        .entries(&state.db, &state.hardware.now(), task, &filters, version)
        .await?;
    Ok(entries
        .iter()
        .map(|e| Line {
            task: task.slug().to_string(),
            rank: e.rank as i32,
            model_slug: e.model.clone(),
            model_name: e.model_name.clone(),
            device: e.device.clone(),
            unit: column(task).to_string(),
            median: e.median,
            q1: e.q1,
            q3: e.q3,
            count: e.count,
            contributors: e.contributors,
            published_count: e.published_count,
            verified_count: e.verified_count,
            self_reported_count: (e.count - e.published_count - e.verified_count).max(0),
            stars: i16::from(e.stars),
        })
        .collect())
}

/// Freezes the chosen board, or every board, under today's date (a second edition of the
/// same scope on one day gets `-2`, `-3`, …) and opens its page.
async fn freeze(
    State(state): State<AppState>,
    CsrfForm { visitor, form }: CsrfForm<FreezeForm>,
) -> AppResult<Response> {
    let user = visitor.require(Role::Researcher)?;
    let task = match form.scope.as_str() {
        "" => None,
        s => Some(
            Task::from_slug(s)
                .filter(|t| t.slug() == s)
                .ok_or_else(|| AppError::BadRequest("unknown board".into()))?,
        ),
    };
    let tasks: Vec<Task> = task.map_or_else(|| Task::ALL.to_vec(), |t| vec![t]);
    // Everything committed before the freeze is in it: marks no refresher took yet (one was
    // at work when they committed) are settled first.
    crate::store::boards::settle(&state.db, true).await?;
    let mut lines = Vec::new();
    for t in tasks {
        lines.extend(board_lines(&state, t).await?);
    }
    let today = time::OffsetDateTime::now_utc().date();
    let base = format!(
        "{:04}-{:02}-{:02}-{}",
        today.year(),
        u8::from(today.month()),
        today.day(),
        task.map_or("all", |t| t.slug())
    );
    for n in 1..=100 {
        let slug = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        if store::freeze(&state.db, &slug, task.map(|t| t.slug()), user.id, &lines)
            .await?
            .is_some()
        {
            tracing::info!(edition = %slug, lines = lines.len(), "edition frozen");
            return Ok(Redirect::to(&format!("/editions/{slug}")).into_response());
        }
    }
    Err(AppError::BadRequest("too many editions today".into()))
}

/// What changed between an edition and the previous one of its scope.
#[derive(Default)]
struct Changes {
    previous: Option<String>,
    added: usize,
    removed: usize,
    moved: usize,
}

fn changes(lines: &[Line], previous: Option<(&Edition, &[Line])>) -> Changes {
    let Some((edition, before)) = previous else {
        return Changes::default();
    };
    let key = |l: &Line| (l.task.clone(), l.model_slug.clone(), l.device.clone());
    let old: HashMap<_, f64> = before.iter().map(|l| (key(l), l.median)).collect();
    let new: HashMap<_, f64> = lines.iter().map(|l| (key(l), l.median)).collect();
    Changes {
        previous: Some(edition.slug.clone()),
        added: new.keys().filter(|k| !old.contains_key(*k)).count(),
        removed: old.keys().filter(|k| !new.contains_key(*k)).count(),
        moved: new
            .iter()
            .filter(|(k, m)| old.get(*k).is_some_and(|o| o != *m))
            .count(),
    }
}

#[derive(Template)]
#[template(path = "editions/page.html")]
struct Page {
    layout: Layout,
    e: Edition,
    scope: &'static str,
    title: String,
    url: String,
    frozen_on: String,
    changes: Changes,
    /// Lines and the counts per tier, in the reader's number format.
    counts: [String; 4],
    /// (task name, model name, device, median as shown, stars) of the first lines.
    sample: Vec<(&'static str, String, String, String, i16)>,
    bibtex: String,
}

fn url_of(state: &AppState, e: &Edition) -> String {
    format!(
        "{}/editions/{}",
        state.config.base_url.trim_end_matches('/'),
        e.slug
    )
}

async fn page(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let lang = visitor.lang;
    let e = store::by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let lines = store::lines(&state.db, e.id).await?;
    let previous = store::previous(&state.db, &e).await?;
    let before = match &previous {
        Some(p) => store::lines(&state.db, p.id).await?,
        None => Vec::new(),
    };
    let changes = changes(&lines, previous.as_ref().map(|p| (p, before.as_slice())));
    let catalogue = state.hardware.now();
    let sample = lines
        .iter()
        .take(50)
        .map(|l| {
            let task = Task::from_slug(&l.task).map_or("", |t| t.name(lang));
            let device = l.device.as_deref().unwrap_or_default();
            (
                task,
                l.model_name.clone(),
                catalogue
                    .get(device)
                    .map_or_else(|| device.to_string(), |d| d.name.clone()),
                figure(l.median, lang),
                l.stars,
            )
        })
        .collect();
    let url = url_of(&state, &e);
    let count = |n: i32| {
        if n < 100 {
            n.to_string()
        } else {
            figure(f64::from(n), lang)
        }
    };
    let counts = [
        count(e.line_count),
        count(e.published_count),
        count(e.verified_count),
        count(e.self_reported_count),
    ];
    render(&Page {
        counts,
        layout: visitor.layout().await?,
        scope: scope_name(&e, lang),
        title: files::title(&e),
        frozen_on: crate::web::format::date(e.frozen_at),
        bibtex: files::bibtex(&e, &url),
        url,
        changes,
        sample,
        e,
    })
}

/// A download of a frozen edition: it never changes, so it may be kept for a year.
#[utoipa::path(
    get,
    path = "/editions/{slug}/{file}",
    params(
        ("slug" = String, Path, description = "The edition's id, such as 2026-12-08-text-generation"),
        ("file" = String, Path, description = "lines.csv, lines.json, lines.parquet (Apache Parquet, one row per line), CITATION.cff or edition.bib"),
    ),
    responses(
        (status = 200, description = "The file; the same bytes forever (Cache-Control: immutable). Columns: edition, task, rank, model, model_name, device, unit, median, q1, q3, count, contributors, published_count, verified_count, self_reported_count, stars"),
        (status = 404, description = "No such edition or file"),
    )
)]
pub async fn download(
    State(state): State<AppState>,
    Path((slug, file)): Path<(String, String)>,
) -> AppResult<Response> {
    let e = store::by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let url = url_of(&state, &e);
    let (body, kind): (Vec<u8>, &str) = match file.as_str() {
        "lines.csv" => (
            files::csv(&e, &store::lines(&state.db, e.id).await?)?,
            "text/csv; charset=utf-8",
        ),
        "lines.json" => (
            serde_json::to_vec_pretty(&files::json(
                &e,
                &store::lines(&state.db, e.id).await?,
                &url,
            ))
            .map_err(anyhow::Error::from)?,
            "application/json",
        ),
        "lines.parquet" => (
            files::parquet(&e, &store::lines(&state.db, e.id).await?)?,
            "application/vnd.apache.parquet",
        ),
        "CITATION.cff" => (
            files::citation_cff(&e, &url).into_bytes(),
            "text/yaml; charset=utf-8",
        ),
        "edition.bib" => (
            files::bibtex(&e, &url).into_bytes(),
            "application/x-bibtex; charset=utf-8",
        ),
        _ => return Err(AppError::NotFound),
    };
    let disposition = format!("attachment; filename=\"greenai-{slug}-{file}\"");
    Ok((
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (
                header::CACHE_CONTROL,
                "public, max-age=31536000, immutable".to_string(),
            ),
        ],
        body,
    )
        .into_response())
}
