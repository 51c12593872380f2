//! Following insights from elsewhere: an Atom feed of new insights (all, or one category's)
//! and `GET /api/v1/insights` (the list with its filters and search, as JSON).

use super::pages::{query_of, resolved_query};
use super::rules::Category;
use super::store::{self, PER_PAGE};
use crate::web::atom::{Entry, Feed};
use crate::web::error::AppResult;
use crate::web::i18n::Lang;
use crate::web::state::AppState;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};
use time::format_description::well_known::Rfc3339;

/// The 30 newest published insights as Atom, or one category's (`?category=pruning`).
pub async fn atom(State(state): State<AppState>, RawQuery(raw): RawQuery) -> AppResult<Response> {
    let (mut query, _) = query_of(raw.as_deref());
    query.q = None;
    query.lang = None;
    query.helpful_first = false;
    query.page = 1;
    let rows = store::newest(&state.db, query.category.as_deref(), 30).await?;
    let base = state.config.base_url.trim_end_matches('/');
    let category = query.category.as_deref().and_then(Category::parse);
    let feed = Feed {
        title: match category {
            Some(c) => format!("Green AI Hub — insights: {}", c.name(Lang::En)),
            None => "Green AI Hub — insights".to_string(),
        },
        self_href: match category {
            Some(c) => format!("{base}/insights/feed.atom?category={}", c.slug()),
            None => format!("{base}/insights/feed.atom"),
        },
        alternate: format!("{base}/insights"),
        entries: rows
            .into_iter()
            .map(|r| Entry {
                href: format!("{base}/insights/{}", r.id),
                id: r.id,
                title: r.title,
                lang: r.lang,
                published: r.created_at,
                updated: r.updated_at,
                author: r.author.unwrap_or_else(|| "former member".into()),
                category: r.category,
                html: r.body_html,
            })
            .collect(),
    };
    Ok(feed.response())
}

/// Published insights, newest first (or most helpful), with search and filters.
#[utoipa::path(
    get,
    path = "/api/v1/insights",
    params(
        ("q" = Option<String>, Query, description = "Words to search for (Dutch and English stemming, near matches by trigrams)"),
        ("category" = Option<String>, Query, description = "pruning, quantisation, distillation, small-models, efficient-hardware, renewables, measuring, inference, ai-for-sustainability, other"),
        ("lang" = Option<String>, Query, description = "nl or en"),
        ("model" = Option<String>, Query, description = "Only insights that link this model (name or slug)"),
        ("sort" = Option<String>, Query, description = "helpful: most helpful first (default newest first)"),
        ("page" = Option<i64>, Query, description = "Page of 20, from 1"),
    ),
    responses((status = 200, description = "{total, page, per_page, rows: [{id, url, title, category, lang, author, created_at, helpful_count, excerpt}]}"), (status = 400, description = "Characters that cannot be stored (control characters)"), (status = 503, description = "The database is unavailable for a moment"))
)]
pub async fn api(State(state): State<AppState>, RawQuery(raw): RawQuery) -> AppResult<Response> {
    let (query, _) = resolved_query(&state.db, raw.as_deref()).await?;
    let rows = store::list(&state.db, &query).await?;
    let base = state.config.base_url.trim_end_matches('/');
    let total = rows.first().map_or(0, |r| r.total);
    let rows: Vec<serde_json::Value> = rows
        .into_iter()
        .map(|r| {
            serde_json::json!({
                "id": r.id,
                "url": format!("{base}/insights/{}", r.id),
                "title": r.title,
                "category": r.category,
                "lang": r.lang,
                "author": r.author.unwrap_or_else(|| "former member".into()),
                "created_at": r.created_at.format(&Rfc3339).unwrap_or_default(),
                "helpful_count": r.helpful_count,
                "excerpt": r.excerpt.replace(['\u{1}', '\u{2}'], ""),
            })
        })
        .collect();
    Ok(axum::Json(serde_json::json!({
        "total": total,
        "page": query.page,
        "per_page": PER_PAGE,
        "rows": rows,
    }))
    .into_response())
}
