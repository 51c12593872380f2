//! Measurements: the form, CodeCarbon upload, CodeCarbon's live API, JSON API and
//! published-benchmark imports on the way in; the measurement page, "my submissions" and the moderation queue after. Every way
//! in passes energy-model's validation; clean measurements are verified at once, flagged ones
//! wait for a researcher.

pub mod api;
pub mod boamps;
pub mod bulk;
mod form;
mod form_fields;
pub mod import;
pub mod live;
mod live_page;
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
        .route("/measurements/{id}/boamps.json", get(boamps::report))
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
        .route(
            "/measurements/codecarbon",
            get(live_page::page).post(live_page::create),
        )
        .route("/api/codecarbon/runs", post(live::open_run))
        .route("/api/codecarbon/emissions", post(live::add_emission))
        .route("/api/codecarbon/auth/check", get(live::auth_check))
        .route("/api/codecarbon/experiments/{id}", get(live::experiment))
}
