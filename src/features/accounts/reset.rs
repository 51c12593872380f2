//! Forgotten passwords: a single-use link, valid for an hour, mailed only when the address
//! has an account — and the same answer either way.

use super::register::invalid_link;
use super::store;
use crate::infra::audit::{self, event};
use crate::infra::mail;
use crate::infra::password;
use crate::web::error::AppResult;
use crate::web::forms::CsrfForm;
use crate::web::forms::Errors;
use crate::web::forms::MessagePage;
use crate::web::i18n::{Lang, t};
use crate::web::layout::unprocessable;
use crate::web::layout::{Layout, render};
use crate::web::mails::{self, MailKind};
use crate::web::ratelimit;
use crate::web::session::Visitor;
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "accounts/forgot.html")]
struct ForgotPage {
    layout: Layout,
    email: String,
    error: Option<&'static str>,
}

#[derive(Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    email: String,
}

pub async fn forgot_page(visitor: Visitor) -> AppResult<Response> {
    render(&ForgotPage {
        layout: visitor.layout_with_form().await?,
        email: String::new(),
        error: None,
    })
}

pub async fn forgot_submit(
    State(state): State<AppState>,
    CsrfForm { visitor, form }: CsrfForm<ForgotForm>,
) -> AppResult<Response> {
    ratelimit::hit(&state.db, ratelimit::RESET_PER_IP, &visitor.ip).await?;
    // Something that is no e-mail address at all (by its shape, the same for every visitor,
    // so nothing is told about accounts) is sent back to be corrected.
    if !super::rules::looks_like_email(form.email.trim()) {
        return unprocessable(&ForgotPage {
            layout: visitor.layout_with_form().await?,
            email: form.email.chars().take(254).collect(),
            error: Some(t(visitor.lang, "form-email-invalid")),
        });
    }
    let mut tx = state.db.begin().await?;
    if let Some(account) = store::credentials(&mut *tx, &form.email).await? {
        let token = store::new_link_token(
            &mut tx,
            account.id,
            "reset_password",
            store::RESET_HOURS,
            None,
        )
        .await?;
        let lang = Lang::from_code(&account.language).unwrap_or(visitor.lang);
        let mail = mails::compose(
            lang,
            &account.email,
            &MailKind::ResetPassword {
                path: format!("/password/reset/{token}"),
            },
            &state.config.base_url,
        );
        mail::enqueue(&mut tx, &mail).await?;
    }
    tx.commit().await?;
    render(&MessagePage {
        layout: visitor.layout().await?,
        title: t(visitor.lang, "forgot-done-title"),
        text: t(visitor.lang, "forgot-done-text"),
        next: Vec::new(),
    })
}

#[derive(Template)]
#[template(path = "accounts/reset.html")]
struct ResetPage {
    layout: Layout,
    token: String,
    errors: Errors,
}

pub async fn reset_page(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(token): Path<String>,
) -> AppResult<Response> {
    if !store::link_token_valid(&state.db, &token, "reset_password").await? {
        return invalid_link(&visitor).await;
    }
    render(&ResetPage {
        layout: visitor.layout_with_form().await?,
        token,
        errors: Errors::default(),
    })
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    password: String,
}

pub async fn reset_submit(
    State(state): State<AppState>,
    Path(token): Path<String>,
    CsrfForm { visitor, form }: CsrfForm<ResetForm>,
) -> AppResult<Response> {
    if let Err(e) = password::check_policy(&form.password, &[]) {
        let mut errors = Errors::default();
        errors.add("password", t(visitor.lang, e.key()));
        return unprocessable(&ResetPage {
            layout: visitor.layout_with_form().await?,
            token,
            errors,
        });
    }
    // Counted, and the link checked, before the password is hashed (19 MiB of argon2 each):
    // a guessed or spent link costs one lookup.
    ratelimit::hit(&state.db, ratelimit::RESET_SUBMIT_PER_IP, &visitor.ip).await?;
    if !store::link_token_valid(&state.db, &token, "reset_password").await? {
        return invalid_link(&visitor).await;
    }
    let hash = password::hash(form.password, state.password_params).await?;
    let mut tx = state.db.begin().await?;
    let Some((user, _)) = store::consume_link_token(&mut tx, &token, "reset_password").await?
    else {
        return invalid_link(&visitor).await;
    };
    store::set_password(&mut tx, user, &hash).await?;
    // The mailbox answered, so the address is verified too.
    store::mark_verified(&mut tx, user).await?;
    let Some(account) = store::contact(&mut tx, user).await? else {
        return invalid_link(&visitor).await;
    };
    let lang = Lang::from_code(&account.1).unwrap_or(visitor.lang);
    mail::enqueue(
        &mut tx,
        &mails::compose(
            lang,
            &account.0,
            &MailKind::PasswordChanged,
            &state.config.base_url,
        ),
    )
    .await?;
    audit::record(
        &mut tx,
        event::PASSWORD_RESET,
        Some(user),
        Some(user),
        &visitor.ip,
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    visitor.log_out().await?;
    visitor.flash("flash-password-reset").await?;
    Ok(Redirect::to("/login").into_response())
}
