//! Security headers on every response, and the caching rule for pages.

use crate::infra::config::Config;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;

/// Security headers on every response.
pub async fn security_headers(
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
        // A page no handler marked cacheable may hold something private (a new token, a list
        // of users): never stored by a browser or a proxy.
        h.entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("no-store"));
    }
    response
}

/// Refuses a request whose address (path or query, percent-decoded) holds control
/// characters, such as `/models/%00`, before any handler or the database sees it.
pub async fn refuse_control_characters(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    // HTTP itself refuses raw control bytes in an address: only `%`-escaped ones get here, so
    // an address without `%` (most of them, every board view) costs one scan.
    let encoded = request
        .uri()
        .path_and_query()
        .map(|pq| pq.as_str())
        .filter(|pq| pq.contains('%'));
    if let Some(encoded) = encoded
        && crate::web::forms::has_control_characters(&String::from_utf8_lossy(&percent_decode(
            encoded.as_bytes(),
        )))
    {
        let lang = crate::web::i18n::negotiate(request.headers());
        return crate::web::error::AppError::Invalid(
            crate::web::i18n::t(lang, "error-control-characters").to_string(),
        )
        .into_response();
    }
    next.run(request).await
}

/// `%XX` sequences as bytes (a `+` stays a `+`: spaces are not what is looked for).
fn percent_decode(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}
