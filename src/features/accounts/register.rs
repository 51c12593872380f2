//! Registration and e-mail verification. A known address gets the same answer as a new one
//! ("check your inbox"), and its owner a mail saying so: no account enumeration.

use super::rules::looks_like_email;
use super::store;
use crate::infra::audit::{self, event};
use crate::infra::mail;
use crate::infra::password;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::CsrfForm;
use crate::web::forms::Errors;
use crate::web::forms::MessagePage;
use crate::web::i18n::{Lang, t};
use crate::web::layout::{Layout, render, unprocessable};
use crate::web::mails::{self, MailKind};
use crate::web::ratelimit;
use crate::web::session::Visitor;
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct RegisterForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub password: String,
}

#[derive(Template)]
#[template(path = "accounts/register.html")]
struct RegisterPage {
    layout: Layout,
    form: RegisterForm,
    errors: Errors,
}

pub async fn page(visitor: Visitor) -> AppResult<Response> {
    render(&RegisterPage {
        layout: visitor.layout_with_form().await?,
        form: RegisterForm::default(),
        errors: Errors::default(),
    })
}

fn check(form: &RegisterForm, lang: Lang) -> Errors {
    let mut errors = Errors::default();
    if !looks_like_email(form.email.trim()) {
        errors.add("email", t(lang, "form-email-invalid"));
    }
    let name = form.display_name.trim().chars().count();
    if name == 0 || name > 80 || crate::web::forms::has_invisible_characters(&form.display_name) {
        errors.add("display_name", t(lang, "form-display-name-invalid"));
    }
    if let Err(e) = password::check_policy(
        &form.password,
        &[form.email.trim(), form.display_name.trim()],
    ) {
        errors.add("password", t(lang, e.key()));
    }
    errors
}

/// A registration: every field checked, then the rate limit (before the hash), then the
/// account and its mail in one transaction (a known address gets the same answer and a mail to its owner).
pub async fn submit(
    State(state): State<AppState>,
    CsrfForm { visitor, form }: CsrfForm<RegisterForm>,
) -> AppResult<Response> {
    let mut errors = check(&form, visitor.lang);
    // Only an attempt that would register counts (a mistake in the form costs no hash and
    // does not use up the allowance); it is counted before the password is hashed. Over the
    // limit, the form comes back as typed, saying how long to wait.
    let counted = if errors.is_empty() {
        ratelimit::hit(&state.db, ratelimit::REGISTER_PER_IP, &visitor.ip).await
    } else {
        Ok(())
    };
    let limited = match counted {
        Err(AppError::TooManyRequests(secs)) => {
            errors.add("email", ratelimit::wait_message(visitor.lang, secs));
            true
        }
        Err(other) => return Err(other),
        Ok(()) => false,
    };
    if !errors.is_empty() {
        let page = RegisterPage {
            layout: visitor.layout_with_form().await?,
            form: RegisterForm {
                password: String::new(),
                ..form
            },
            errors,
        };
        let mut response = unprocessable(&page)?;
        if limited {
            *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
        }
        return Ok(response);
    }
    // Hash in both cases, so a known address answers as slowly as a new one.
    let hash = password::hash(form.password.clone(), state.password_params).await?;
    let mut tx = state.db.begin().await?;
    if let Some(existing) = store::credentials(&mut *tx, &form.email).await? {
        let lang = Lang::from_code(&existing.language).unwrap_or(visitor.lang);
        let mail = mails::compose(
            lang,
            &existing.email,
            &MailKind::AlreadyRegistered,
            &state.config.base_url,
        );
        mail::enqueue(&mut tx, &mail).await?;
    } else {
        let id = store::insert_user(
            &mut tx,
            &form.email,
            &form.display_name,
            &hash,
            visitor.lang.code(),
        )
        .await?;
        let token =
            store::new_link_token(&mut tx, id, "verify_email", store::VERIFY_HOURS, None).await?;
        let mail = mails::compose(
            visitor.lang,
            form.email.trim(),
            &MailKind::VerifyEmail {
                path: format!("/verify/{token}"),
            },
            &state.config.base_url,
        );
        mail::enqueue(&mut tx, &mail).await?;
        audit::record(
            &mut tx,
            event::REGISTERED,
            Some(id),
            Some(id),
            &visitor.ip,
            serde_json::json!({}),
        )
        .await?;
    }
    tx.commit().await?;
    render(&MessagePage {
        layout: visitor.layout().await?,
        title: t(visitor.lang, "register-done-title"),
        text: t(visitor.lang, "register-done-text"),
        next: Vec::new(),
    })
}

pub async fn verify(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let mut tx = state.db.begin().await?;
    let Some((user, _)) = store::consume_link_token(&mut tx, &token, "verify_email").await? else {
        return invalid_link(&visitor).await;
    };
    store::mark_verified(&mut tx, user).await?;
    audit::record(
        &mut tx,
        event::EMAIL_VERIFIED,
        Some(user),
        Some(user),
        &visitor.ip,
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    render(&MessagePage {
        layout: visitor.layout().await?,
        title: t(visitor.lang, "verify-done-title"),
        text: t(visitor.lang, "verify-done-text"),
        // What a confirmed newcomer came for: in, and on to a first measurement.
        next: if visitor.user.is_some() {
            vec![
                ("/measurements/new", "cta-measure-link"),
                ("/dashboard", "dashboard-title"),
            ]
        } else {
            vec![
                ("/login?next=/measurements/new", "verify-done-login"),
                ("/leaderboards", "landing-see-boards"),
            ]
        },
    })
}

/// The answer to a link that is unknown, used or expired.
pub async fn invalid_link(visitor: &Visitor) -> AppResult<Response> {
    let mut response = render(&MessagePage {
        layout: visitor.layout().await?,
        title: t(visitor.lang, "link-invalid-title"),
        text: t(visitor.lang, "link-invalid-text"),
        next: Vec::new(),
    })?;
    *response.status_mut() = StatusCode::BAD_REQUEST;
    Ok(response)
}
