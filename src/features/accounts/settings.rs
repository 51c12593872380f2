//! The account page: change password and e-mail address (re-entering the current password),
//! and choose the language.

use super::register::invalid_link;
use super::rules::looks_like_email;
use super::store;
use crate::infra::audit::{self, event};
use crate::infra::mail;
use crate::infra::password;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::CsrfForm;
use crate::web::forms::Errors;
use crate::web::forms::MessagePage;
use crate::web::i18n::{LANG_COOKIE, Lang, t};
use crate::web::layout::unprocessable;
use crate::web::layout::{Layout, render};
use crate::web::mails::{self, MailKind};
use crate::web::session::{Member, Role, User, Visitor};
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "accounts/account.html")]
struct AccountPage {
    layout: Layout,
    user: User,
    errors: Errors,
}

async fn account_page(visitor: &Visitor, user: User, errors: Errors) -> AppResult<Response> {
    let page = AccountPage {
        layout: visitor.layout_with_form().await?,
        user,
        errors,
    };
    if page.errors.is_empty() {
        render(&page)
    } else {
        unprocessable(&page)
    }
}

pub async fn page(Member(visitor, user): Member) -> AppResult<Response> {
    account_page(&visitor, user, Errors::default()).await
}

/// Whether `plain` is the user's current password; each try is counted first (five in a
/// quarter of an hour), so a session left open cannot be used to guess it.
pub async fn current_password_ok(state: &AppState, user: &User, plain: &str) -> AppResult<bool> {
    crate::web::ratelimit::hit(
        &state.db,
        crate::web::ratelimit::CURRENT_PASSWORD,
        &user.id.to_string(),
    )
    .await?;
    let Some(c) = store::credentials_by_id(&state.db, user.id).await? else {
        return Err(AppError::Unauthorized);
    };
    Ok(password::verify(plain.to_string(), c.password_hash).await?)
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    CsrfForm { visitor, form }: CsrfForm<PasswordForm>,
) -> AppResult<Response> {
    let user = visitor.require(Role::Member)?;
    let mut errors = Errors::default();
    if !current_password_ok(&state, &user, &form.current_password).await? {
        errors.add(
            "current_password",
            t(visitor.lang, "form-current-password-wrong"),
        );
    }
    if let Err(e) = password::check_policy(&form.new_password, &[&user.email, &user.display_name]) {
        errors.add("new_password", t(visitor.lang, e.key()));
    }
    if !errors.is_empty() {
        return account_page(&visitor, user, errors).await;
    }
    let hash = password::hash(form.new_password, state.password_params).await?;
    let mut tx = state.db.begin().await?;
    store::set_password(&mut tx, user.id, &hash).await?;
    mail::enqueue(
        &mut tx,
        &mails::compose(
            user.language,
            &user.email,
            &MailKind::PasswordChanged,
            &state.config.base_url,
        ),
    )
    .await?;
    audit::record(
        &mut tx,
        event::PASSWORD_CHANGED,
        Some(user.id),
        Some(user.id),
        &visitor.ip,
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    // Other sessions end (they predate the change); this one starts afresh.
    visitor.log_in(&state.db, user.id).await?;
    visitor.flash("flash-password-changed").await?;
    Ok(Redirect::to("/account").into_response())
}

#[derive(Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_email: String,
}

pub async fn change_email(
    State(state): State<AppState>,
    CsrfForm { visitor, form }: CsrfForm<EmailForm>,
) -> AppResult<Response> {
    let user = visitor.require(Role::Member)?;
    let mut errors = Errors::default();
    if !current_password_ok(&state, &user, &form.current_password).await? {
        errors.add(
            "email_current_password",
            t(visitor.lang, "form-current-password-wrong"),
        );
    }
    let new_email = form.new_email.trim();
    if !looks_like_email(new_email) {
        errors.add("new_email", t(visitor.lang, "form-email-invalid"));
    }
    if !errors.is_empty() {
        return account_page(&visitor, user, errors).await;
    }
    let mut tx = state.db.begin().await?;
    // A taken address gets no mail, and the same answer: no enumeration.
    if !store::email_taken(&mut tx, new_email).await? {
        let token = store::new_link_token(
            &mut tx,
            user.id,
            "change_email",
            store::VERIFY_HOURS,
            Some(new_email),
        )
        .await?;
        let mail = mails::compose(
            user.language,
            new_email,
            &MailKind::ConfirmNewEmail {
                path: format!("/account/email/confirm/{token}"),
            },
            &state.config.base_url,
        );
        mail::enqueue(&mut tx, &mail).await?;
    }
    tx.commit().await?;
    render(&MessagePage {
        layout: visitor.layout().await?,
        title: t(visitor.lang, "email-change-sent-title"),
        text: t(visitor.lang, "email-change-sent-text"),
        next: Vec::new(),
    })
}

pub async fn confirm_email(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let mut tx = state.db.begin().await?;
    let Some((user, Some(new_email))) =
        store::consume_link_token(&mut tx, &token, "change_email").await?
    else {
        return invalid_link(&visitor).await;
    };
    let Some((old_email, language)) = store::contact(&mut tx, user).await? else {
        return invalid_link(&visitor).await;
    };
    if !store::set_email(&mut tx, user, &new_email).await? {
        return invalid_link(&visitor).await;
    }
    let lang = Lang::from_code(&language).unwrap_or(visitor.lang);
    mail::enqueue(
        &mut tx,
        &mails::compose(
            lang,
            &old_email,
            &MailKind::EmailChanged {
                new_email: new_email.clone(),
            },
            &state.config.base_url,
        ),
    )
    .await?;
    audit::record(
        &mut tx,
        event::EMAIL_CHANGED,
        Some(user),
        Some(user),
        &visitor.ip,
        serde_json::json!({"from": old_email, "to": new_email}),
    )
    .await?;
    tx.commit().await?;
    render(&MessagePage {
        layout: visitor.layout().await?,
        title: t(visitor.lang, "email-changed-title"),
        text: t(visitor.lang, "email-changed-text"),
        next: Vec::new(),
    })
}

#[derive(Deserialize)]
pub struct LanguageForm {
    #[serde(default)]
    language: String,
}

pub async fn change_language(
    State(state): State<AppState>,
    CsrfForm { visitor, form }: CsrfForm<LanguageForm>,
) -> AppResult<Response> {
    let user = visitor.require(Role::Member)?;
    let Some(lang) = Lang::from_code(&form.language) else {
        return Err(AppError::BadRequest("unknown language".into()));
    };
    store::set_language(&state.db, user.id, lang).await?;
    visitor.flash("flash-language-saved").await?;
    let mut response = Redirect::to("/account").into_response();
    let secure = if state.config.is_https() {
        "; Secure"
    } else {
        ""
    };
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}",
        lang.code()
    )) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(response)
}
