//! The insight pages: the list (filters, search, pages) and one insight with what the data
//! says of its claim. Writing one is [`super::editing`]'s.

use super::rules::{Category, Claim, InsightStatus};
use super::store::{self, PER_PAGE, Query};
use crate::store::states::Status;
use crate::web::error::{AppError, AppResult, id_in_path};

use crate::web::i18n::{Lang, figure, t, tf};
use crate::web::layout::{Layout, render};
use crate::web::session::{Role, Visitor};
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{Path, RawQuery, State};

use axum::response::Response;
use energy_model::Task;
use energy_model::stats::compare;
use uuid::Uuid;

/// The list's query string, read leniently: an unknown value is no filter.
pub fn query_of(raw: Option<&str>) -> (Query, Option<String>) {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(raw.unwrap_or("")).unwrap_or_default();
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, v)| key == k && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
    };
    let q = Query {
        category: get("category").filter(|c| Category::parse(c).is_some()),
        lang: get("lang").filter(|l| l == "nl" || l == "en"),
        model: None,
        q: get("q").map(|q| q.chars().take(200).collect()),
        helpful_first: get("sort").as_deref() == Some("helpful"),
        page: get("page")
            .and_then(|p| p.parse().ok())
            .unwrap_or(1)
            .clamp(1, 10_000),
    };
    (q, get("model"))
}

/// The list's query with its model looked up (a model that does not exist matches nothing).
pub async fn resolved_query(
    db: &sqlx::PgPool,
    raw: Option<&str>,
) -> AppResult<(Query, Option<String>)> {
    let (mut query, model) = query_of(raw);
    if let Some(m) = &model {
        query.model = Some(
            crate::store::catalogue::find_model(db, m)
                .await?
                .map_or(-1, |m| m.id),
        );
    }
    Ok((query, model))
}

/// A matching passage as HTML: escaped, with the search's matches marked.
pub fn excerpt_html(excerpt: &str) -> String {
    crate::web::format::escape(excerpt)
        .replace('\u{1}', "<mark>")
        .replace('\u{2}', "</mark>")
}

pub struct Item {
    pub id: Uuid,
    pub title: String,
    pub category: &'static str,
    pub lang: String,
    pub helpful: i32,
    pub date: String,
    pub author: String,
    pub excerpt: String,
}

#[derive(Template)]
#[template(path = "insights/list.html")]
struct List {
    layout: Layout,
    items: Vec<Item>,
    total: i64,
    categories: Vec<(&'static str, &'static str, bool)>,
    lang_filter: String,
    q: String,
    helpful_first: bool,
    model: String,
    /// A filter under "more filters" is set (they show unfolded).
    filtered: bool,
    pages: Vec<(i64, String, bool)>,
}

pub async fn list(
    State(state): State<AppState>,
    visitor: Visitor,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    let (query, model) = resolved_query(&state.db, raw.as_deref()).await?;
    let rows = store::list(&state.db, &query).await?;
    let total = rows.first().map_or(0, |r| r.total);
    let lang = visitor.lang;
    let items = rows
        .into_iter()
        .map(|r| Item {
            id: r.id,
            category: Category::parse(&r.category).map_or("", |c| c.name(lang)),
            lang: r.lang,
            helpful: r.helpful_count,
            date: r.created_at.date().to_string(),
            author: r
                .author
                .unwrap_or_else(|| t(lang, "insight-former-member").to_string()),
            excerpt: excerpt_html(&r.excerpt),
            title: r.title,
        })
        .collect();
    let pages = (total + PER_PAGE - 1) / PER_PAGE;
    let base: Vec<(&str, String)> = [
        ("category", query.category.clone()),
        ("lang", query.lang.clone()),
        ("model", model.clone()),
        ("q", query.q.clone()),
        ("sort", query.helpful_first.then(|| "helpful".to_string())),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k, v)))
    .collect();
    let href = |p: i64| {
        let mut pairs = base.clone();
        pairs.push(("page", p.to_string()));
        format!(
            "?{}",
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        )
    };
    render(&List {
        layout: visitor.layout().await?,
        items,
        total,
        categories: Category::ALL
            .iter()
            .map(|c| {
                (
                    c.slug(),
                    c.name(lang),
                    query.category.as_deref() == Some(c.slug()),
                )
            })
            .collect(),
        lang_filter: query.lang.clone().unwrap_or_default(),
        q: query.q.clone().unwrap_or_default(),
        helpful_first: query.helpful_first,
        filtered: query.category.is_some()
            || query.lang.is_some()
            || model.is_some()
            || query.helpful_first,
        model: model.unwrap_or_default(),
        pages: (1..=pages).map(|p| (p, href(p), p == query.page)).collect(),
    })
}

/// One side of a claim as the page shows it.
pub struct Side {
    pub label: String,
    pub median: String,
    pub iqr: String,
    pub n: usize,
}

/// What the data says of a claim.
pub struct Verdict {
    pub a: Side,
    pub b: Side,
    pub change: String,
    pub supported: bool,
    pub unit: &'static str,
    /// Measurements the claim names that are no longer verified (rejected, withdrawn, or
    /// waiting for review again).
    pub dropped: usize,
}

/// Checks a claim against the current verified figures of the measurements it names.
async fn verdict(state: &AppState, claim: &Claim, lang: Lang) -> AppResult<Option<Verdict>> {
    let ids: Vec<Uuid> = claim.a.iter().chain(&claim.b).copied().collect();
    let found = store::claimed(&state.db, &ids).await?;
    let Some(task) = found.first().and_then(|m| Task::from_slug(&m.task)) else {
        return Ok(None);
    };
    let values = |side: &[Uuid]| -> Vec<f64> {
        found
            .iter()
            .filter(|m| side.contains(&m.id) && m.status == Status::Verified)
            .filter_map(|m| task.ranked(m.wh_per_1000_queries, m.kwh_per_run))
            .collect()
    };
    let dropped = found
        .iter()
        .filter(|m| m.status != Status::Verified)
        .count()
        + (ids.len() - found.len());
    let Some(c) = compare(&values(&claim.a), &values(&claim.b)) else {
        return Ok(Some(Verdict {
            a: empty_side(&claim.a_label),
            b: empty_side(&claim.b_label),
            change: String::new(),
            supported: false,
            unit: crate::features::leaderboards::view::unit_label(task, lang),
            dropped,
        }));
    };
    let side = |label: &str, s: &energy_model::stats::Summary| Side {
        label: label.to_string(),
        median: figure(s.median, lang),
        iqr: format!("{} – {}", figure(s.q1, lang), figure(s.q3, lang)),
        n: s.count,
    };
    let sign = if c.change_percent > 0.0 { "+" } else { "" };
    Ok(Some(Verdict {
        a: side(&claim.a_label, &c.a),
        b: side(&claim.b_label, &c.b),
        change: format!("{sign}{} %", figure(c.change_percent, lang)),
        supported: c.supported,
        unit: crate::features::leaderboards::view::unit_label(task, lang),
        dropped,
    }))
}

fn empty_side(label: &str) -> Side {
    Side {
        label: label.to_string(),
        median: String::new(),
        iqr: String::new(),
        n: 0,
    }
}

pub struct LinkView {
    pub href: String,
    pub text: String,
    /// A linked measurement no longer on the boards: rejected or withdrawn.
    pub gone: Option<&'static str>,
}

pub struct CommentView {
    pub id: Uuid,
    pub author: String,
    pub body: String,
    pub date: String,
    pub hidden: bool,
}

#[derive(Template)]
#[template(path = "insights/page.html")]
struct Page {
    layout: Layout,
    id: Uuid,
    title: String,
    body_html: String,
    category: &'static str,
    lang: String,
    author: String,
    date: String,
    edited: i64,
    status: InsightStatus,
    reason: String,
    helpful: i32,
    voted: bool,
    mine: bool,
    signed_in: bool,
    researcher: bool,
    links: Vec<LinkView>,
    verdict: Option<Verdict>,
    comments: Vec<CommentView>,
}

pub async fn page(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = id_in_path(&id)?;
    let Some(i) = store::one(&state.db, id).await? else {
        return Err(AppError::NotFound);
    };
    let lang = visitor.lang;
    let user = visitor.user.clone();
    let mine = user.as_ref().is_some_and(|u| u.id == i.author_id);
    let researcher = user.as_ref().is_some_and(|u| u.role >= Role::Researcher);
    // Waiting for review or hidden: its author and researchers see it, with its state.
    if i.status != InsightStatus::Published && !mine && !researcher {
        return Err(AppError::NotFound);
    }
    let links = store::links(&state.db, id)
        .await?
        .into_iter()
        .filter_map(|l| link_view(l, lang))
        .collect();
    let verdict = match &i.claim {
        Some(claim) => verdict(&state, claim, lang).await?,
        None => None,
    };
    let comments = store::comments(&state.db, id)
        .await?
        .into_iter()
        .filter(|c| c.status == InsightStatus::Published || researcher)
        .map(|c| CommentView {
            id: c.id,
            author: c
                .author
                .unwrap_or_else(|| t(lang, "insight-former-member").to_string()),
            body: c.body,
            date: c.created_at.date().to_string(),
            hidden: c.status == InsightStatus::Hidden,
        })
        .collect();
    let voted = match &user {
        Some(u) => store::voted(&state.db, id, u.id).await?,
        None => false,
    };
    // Forms (and so a session with its token) only for those signed in.
    let layout = if user.is_some() {
        visitor.layout_with_form().await?
    } else {
        visitor.layout().await?
    };
    render(&Page {
        layout,
        id,
        title: i.title,
        body_html: i.body_html,
        category: Category::parse(&i.category).map_or("", |c| c.name(lang)),
        lang: i.lang,
        author: i
            .author
            .unwrap_or_else(|| t(lang, "insight-former-member").to_string()),
        date: i.created_at.date().to_string(),
        edited: i.revisions,
        status: i.status,
        reason: i.moderation_reason.unwrap_or_default(),
        helpful: i.helpful_count,
        voted,
        mine,
        signed_in: user.is_some(),
        researcher,
        links,
        verdict,
        comments,
    })
}

fn link_view(l: store::Link, lang: Lang) -> Option<LinkView> {
    if let (Some(slug), Some(name)) = (&l.model_slug, &l.model_name) {
        return Some(LinkView {
            href: format!("/models/{slug}"),
            text: name.clone(),
            gone: None,
        });
    }
    if let Some(id) = l.measurement_id {
        return Some(LinkView {
            href: format!("/measurements/{id}"),
            text: tf(
                lang,
                "insight-link-measurement",
                &[("id", &id.to_string()[..8])],
            ),
            gone: match l.measurement_status {
                Some(Status::Rejected) => Some(t(lang, "insight-measurement-rejected")),
                Some(Status::Withdrawn) => Some(t(lang, "insight-measurement-withdrawn")),
                _ => None,
            },
        });
    }
    l.board_path.map(|path| LinkView {
        text: path.clone(),
        href: path,
        gone: None,
    })
}
