//! The error pages: responses marked [`ErrorPage`] get a page in the visitor's language (or
//! an `application/problem+json` body under `/api/`) with the request id.

use crate::web::error::{ErrorPage, ProblemList};
use crate::web::i18n;
use crate::web::layout::Layout;
use askama::Template;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate {
    layout: Layout,
    status: u16,
    title: &'static str,
    message: String,
    request_id: String,
    /// The page the visitor came from on this site, to go back to.
    back: Option<String>,
}

/// The path of the page a request came from, when that page is on this site (the Referer's
/// host is the request's own) and is not the page that failed.
fn came_from(headers: &axum::http::HeaderMap, path: &str) -> Option<String> {
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let url = url::Url::parse(referer).ok()?;
    let authority = match url.port() {
        Some(port) => format!("{}:{port}", url.host_str()?),
        None => url.host_str()?.to_string(),
    };
    if authority != host {
        return None;
    }
    let back = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    };
    (back != path && back.len() <= 2000).then_some(back)
}

fn error_keys(status: StatusCode) -> (&'static str, &'static str) {
    match status.as_u16() {
        400 => ("error-400-title", "error-400-message"),
        401 => ("error-401-title", "error-401-message"),
        403 => ("error-403-title", "error-403-message"),
        404 => ("error-404-title", "error-404-message"),
        405 => ("error-405-title", "error-405-message"),
        408 => ("error-408-title", "error-408-message"),
        413 => ("error-413-title", "error-413-message"),
        422 => ("error-422-title", "error-422-message"),
        429 => ("error-429-title", "error-429-message"),
        415 => ("error-415-title", "error-415-message"),
        503 => ("error-503-title", "error-503-message"),
        _ if status.is_client_error() => ("error-400-title", "error-400-message"),
        _ => ("error-500-title", "error-500-message"),
    }
}

/// Writes the page (or JSON problem) for responses marked [`ErrorPage`], in the visitor's
/// language, with the request id so a report can be matched to the log. (HTML and
/// problem+json side by side, so both say the same.)
pub async fn error_pages(request: Request, next: Next) -> Response {
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
    let back = came_from(request.headers(), &path);
    let response = next.run(request).await;
    // axum's own refusals (a body or query its extractors could not read, a body over the
    // limit) come as plain English text: they get the page in the visitor's language too.
    let rejection = response.status().is_client_error()
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/plain"));
    // The body limit's and the request timeout's answers carry no body of their own.
    let oversized = matches!(
        response.status(),
        StatusCode::PAYLOAD_TOO_LARGE | StatusCode::REQUEST_TIMEOUT
    );
    if response.extensions().get::<ErrorPage>().is_none() && !oversized && !rejection {
        return response;
    }
    let status = response.status();
    let (parts, _) = response.into_parts();
    let (title_key, message_key) = error_keys(status);
    let message_key = parts
        .extensions
        .get::<crate::web::error::ErrorMessageKey>()
        .map_or(message_key, |k| k.0);
    // A limit says how long to wait.
    let wait = (status == StatusCode::TOO_MANY_REQUESTS)
        .then(|| parts.headers.get(header::RETRY_AFTER))
        .flatten()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .map(|secs| crate::web::ratelimit::wait_message(lang, secs));
    let detail = parts
        .extensions
        .get::<crate::web::error::ErrorDetail>()
        .map(|d| d.0.clone())
        .or(wait)
        .unwrap_or_else(|| i18n::t(lang, message_key).to_string());
    let mut page = if path.starts_with("/api/") {
        let mut body = serde_json::json!({
            "type": "about:blank",
            "title": i18n::t(lang, title_key),
            "status": status.as_u16(),
            "detail": detail,
            "request_id": request_id,
        });
        if let Some(ProblemList(problems)) = parts.extensions.get() {
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
            back,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_way_back_is_only_to_this_site() {
        let headers = |referer: &str| {
            let mut h = axum::http::HeaderMap::new();
            h.insert(header::HOST, "hub.example:8080".parse().unwrap());
            h.insert(header::REFERER, referer.parse().unwrap());
            h
        };
        assert_eq!(
            came_from(
                &headers("http://hub.example:8080/leaderboards/x?grid=DE&m=a"),
                "/y"
            ),
            Some("/leaderboards/x?grid=DE&m=a".into())
        );
        assert_eq!(
            came_from(&headers("https://evil.example/phish"), "/y"),
            None
        );
        assert_eq!(came_from(&headers("http://hub.example:8080/y"), "/y"), None);
        assert_eq!(came_from(&headers("not a url"), "/y"), None);
    }
}
