//! Measurements: the form, CodeCarbon upload, JSON API and published-benchmark imports on the
//! way in; the measurement page, "my submissions" and the moderation queue after. Every way
//! in passes energy-model's validation; clean measurements are verified at once, flagged ones
//! wait for a researcher.

pub mod api;
mod form;
pub mod import;
mod moderation;
pub mod store;
pub mod upload;
mod view;

use crate::catalogue::{HARDWARE, REGIONS};
use crate::http::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use energy_model::ValidationContext;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/measurements/new", get(form::new_page).post(form::submit))
        .route("/measurements/mine", get(view::mine))
        .route("/measurements/{id}", get(view::page))
        .route(
            "/measurements/{id}/edit",
            get(form::edit_page).post(form::edit),
        )
        .route("/measurements/{id}/withdraw", post(form::withdraw))
        .route(
            "/measurements/upload",
            get(upload::page)
                .post(upload::preview)
                .layer(DefaultBodyLimit::max(upload::MAX_BYTES + 64 * 1024)),
        )
        .route("/measurements/upload/{id}", get(upload::progress))
        .route("/measurements/upload/{id}/commit", post(upload::commit))
        .route("/moderation", get(moderation::queue).post(moderation::act))
        .route("/api/v1/measurements", get(api::list).post(api::create))
}

/// What validation needs, for today.
pub fn context(published: bool) -> ValidationContext<'static> {
    ValidationContext {
        today: time::OffsetDateTime::now_utc().date(),
        hardware: &HARDWARE,
        regions: &REGIONS,
        published_benchmark: published,
    }
}

/// A source link: http(s), at most 500 characters.
pub fn valid_url(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://"))
        && s.len() <= 500
        && s.len() > 10
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<')
}
