//! The board page and the list of boards.

use super::content::content;
use super::http_cache::{cache_headers, etag, http_date, not_modified, send};
use super::view::{View, task_of};
use crate::store::boards::WholePage;
use crate::web::error::AppResult;
use crate::web::layout::Layout;
use crate::web::session::Visitor;
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use energy_model::Task;
use std::sync::Arc;

#[derive(Template)]
#[template(path = "leaderboards/board.html")]
struct BoardPage {
    layout: Layout,
    task_name: &'static str,
    content: Arc<String>,
}

/// A board: the kept page for anonymous repeats, else rendered (its main part kept per
/// version and view), with caching headers.
pub async fn board(
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
    let view = View::parse(query.as_deref(), lang, &state.hardware.now())?;
    let layout = visitor.layout().await?;
    let key = format!(
        "{}|{}|{}",
        task.slug(),
        lang.code(),
        view.query_with(None, None)
    );
    let etag = etag(task, version, &key, Some(&layout));
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
        let page = Arc::new(WholePage::new(
            "text/html; charset=utf-8",
            html,
            etag,
            last_modified,
        ));
        state
            .boards
            .keep_anonymous_page(page_key, version, page.clone());
        return Ok(send(&page, &headers));
    }
    let mut response = Html(html).into_response();
    cache_headers(&mut response, &etag, &last_modified, signed_in);
    Ok(response)
}

#[derive(Template)]
#[template(path = "leaderboards/index.html")]
struct Index {
    layout: Layout,
    tasks: Vec<(&'static str, &'static str, i64)>,
}

/// Every task's board, with how many models it ranks.
pub async fn index(State(state): State<AppState>, visitor: Visitor) -> AppResult<Response> {
    let counts = crate::store::boards::models_per_task(&state.db).await?;
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
