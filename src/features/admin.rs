//! Administration: users and their roles, and the audit log of security events.

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
use time::OffsetDateTime;
use uuid::Uuid;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/users", get(users))
        .route("/admin/users/{id}/role", post(change_role))
        .route("/admin/audit", get(audit_log))
}

#[derive(sqlx::FromRow)]
pub struct UserRow {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub verified: bool,
    pub deleted: bool,
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
    let total = sqlx::query_scalar!(r#"select count(*) as "n!" from users"#)
        .fetch_one(&state.db)
        .await?;
    let pager = Pager::at(total as usize, PER_PAGE, &query, "/admin/users");
    let users = sqlx::query_as!(
        UserRow,
        r#"select id, email, display_name, role, email_verified_at is not null as "verified!",
                deleted_at is not null as "deleted!"
           from users order by deleted_at is not null, lower(email), id limit $1 offset $2"#,
        pager.limit(),
        pager.offset()
    )
    .fetch_all(&state.db)
    .await?;
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
    let old: Option<String> = sqlx::query_scalar!(
        "update users u set role = $2 from users old
          where u.id = $1 and old.id = u.id and u.deleted_at is null
      returning old.role",
        id,
        role.slug()
    )
    .fetch_optional(&mut *tx)
    .await?;
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

#[derive(sqlx::FromRow)]
pub struct EventRow {
    pub at: OffsetDateTime,
    pub event: String,
    pub actor: Option<String>,
    pub subject: Option<String>,
    pub ip: Option<String>,
    pub detail: serde_json::Value,
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
    let total = sqlx::query_scalar!(r#"select count(*) as "n!" from audit_events"#)
        .fetch_one(&state.db)
        .await?;
    let pager = Pager::at(total as usize, PER_PAGE, &query, "/admin/audit");
    let events = sqlx::query_as!(
        EventRow,
        r#"select e.at, e.event, a.email as "actor?", s.email as "subject?", e.ip, e.detail
           from audit_events e
           left join users a on a.id = e.actor_id
           left join users s on s.id = e.subject_id
          order by e.at desc, e.id desc limit $1 offset $2"#,
        pager.limit(),
        pager.offset()
    )
    .fetch_all(&state.db)
    .await?;
    render(&AuditPage {
        layout: visitor.layout().await?,
        events,
        pager,
    })
}
