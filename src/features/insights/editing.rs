//! Writing an insight: the form to write or edit one (rate-limited before the work), its
//! history of replaced versions, and deleting it.

use super::rules::{self, Category, InsightForm, InsightStatus};
use super::store;
use super::write;
use crate::web::error::{AppError, AppResult, id_in_path};
use crate::web::forms::{CsrfForm, Errors};
use crate::web::i18n::t;
use crate::web::layout::{Layout, render, unprocessable};
use crate::web::ratelimit::{self, Limit};
use crate::web::session::{Member, Role, User, Visitor};
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
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
    let young = crate::features::accounts::store::is_new(&state.db, user.id).await?;
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
    store::author_of(&state.db, id)
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
    let revisions = store::revisions(&state.db, id)
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
