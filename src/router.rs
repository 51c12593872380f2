//! The router: every feature's routes merged in one place, and the cross-cutting layers
//! (request ids, tracing, compression, security headers, metrics, error pages, limits).
//! Nothing below imports it.

use crate::features::{
    accounts, admin, dashboard, editions, hardware, insights, leaderboards, measurements, models,
    ops, pages, topics,
};
use crate::openapi;
use crate::web::error::{AppError, error_response};
use crate::web::state::{AppState, BODY_LIMIT};
use crate::web::{assets, error_pages::error_pages, headers::security_headers, session};
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::StatusCode;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::get;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// The whole application.
pub fn router(state: AppState) -> Router {
    app(state, Router::new())
}

/// The application with `extra` routes merged in under the same layers (tests use this to
/// add routes that fail on purpose).
pub fn app(state: AppState, extra: Router<AppState>) -> Router {
    let metrics = state.metrics.clone();
    let config = state.config.clone();
    let sessions = session::layer(
        tower_sessions_sqlx_store::PostgresStore::new(state.db.clone()),
        state.session_key.as_slice(),
        config.is_https(),
    );
    Router::new()
        .merge(pages::router())
        .merge(models::router())
        .merge(accounts::router())
        .merge(admin::router())
        .merge(dashboard::router())
        .merge(editions::router())
        .merge(measurements::router())
        .merge(hardware::router())
        .merge(leaderboards::router())
        .merge(insights::router())
        .merge(topics::router())
        .merge(openapi::router())
        .merge(ops::router())
        .route("/static/{file}", get(assets::serve))
        .merge(extra)
        .fallback(|| async { AppError::NotFound })
        .method_not_allowed_fallback(|| async { error_response(StatusCode::METHOD_NOT_ALLOWED) })
        .layer(from_fn_with_state(state.clone(), session::anonymous_csrf))
        .layer(sessions)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(CatchPanicLayer::custom(|_| {
            tracing::error!("handler panicked");
            error_response(StatusCode::INTERNAL_SERVER_ERROR)
        }))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            std::time::Duration::from_secs(config.request_timeout_s),
        ))
        .layer(from_fn(crate::web::headers::refuse_control_characters))
        .layer(from_fn(error_pages))
        .layer(from_fn_with_state(metrics, crate::infra::metrics::track))
        .layer(from_fn_with_state(config, security_headers))
        .layer(CompressionLayer::new())
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request| {
                let id = request
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                tracing::info_span!("request", id, method = %request.method(), path = %request.uri().path())
            }),
        )
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}
