//! Research topics and sign-ups: researchers write topics within research lines and decide on
//! sign-ups (never past capacity); students and contributors find open topics, sign up with a
//! motivation and follow their decisions. Mails go through the outbox in the recipient's
//! language.

mod gaps;
pub mod housekeeping;
pub mod public;
pub mod rules;
mod staff;
pub mod store;

use crate::web::state::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/topics", get(public::list).post(staff::create))
        .route("/topics/new", get(staff::new))
        .route("/topics/feed.atom", get(public::feed))
        .route("/topics/{id}", get(public::page))
        .route("/topics/{id}/signup", post(public::sign_up))
        .route("/topics/{id}/edit", get(staff::edit_form).post(staff::edit))
        .route("/topics/{id}/dashboard", get(staff::dashboard))
        .route("/topics/{id}/signups.csv", get(staff::csv))
        .route("/signups", get(public::mine))
        .route("/signups/{id}/withdraw", post(public::withdraw))
        .route("/signups/{id}/decide", post(staff::decide))
        .route("/signups/{id}/notes", post(staff::notes))
        .route("/research/gaps", get(gaps::page))
        .route("/research/gaps/topic", post(gaps::create))
}
