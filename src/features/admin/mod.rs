//! Administration: users and their roles, and the audit log of security events.

mod store;

pub use store::{EventRow, UserRow};

use crate::infra::audit::{self, event};
use crate::web::error::{AppError, AppResult};
use crate::web::forms::CsrfForm;
use crate::web::layout::{Layout, render};
use crate::web::paging::Pager;
use crate::web::session::{Admin, Role};
use crate::web::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use std::collections::HashMap;
use uuid::Uuid;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/users", get(users))
        .route("/admin/users/{id}/role", post(change_role))
        .route("/admin/audit", get(audit_log))
}

impl UserRow {
    pub fn role_key(&self) -> &'static str {
        Role::parse(&self.role).unwrap_or(Role::Member).label_key()
    }
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    layout: Layout,
    users: Vec<UserRow>,
    me: Uuid,
    roles: [Role; 3],
    pager: Pager,
}

/// Rows a page of the user list and of the audit log shows.
const PER_PAGE: usize = 100;

async fn users(
    State(state): State<AppState>,
    Admin(visitor, me): Admin,
    Query(query): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let total = store::user_count(&state.db).await?;
    let pager = Pager::at(total as usize, PER_PAGE, &query, "/admin/users");
    let users = store::users(&state.db, pager.limit(), pager.offset()).await?;
    render(&UsersPage {
        layout: visitor.layout_with_form().await?,
        users,
        me: me.id,
        roles: Role::ALL,
        pager,
    })
}

#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
}

async fn change_role(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    CsrfForm { visitor, form }: CsrfForm<RoleForm>,
) -> AppResult<Response> {
    let admin = visitor.require(Role::Admin)?;
    let role =
        Role::parse(&form.role).ok_or_else(|| AppError::BadRequest("unknown role".into()))?;
    // Admins cannot change their own role, so the last admin cannot lock everyone out.
    if id == admin.id {
        return Err(AppError::BadRequest("own role".into()));
    }
    let mut tx = state.db.begin().await?;
    let old = store::set_role(&mut tx, id, role.slug()).await?;
    let old = old.ok_or(AppError::NotFound)?;
    audit::record(
        &mut tx,
        event::ROLE_CHANGED,
        Some(admin.id),
        Some(id),
        &visitor.ip,
        serde_json::json!({"from": old, "to": role.slug()}),
    )
    .await?;
    tx.commit().await?;
    visitor.flash("flash-role-changed").await?;
    Ok(Redirect::to("/admin/users").into_response())
}

impl EventRow {
    pub fn when(&self) -> String {
        crate::web::format::date(self.at)
    }
    pub fn details(&self) -> String {
        if self.detail.as_object().is_some_and(|o| o.is_empty()) {
            String::new()
        } else {
            self.detail.to_string()
        }
    }
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    layout: Layout,
    events: Vec<EventRow>,
    pager: Pager,
}

async fn audit_log(
    State(state): State<AppState>,
    Admin(visitor, _): Admin,
    Query(query): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let total = store::event_count(&state.db).await?;
    let pager = Pager::at(total as usize, PER_PAGE, &query, "/admin/audit");
    let events = store::events(&state.db, pager.limit(), pager.offset()).await?;
    render(&AuditPage {
        layout: visitor.layout().await?,
        events,
        pager,
    })
}
