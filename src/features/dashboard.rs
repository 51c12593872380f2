//! A member's own page, where a login lands: what they sent and how far it got, their
//! sign-ups and insights, what they can do next, and for researchers what waits for them.

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

/// What the member's things number, each by how far it got.
#[derive(sqlx::FromRow)]
struct Counts {
    measurements_verified: i64,
    measurements_pending: i64,
    measurements_rejected: i64,
    signups_pending: i64,
    signups_accepted: i64,
    insights: i64,
    /// For researchers: pending measurements and insights to look at.
    queue: i64,
    insights_to_review: i64,
}

async fn page(State(state): State<AppState>, Member(visitor, user): Member) -> AppResult<Response> {
    let researcher = user.role >= Role::Researcher;
    let counts = sqlx::query_as!(
        Counts,
        r#"select
            (select count(*) from measurements where submitter_id = $1 and status = 'verified') as "measurements_verified!",
            (select count(*) from measurements where submitter_id = $1 and status = 'pending') as "measurements_pending!",
            (select count(*) from measurements where submitter_id = $1 and status = 'rejected') as "measurements_rejected!",
            (select count(*) from signups where user_id = $1 and status in ('pending', 'waitlisted')) as "signups_pending!",
            (select count(*) from signups where user_id = $1 and status = 'accepted') as "signups_accepted!",
            (select count(*) from insights where author_id = $1 and status <> 'deleted') as "insights!",
            (select case when $2 then count(*) else 0 end from measurements where status = 'pending') as "queue!",
            (select case when $2 then count(*) else 0 end from insights where status = 'pending') as "insights_to_review!""#,
        user.id,
        researcher
    )
    .fetch_one(&state.db)
    .await?;
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
