//! Accounts: registration with e-mail verification, login and logout, password reset,
//! account settings, API tokens, privacy export and deletion, and the `create-admin`
//! bootstrap. Handlers are thin; SQL is in `store.rs`.

pub mod api;
mod login;
pub mod password;
mod privacy;
mod register;
mod reset;
mod settings;
pub mod store;
mod tokens;

pub use api::ApiUser;
pub use login::Empty;
pub use register::MessagePage;
pub use tokens::date;

use crate::http::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/register", get(register::page).post(register::submit))
        .route("/verify/{token}", get(register::verify))
        .route("/login", get(login::page).post(login::submit))
        .route("/logout", post(login::logout))
        .route(
            "/password/forgot",
            get(reset::forgot_page).post(reset::forgot_submit),
        )
        .route(
            "/password/reset/{token}",
            get(reset::reset_page).post(reset::reset_submit),
        )
        .route("/account", get(settings::page))
        .route("/account/password", post(settings::change_password))
        .route("/account/email", post(settings::change_email))
        .route(
            "/account/email/confirm/{token}",
            get(settings::confirm_email),
        )
        .route("/account/language", post(settings::change_language))
        .route("/account/tokens", get(tokens::page).post(tokens::create))
        .route("/account/tokens/{id}/revoke", post(tokens::revoke))
        .route("/account/export", get(privacy::export))
        .route(
            "/account/delete",
            get(privacy::delete_page).post(privacy::delete),
        )
        .route("/api/v1/me", get(api::me))
}

/// Field errors of a form, already in the visitor's language.
#[derive(Default, Debug)]
pub struct Errors(pub Vec<(&'static str, String)>);

impl Errors {
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.push((field, message.into()));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message for a field, if it has one.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

/// What `create-admin` did.
#[derive(Debug, PartialEq, Eq)]
pub enum AdminOutcome {
    Created,
    /// The address had an account already: it is now an admin, with the new password.
    Promoted,
}

/// Problems with what `create-admin` was given, said plainly.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AdminInputError {
    #[error("“{0}” is not an e-mail address")]
    Email(String),
    #[error("{0}")]
    Password(password::PasswordError),
}

/// Creates an admin account, or makes the existing account with this address an admin.
pub async fn create_admin(
    db: &sqlx::PgPool,
    email: &str,
    plain_password: &str,
) -> anyhow::Result<Result<AdminOutcome, AdminInputError>> {
    let email = email.trim();
    if !looks_like_email(email) {
        return Ok(Err(AdminInputError::Email(email.to_string())));
    }
    if let Err(e) = password::check_policy(plain_password, &[email]) {
        return Ok(Err(AdminInputError::Password(e)));
    }
    let hash = password::hash(plain_password.to_string(), password::Params::production()).await?;
    let created = store::upsert_admin(db, email, &hash).await?;
    Ok(Ok(if created {
        AdminOutcome::Created
    } else {
        AdminOutcome::Promoted
    }))
}

/// A plausible address: one `@` with something on both sides and a dot in the domain.
pub fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && s.len() <= 254
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_shapes() {
        assert!(looks_like_email("ann@example.nl"));
        assert!(!looks_like_email("ann@example"));
        assert!(!looks_like_email("@example.nl"));
        assert!(!looks_like_email("ann @example.nl"));
        assert!(!looks_like_email("ann@@example.nl"));
    }
}
