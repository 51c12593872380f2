//! HTTP caching of boards: a weak ETag per rendering and version, Last-Modified from the
//! board's change, 304 for a current copy, and kept pages sent gzipped to clients that take it.

use crate::store::boards::{Version, WholePage};
use crate::web::layout::Layout;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use energy_model::Task;
use std::hash::{Hash, Hasher};

/// A weak ETag for one rendering of a board: its version, the view, the language and who
/// asks (a signed-in page carries a name and a form token; the API has no layout).
pub fn etag(task: Task, version: Version, key: &str, layout: Option<&Layout>) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut h);
    if let Some(layout) = layout {
        layout.user.as_ref().map(|u| &u.0).hash(&mut h);
        layout.csrf.hash(&mut h);
    }
    format!("W/\"{}-{}-{:x}\"", task.slug(), version.number, h.finish())
}

pub fn http_date(at: time::OffsetDateTime) -> String {
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    at.to_offset(time::UtcOffset::UTC)
        .format(&format)
        .unwrap_or_default()
}

/// Whether the client's copy is current: If-None-Match when sent, otherwise
/// If-Modified-Since (to the second).
pub fn not_modified(headers: &HeaderMap, etag: &str, last_modified: &str) -> bool {
    if let Some(tags) = headers.get(header::IF_NONE_MATCH) {
        return tags
            .to_str()
            .map(|s| s.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
            .unwrap_or(false);
    }
    headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|since| since == last_modified)
}

/// Caching headers of a board response.
pub fn cache_headers(response: &mut Response, etag: &str, last_modified: &str, signed_in: bool) {
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(etag) {
        headers.insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(last_modified) {
        headers.insert(header::LAST_MODIFIED, v);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if signed_in {
            "private, no-cache"
        } else {
            "public, max-age=60"
        }),
    );
    headers.insert(
        header::VARY,
        HeaderValue::from_static("Cookie, Accept-Language, Accept-Encoding"),
    );
}

/// Whether the client takes gzip (`Accept-Encoding: gzip`, not `gzip;q=0`).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            parts.next().is_some_and(|c| c.eq_ignore_ascii_case("gzip"))
                && parts.all(|p| {
                    !matches!(
                        p.replace(' ', "").as_str(),
                        "q=0" | "q=0.0" | "q=0.00" | "q=0.000"
                    )
                })
        })
}

/// An anonymous visitor's copy of a kept page: 304 when theirs is current, else gzipped
/// when the client takes it.
pub fn send(page: &WholePage, headers: &HeaderMap) -> Response {
    let mut response = if not_modified(headers, &page.etag, &page.last_modified) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let gzip = accepts_gzip(headers);
        let body = if gzip { &page.gzip } else { &page.plain };
        let mut r = body.clone().into_response();
        let h = r.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(page.content_type),
        );
        if gzip {
            h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        r
    };
    cache_headers(&mut response, &page.etag, &page.last_modified, false);
    response
}
