//! Measurements: the form, CodeCarbon upload, JSON API and published-benchmark imports on the
//! way in; the measurement page, "my submissions" and the moderation queue after. Every way
//! in passes energy-model's validation; clean measurements are verified at once, flagged ones
//! wait for a researcher.

pub mod api;
pub mod bulk;
mod form;
mod form_fields;
pub mod import;
mod moderation;
pub mod rules;
pub mod store;
pub mod upload;
mod view;
pub mod write;

use crate::web::state::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

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
                .layer(DefaultBodyLimit::max(bulk::MAX_BYTES + 64 * 1024)),
        )
        .route("/measurements/upload/{id}", get(upload::progress))
        .route("/measurements/upload/{id}/commit", post(upload::commit))
        .route("/measurements/upload/{id}/cancel", post(upload::cancel))
        .route("/moderation", get(moderation::queue).post(moderation::act))
        .route("/moderation/uploads/{id}", post(moderation::act_on_upload))
        .route("/api/v1/measurements", get(api::list).post(api::create))
}
