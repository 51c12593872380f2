//! Insights: what members know about making AI greener, in Markdown, tied to the models,
//! measurements and board views that back it, with a claim checked against the current
//! verified figures. Listed, searched (PostgreSQL full text in Dutch and English, trigrams
//! for near matches), followed by Atom, discussed, marked helpful, reported and moderated.

mod community;
mod editing;
pub mod feed;
mod moderation;
pub mod pages;
pub mod rules;
pub mod store;
mod write;

use crate::web::state::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/insights", get(pages::list).post(editing::create))
        .route("/insights/new", get(editing::new))
        .route("/insights/feed.atom", get(feed::atom))
        .route("/insights/{id}", get(pages::page))
        .route(
            "/insights/{id}/edit",
            get(editing::edit_form).post(editing::edit),
        )
        .route("/insights/{id}/delete", post(editing::delete))
        .route("/insights/{id}/history", get(editing::history))
        .route("/insights/{id}/helpful", post(community::helpful))
        .route("/insights/{id}/comments", post(community::comment))
        .route("/insights/{id}/report", post(community::report))
        .route("/moderation/insights", get(moderation::queue))
        .route("/moderation/insights/{id}", post(moderation::decide))
        .route("/api/v1/insights", get(feed::api))
}
