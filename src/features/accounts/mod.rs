//! Accounts: registration with e-mail verification, login and logout, password reset,
//! account settings, API tokens, privacy export and deletion, and the `create-admin`
//! bootstrap. Handlers are thin; SQL is in `store.rs`.

pub mod api;
mod login;
mod privacy;
mod register;
mod reset;
mod rules;
mod settings;
pub mod store;
mod tokens;

pub use api::ApiUser;
pub use rules::{AdminInputError, AdminOutcome, create_admin};

use crate::web::state::AppState;
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
