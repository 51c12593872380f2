//! 2 to 4 models of one board side by side, with a strip plot of every measurement.

use super::line::line_id;
use super::line::{Line, line};
use super::view::{View, task_of, unit_label};
use crate::store::boards::Entry;
use crate::store::boards::lines::observations;
use crate::web::charts;
use crate::web::error::AppResult;
use crate::web::i18n::{t, tf};
use crate::web::layout::Layout;
use crate::web::session::Visitor;
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::{Html, IntoResponse, Response};

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

/// The models could not be compared (too few, too many, or not on the board): the board's
/// lines to pick from again, the ones ticked kept ticked, with the board's filters and grid.
#[derive(Template)]
#[template(path = "leaderboards/compare_pick.html")]
struct Pick {
    layout: Layout,
    task_slug: &'static str,
    task_name: &'static str,
    error: String,
    back: String,
    /// The board's query (filters, grid) the new choice goes with.
    keep: Vec<(&'static str, String)>,
    /// Each line: its id, model, device, and whether it was ticked.
    lines: Vec<(String, String, String, bool)>,
}

/// 2 to 4 models of one board side by side, with every measurement of each. (Reads the
/// chosen models from the query, checks them against the board, then gathers their values
/// for the strip plot: one pass, kept together.)
pub async fn compare(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(task): Path<String>,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let task = task_of(&task)?;
    let lang = visitor.lang;
    let view = View::parse(query.as_deref(), lang, &state.hardware.now())?;
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.as_deref().unwrap_or("")).unwrap_or_default();
    let mut wanted: Vec<String> = Vec::new();
    for (k, v) in pairs {
        if k == "m" && !wanted.contains(&v) {
            wanted.push(v);
        }
    }
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
    // A line is `model@device`, or a model's pooled line.
    let chosen: Vec<&Entry> = wanted
        .iter()
        .filter_map(|id| entries.iter().find(|e| &line_id(e) == id))
        .collect();
    let problem = if !(2..=4).contains(&wanted.len()) {
        Some("compare-pick")
    } else if chosen.len() != wanted.len() {
        Some("compare-unknown")
    } else {
        None
    };
    let back = format!(
        "/leaderboards/{}?{}",
        task.slug(),
        view.query_with(None, None)
    );
    if let Some(key) = problem {
        let mut keep = view.filter_pairs();
        keep.push(("grid", view.grid.clone()));
        let page = Pick {
            layout: visitor.layout().await?,
            task_slug: task.slug(),
            task_name: task.name(lang),
            error: t(lang, key).to_string(),
            back,
            keep,
            lines: entries
                .iter()
                .map(|e| {
                    let l = line(&state.hardware.now(), task, e, &view, lang);
                    let ticked = wanted.contains(&l.id);
                    (l.id, l.name, l.device, ticked)
                })
                .collect(),
        };
        let mut response = Html(page.render()?).into_response();
        *response.status_mut() = axum::http::StatusCode::BAD_REQUEST;
        return Ok(response);
    }
    let models: Vec<String> = chosen.iter().map(|e| e.model.clone()).collect();
    let values = observations(
        &state.db,
        &state.hardware.now(),
        task,
        &view.filters,
        Some(&models),
    )
    .await?;
    let groups: Vec<(String, Vec<(f64, bool)>)> = chosen
        .iter()
        .map(|e| {
            (
                e.model_name.clone(),
                values
                    .iter()
                    .filter(|(m, o)| {
                        m.slug == e.model && e.device.as_ref().is_none_or(|d| *d == o.hardware)
                    })
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
        back,
        lines: chosen
            .iter()
            .map(|e| line(&state.hardware.now(), task, e, &view, lang))
            .collect(),
        chart,
    };
    Ok(Html(page.render()?).into_response())
}
