//! A member's own page, where a login lands: what they sent and how far it got, their
//! sign-ups and insights, what they can do next, and for researchers what waits for them.

mod store;

use store::Counts;

use crate::web::error::AppResult;
use crate::web::layout::{Layout, render};
use crate::web::session::{Member, Role};
use crate::web::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;

pub fn router() -> Router<AppState> {
    Router::new().route("/dashboard", get(page))
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct Page {
    layout: Layout,
    welcome: String,
    verified: bool,
    researcher: bool,
    counts: Counts,
}

async fn page(State(state): State<AppState>, Member(visitor, user): Member) -> AppResult<Response> {
    let researcher = user.role >= Role::Researcher;
    let counts = store::counts(&state.db, user.id, researcher).await?;
    render(&Page {
        welcome: crate::web::i18n::tf(
            visitor.lang,
            "dashboard-welcome",
            &[("name", &user.display_name)],
        ),
        layout: visitor.layout().await?,
        verified: user.verified,
        researcher,
        counts,
    })
}
