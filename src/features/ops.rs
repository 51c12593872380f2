//! Operations endpoints: liveness, readiness and Prometheus metrics.

use crate::web::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::time::Duration;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
}

/// The process is alive.
async fn healthz() -> Response {
    (
        [(header::CACHE_CONTROL, "no-store")],
        axum::Json(serde_json::json!({"status": "ok"})),
    )
        .into_response()
}

/// How long the database may take to answer before the app reports itself unready.
pub const READY_TIMEOUT: Duration = Duration::from_secs(2);

/// The database answers within [`READY_TIMEOUT`].
async fn readyz(State(state): State<AppState>) -> Response {
    let check = crate::infra::db::ping(&state.db);
    let (status, body) = match tokio::time::timeout(READY_TIMEOUT, check).await {
        Ok(Ok(_)) => (StatusCode::OK, "ready"),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database timed out"),
    };
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        axum::Json(serde_json::json!({"status": body})),
    )
        .into_response()
}

/// Prometheus metrics: with `GREENAI_METRICS_TOKEN` set, for requests that bear it; without,
/// for the machine itself only (a scraper on loopback), never the public.
async fn metrics(
    State(state): State<AppState>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    headers: axum::http::HeaderMap,
) -> Response {
    let allowed = match &state.config.metrics_token {
        Some(token) => headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .is_some_and(|(scheme, given)| {
                scheme.eq_ignore_ascii_case("bearer")
                    && crate::infra::tokens::constant_time_eq(
                        given.trim().as_bytes(),
                        token.expose().as_bytes(),
                    )
            }),
        // The visitor's address, not a local reverse proxy's.
        None => crate::web::client::address(&state.config, Some(peer.ip()), &headers)
            .is_some_and(|ip| ip.is_loopback()),
    };
    if !allowed {
        return crate::web::error::error_response(StatusCode::FORBIDDEN);
    }
    let text = state.metrics.render(
        state.db.size(),
        state.db.num_idle(),
        state.db.options().get_max_connections(),
    );
    (
        [
            (
                header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        text,
    )
        .into_response()
}
