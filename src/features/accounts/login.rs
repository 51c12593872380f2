//! Login and logout. Unknown addresses are checked against a dummy hash so that the answer
//! takes as long and reads the same; attempts count against the address, the account from
//! that address, and (with a much higher bar) the account from everywhere.

use super::store;
use crate::infra::audit::{self, event};
use crate::infra::password;
use crate::web::error::AppResult;
use crate::web::forms::CsrfForm;
use crate::web::forms::safe_next;
use crate::web::i18n::t;
use crate::web::layout::unprocessable;
use crate::web::layout::{Layout, render};
use crate::web::ratelimit::{self, LOGIN_PER_ACCOUNT, LOGIN_PER_ACCOUNT_AND_IP, LOGIN_PER_IP};
use crate::web::session::Visitor;
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct LoginForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub next: String,
}

#[derive(Template)]
#[template(path = "accounts/login.html")]
struct LoginPage {
    layout: Layout,
    email: String,
    next: String,
    error: Option<&'static str>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn page(visitor: Visitor, Query(q): Query<NextQuery>) -> AppResult<Response> {
    if visitor.user.is_some() {
        return Ok(Redirect::to(safe_next(q.next.as_deref())).into_response());
    }
    render(&LoginPage {
        layout: visitor.layout_with_form().await?,
        email: String::new(),
        next: safe_next(q.next.as_deref()).to_string(),
        error: None,
    })
}

/// Records a failed or refused login (the account, when the address has one).
async fn audit_failure(state: &AppState, email: &str, ip: &str, why: &str) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    let subject = store::credentials(&mut *tx, email).await?.map(|a| a.id);
    audit::record(
        &mut tx,
        event::LOGIN_FAILURE,
        None,
        subject,
        ip,
        serde_json::json!({ "reason": why }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn submit(
    State(state): State<AppState>,
    CsrfForm { visitor, form }: CsrfForm<LoginForm>,
) -> AppResult<Response> {
    let email = form.email.trim().to_lowercase();
    // Every attempt is counted before its password is checked, each count one atomic
    // statement: parallel attempts cannot all slip in under the limit.
    // Per account, the limit that bites is the one of this address with this account: many
    // wrong passwords from one place do not lock the owner out everywhere.
    let account_here = format!("{email}|{}", visitor.ip);
    let mut counted = ratelimit::hit(&state.db, LOGIN_PER_IP, &visitor.ip).await;
    if counted.is_ok() {
        counted = ratelimit::hit(&state.db, LOGIN_PER_ACCOUNT_AND_IP, &account_here).await;
    }
    if counted.is_ok() {
        counted = ratelimit::hit(&state.db, LOGIN_PER_ACCOUNT, &email).await;
    }
    if let Err(refused) = counted {
        audit_failure(&state, &email, &visitor.ip, "rate_limited").await?;
        return Err(refused);
    }
    let account = store::credentials(&state.db, &email).await?;
    let stored = match &account {
        Some(a) => a.password_hash.clone(),
        None => password::dummy_hash(state.password_params).await?,
    };
    let ok = password::verify(form.password.clone(), stored.clone()).await? && account.is_some();
    let Some(account) = account.filter(|_| ok) else {
        audit_failure(&state, &email, &visitor.ip, "wrong_password").await?;
        return unprocessable(&LoginPage {
            layout: visitor.layout_with_form().await?,
            email: form.email.trim().to_string(),
            next: safe_next(Some(&form.next)).to_string(),
            error: Some(t(visitor.lang, "login-failed")),
        });
    };
    ratelimit::clear(&state.db, LOGIN_PER_ACCOUNT_AND_IP, &account_here).await?;
    if password::needs_rehash(&stored, state.password_params) {
        let fresh = password::hash(form.password.clone(), state.password_params).await?;
        store::rehash(&state.db, account.id, &fresh).await?;
    }
    visitor.log_in(&state.db, account.id).await?;
    let mut tx = state.db.begin().await?;
    audit::record(
        &mut tx,
        event::LOGIN_SUCCESS,
        Some(account.id),
        Some(account.id),
        &visitor.ip,
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    let next = match safe_next(Some(&form.next)) {
        "/" => "/dashboard",
        other => other,
    };
    Ok(Redirect::to(next).into_response())
}

pub async fn logout(
    State(state): State<AppState>,
    CsrfForm { visitor, .. }: CsrfForm<crate::web::forms::Empty>,
) -> AppResult<Response> {
    if let Some(user) = &visitor.user {
        let mut tx = state.db.begin().await?;
        audit::record(
            &mut tx,
            event::LOGOUT,
            Some(user.id),
            Some(user.id),
            &visitor.ip,
            serde_json::json!({}),
        )
        .await?;
        tx.commit().await?;
    }
    visitor.log_out().await?;
    Ok(Redirect::to("/").into_response())
}
