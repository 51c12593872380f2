//! The insight pages: the list (filters, search, pages), one insight with what the data says
//! of its claim, the form to write or edit one, its history, and deleting it.

use super::rules::{self, Category, Claim, InsightForm, InsightStatus};
use super::store::{self, PER_PAGE, Query};
use super::write;
use crate::store::states::Status;
use crate::web::error::{AppError, AppResult, id_in_path};
use crate::web::forms::{CsrfForm, Errors};
use crate::web::i18n::{Lang, figure, t, tf};
use crate::web::layout::{Layout, render, unprocessable};
use crate::web::ratelimit::{self, Limit};
use crate::web::session::{Member, Role, User, Visitor};
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{Path, RawQuery, State};

use axum::response::{IntoResponse, Redirect, Response};
use energy_model::stats::compare;
use energy_model::{FunctionalUnit, Task};
use uuid::Uuid;

/// Insights an account younger than a week may post in an hour, and any account.
pub const NEW_ACCOUNT_POSTS: Limit = Limit {
    name: "insights-new-account",
    max: 3,
    window_secs: 3600,
};
pub const POSTS: Limit = Limit {
    name: "insights",
    max: 10,
    window_secs: 3600,
};

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
            .filter_map(|m| match task.functional_unit() {
                FunctionalUnit::PerRun => m.kwh_per_run,
                FunctionalUnit::PerThousandQueries => m.wh_per_1000_queries,
            })
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
            unit: unit(task, lang),
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
        unit: unit(task, lang),
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

fn unit(task: Task, lang: Lang) -> &'static str {
    t(
        lang,
        match task.functional_unit() {
            FunctionalUnit::PerRun => "measure-kwh-per-run",
            FunctionalUnit::PerThousandQueries => "measure-wh-per-1000",
        },
    )
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

#[derive(Template)]
#[template(path = "insights/form.html")]
struct FormPage {
    layout: Layout,
    action: String,
    heading: &'static str,
    form: InsightForm,
    errors: Errors,
    categories: Vec<(&'static str, &'static str)>,
}

fn form_page(
    layout: Layout,
    action: String,
    heading: &'static str,
    form: InsightForm,
    errors: Errors,
) -> FormPage {
    let lang = layout.lang;
    FormPage {
        layout,
        action,
        heading,
        form,
        errors,
        categories: Category::ALL
            .iter()
            .map(|c| (c.slug(), c.name(lang)))
            .collect(),
    }
}

/// Only members whose address is confirmed write insights.
fn require_verified(user: &User) -> AppResult<()> {
    if user.verified {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn new(Member(visitor, user): Member) -> AppResult<Response> {
    require_verified(&user)?;
    let form = InsightForm {
        lang: visitor.lang.code().to_string(),
        ..InsightForm::default()
    };
    let heading = t(visitor.lang, "insight-new-title");
    render(&form_page(
        visitor.layout_with_form().await?,
        "/insights".into(),
        heading,
        form,
        Errors::default(),
    ))
}

pub async fn create(
    State(state): State<AppState>,
    CsrfForm { visitor, form }: CsrfForm<InsightForm>,
) -> AppResult<Response> {
    let user = visitor.require(Role::Member)?;
    require_verified(&user)?;
    let lang = visitor.lang;
    let heading = t(lang, "insight-new-title");
    let draft = match rules::check(&form, lang, &state.config.base_url) {
        Ok(d) => d,
        Err(errors) => {
            let layout = visitor.layout_with_form().await?;
            return unprocessable(&form_page(
                layout,
                "/insights".into(),
                heading,
                form,
                errors,
            ));
        }
    };
    // Counted before the work it protects (rendering, storing).
    let young = sqlx::query_scalar!(
        r#"select created_at > now() - interval '7 days' as "young!" from users where id = $1"#,
        user.id
    )
    .fetch_one(&state.db)
    .await?;
    if young {
        ratelimit::hit(&state.db, NEW_ACCOUNT_POSTS, &user.id.to_string()).await?;
    }
    ratelimit::hit(&state.db, POSTS, &user.id.to_string()).await?;
    match write::create(&state.db, &user, &draft, lang).await? {
        Ok((id, status)) => {
            visitor
                .flash(if status == InsightStatus::Pending {
                    "flash-insight-pending"
                } else {
                    "flash-insight-published"
                })
                .await?;
            Ok(Redirect::to(&format!("/insights/{id}")).into_response())
        }
        Err(errors) => {
            let layout = visitor.layout_with_form().await?;
            unprocessable(&form_page(
                layout,
                "/insights".into(),
                heading,
                form,
                errors,
            ))
        }
    }
}

/// The form as it was, for editing.
async fn form_of(state: &AppState, id: Uuid) -> AppResult<InsightForm> {
    let i = store::one(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let links = store::links(&state.db, id).await?;
    let join = |v: Vec<String>| v.join("\n");
    let claim = i.claim.map(|c| c.0);
    let ids = |v: &[Uuid]| v.iter().map(Uuid::to_string).collect::<Vec<_>>().join("\n");
    Ok(InsightForm {
        title: i.title,
        body: i.body,
        category: i.category,
        lang: i.lang,
        models: join(links.iter().filter_map(|l| l.model_name.clone()).collect()),
        measurements: join(
            links
                .iter()
                .filter_map(|l| l.measurement_id.map(|m| m.to_string()))
                .collect(),
        ),
        boards: join(links.iter().filter_map(|l| l.board_path.clone()).collect()),
        claim_a_label: claim
            .as_ref()
            .map(|c| c.a_label.clone())
            .unwrap_or_default(),
        claim_a: claim.as_ref().map(|c| ids(&c.a)).unwrap_or_default(),
        claim_b_label: claim
            .as_ref()
            .map(|c| c.b_label.clone())
            .unwrap_or_default(),
        claim_b: claim.as_ref().map(|c| ids(&c.b)).unwrap_or_default(),
    })
}

async fn author_of(state: &AppState, id: Uuid) -> AppResult<Uuid> {
    sqlx::query_scalar!(
        "select author_id from insights where id = $1 and status <> 'deleted'",
        id
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(AppError::NotFound)
}

pub async fn edit_form(
    State(state): State<AppState>,
    Member(visitor, user): Member,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = id_in_path(&id)?;
    if author_of(&state, id).await? != user.id {
        return Err(AppError::Forbidden);
    }
    let form = form_of(&state, id).await?;
    let heading = t(visitor.lang, "insight-edit-title");
    render(&form_page(
        visitor.layout_with_form().await?,
        format!("/insights/{id}/edit"),
        heading,
        form,
        Errors::default(),
    ))
}

pub async fn edit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CsrfForm { visitor, form }: CsrfForm<InsightForm>,
) -> AppResult<Response> {
    let id = id_in_path(&id)?;
    let user = visitor.require(Role::Member)?;
    if author_of(&state, id).await? != user.id {
        return Err(AppError::Forbidden);
    }
    let lang = visitor.lang;
    let heading = t(lang, "insight-edit-title");
    let action = format!("/insights/{id}/edit");
    let draft = match rules::check(&form, lang, &state.config.base_url) {
        Ok(d) => d,
        Err(errors) => {
            let layout = visitor.layout_with_form().await?;
            return unprocessable(&form_page(layout, action, heading, form, errors));
        }
    };
    match write::edit(&state.db, id, &user, &draft, lang).await? {
        None => Err(AppError::Forbidden),
        Some(Ok(())) => {
            visitor.flash("flash-insight-saved").await?;
            Ok(Redirect::to(&format!("/insights/{id}")).into_response())
        }
        Some(Err(errors)) => {
            let layout = visitor.layout_with_form().await?;
            unprocessable(&form_page(layout, action, heading, form, errors))
        }
    }
}

pub async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CsrfForm { visitor, .. }: CsrfForm<crate::web::forms::Empty>,
) -> AppResult<Response> {
    let id = id_in_path(&id)?;
    let user = visitor.require(Role::Member)?;
    if author_of(&state, id).await? != user.id {
        return Err(AppError::Forbidden);
    }
    write::delete(&state.db, id, user.id).await?;
    visitor.flash("flash-insight-deleted").await?;
    Ok(Redirect::to("/insights").into_response())
}

pub struct Revision {
    pub title: String,
    pub body: String,
    pub replaced: String,
}

#[derive(Template)]
#[template(path = "insights/history.html")]
struct History {
    layout: Layout,
    id: Uuid,
    title: String,
    revisions: Vec<Revision>,
}

/// The versions an insight had before its edits, newest first.
pub async fn history(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = id_in_path(&id)?;
    let i = store::one(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let allowed = i.status == InsightStatus::Published
        || visitor
            .user
            .as_ref()
            .is_some_and(|u| u.id == i.author_id || u.role >= Role::Researcher);
    if !allowed {
        return Err(AppError::NotFound);
    }
    let revisions = sqlx::query!(
        "select title, body, replaced_at from insight_revisions where insight_id = $1 order by id desc",
        id
    )
    .fetch_all(&state.db)
    .await?
    .into_iter()
    .map(|r| Revision {
        title: r.title,
        body: r.body,
        replaced: crate::web::format::date(r.replaced_at),
    })
    .collect();
    render(&History {
        layout: visitor.layout().await?,
        id,
        title: i.title,
        revisions,
    })
}
