//! The router: every feature's routes merged in one place, and the cross-cutting layers
//! (request ids, tracing, compression, security headers, metrics, error pages, limits).

use crate::accounts::password::Params;
use crate::config::Config;
use crate::error::{AppError, ErrorPage, error_response};
use crate::i18n::{self, Lang};
use crate::metrics::Metrics;
use crate::session::Role;
use crate::{
    accounts, admin, assets, leaderboards, measurements, models, openapi, ops, pages, session,
};
use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRef, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{Next, from_fn, from_fn_with_state};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use sqlx::PgPool;
use std::sync::Arc;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

/// Everything handlers share.
#[derive(Clone)]
pub struct AppState {
    pub db: PgPool,
    pub config: Arc<Config>,
    pub metrics: Metrics,
    /// 64 bytes that sign session cookies.
    pub session_key: Arc<[u8; 64]>,
    /// Argon2id cost: production parameters, cheaper ones only in tests.
    pub password_params: Params,
    /// Board versions and the views computed from them.
    pub boards: crate::leaderboards::view::Boards,
}

impl FromRef<AppState> for Metrics {
    fn from_ref(state: &AppState) -> Metrics {
        state.metrics.clone()
    }
}

impl FromRef<AppState> for Arc<Config> {
    fn from_ref(state: &AppState) -> Arc<Config> {
        state.config.clone()
    }
}

/// Largest request body accepted by default (uploads raise it on their own routes).
pub const BODY_LIMIT: usize = 1024 * 1024;

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
        .merge(measurements::router())
        .merge(leaderboards::router())
        .merge(openapi::router())
        .merge(ops::router())
        .route("/static/{file}", get(assets::serve))
        .merge(extra)
        .fallback(|| async { AppError::NotFound })
        .method_not_allowed_fallback(|| async { error_response(StatusCode::METHOD_NOT_ALLOWED) })
        .layer(sessions)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(CatchPanicLayer::custom(|_| {
            tracing::error!("handler panicked");
            error_response(StatusCode::INTERNAL_SERVER_ERROR)
        }))
        .layer(from_fn(error_pages))
        .layer(from_fn_with_state(metrics, crate::metrics::track))
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

/// The parts of every page around its content.
pub struct Layout {
    pub lang: Lang,
    /// The current path with its query, for the language switch to return to.
    pub path: String,
    pub css: String,
    pub icon: String,
    /// Display name and role of the logged-in user.
    pub user: Option<(String, Role)>,
    /// The session's CSRF token, for the forms on the page (empty when there are none).
    pub csrf: String,
    /// A one-time message from the previous step.
    pub flash: Option<&'static str>,
}

/// Navigation entries: path and message key. Features add theirs here as they land.
pub const NAV: &[(&str, &str)] = &[
    ("/", "nav-home"),
    ("/leaderboards", "nav-leaderboards"),
    ("/models", "nav-models"),
    ("/measurements/new", "nav-submit"),
    ("/sources", "nav-sources"),
];

impl Layout {
    pub fn new(lang: Lang, path: impl Into<String>) -> Layout {
        Layout {
            lang,
            path: path.into(),
            css: assets::url("app.css"),
            icon: assets::url("favicon.svg"),
            user: None,
            csrf: String::new(),
            flash: None,
        }
    }

    pub fn is_admin(&self) -> bool {
        matches!(self.user, Some((_, Role::Admin)))
    }

    pub fn is_researcher(&self) -> bool {
        matches!(self.user, Some((_, r)) if r >= Role::Researcher)
    }

    /// A message in the page's language.
    pub fn t(&self, key: &str) -> &'static str {
        i18n::t(self.lang, key)
    }

    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn nav(&self) -> &'static [(&'static str, &'static str)] {
        NAV
    }

    /// Whether a navigation entry is the current page.
    pub fn is_current(&self, href: &str) -> bool {
        let path = self.path.split('?').next().unwrap_or("");
        if href == "/" {
            path == "/"
        } else {
            path == href || path.starts_with(&format!("{href}/"))
        }
    }

    /// The other language, for the switch.
    pub fn other(&self) -> Lang {
        match self.lang {
            Lang::En => Lang::Nl,
            Lang::Nl => Lang::En,
        }
    }
}

/// Renders a template into a page response.
pub fn render(template: &impl Template) -> Result<Response, AppError> {
    Ok(Html(template.render()?).into_response())
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate {
    layout: Layout,
    status: u16,
    title: &'static str,
    message: String,
    request_id: String,
}

fn error_keys(status: StatusCode) -> (&'static str, &'static str) {
    match status.as_u16() {
        400 => ("error-400-title", "error-400-message"),
        401 => ("error-401-title", "error-401-message"),
        403 => ("error-403-title", "error-403-message"),
        404 => ("error-404-title", "error-404-message"),
        405 => ("error-405-title", "error-405-message"),
        413 => ("error-413-title", "error-413-message"),
        422 => ("error-422-title", "error-422-message"),
        429 => ("error-429-title", "error-429-message"),
        _ => ("error-500-title", "error-500-message"),
    }
}

/// Writes the page (or JSON problem) for responses marked [`ErrorPage`], in the visitor's
/// language, with the request id so a report can be matched to the log.
async fn error_pages(request: Request, next: Next) -> Response {
    let lang = i18n::negotiate(request.headers());
    let path = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_string();
    let response = next.run(request).await;
    let oversized = response.status() == StatusCode::PAYLOAD_TOO_LARGE;
    if response.extensions().get::<ErrorPage>().is_none() && !oversized {
        return response;
    }
    let status = response.status();
    let (parts, _) = response.into_parts();
    let (title_key, message_key) = error_keys(status);
    let detail = parts
        .extensions
        .get::<crate::error::ErrorDetail>()
        .map(|d| d.0.clone())
        .unwrap_or_else(|| i18n::t(lang, message_key).to_string());
    let mut page = if path.starts_with("/api/") {
        let mut body = serde_json::json!({
            "type": "about:blank",
            "title": i18n::t(lang, title_key),
            "status": status.as_u16(),
            "detail": detail,
            "request_id": request_id,
        });
        if let Some(crate::error::ProblemList(problems)) = parts.extensions.get() {
            body["problems"] = serde_json::json!(problems);
        }
        (
            [(header::CONTENT_TYPE, "application/problem+json")],
            body.to_string(),
        )
            .into_response()
    } else {
        let template = ErrorTemplate {
            layout: Layout::new(lang, path),
            status: status.as_u16(),
            title: i18n::t(lang, title_key),
            message: detail.clone(),
            request_id,
        };
        match template.render() {
            Ok(html) => Html(html).into_response(),
            Err(e) => {
                tracing::error!(error = %e, "error page failed to render");
                i18n::t(lang, message_key).into_response()
            }
        }
    };
    *page.status_mut() = status;
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            page.headers_mut().insert(name, value.clone());
        }
    }
    page
}

/// Security headers on every response.
async fn security_headers(
    State(config): State<Arc<Config>>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
             object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if config.is_https() {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    let is_html = h
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if is_html {
        // Pages differ by language, chosen from the cookie or Accept-Language.
        h.insert(
            header::VARY,
            HeaderValue::from_static("Cookie, Accept-Language"),
        );
        h.entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("no-cache"));
    }
    response
}
