//! Form posts: every state-changing form carries the session's CSRF token in `csrf_token`,
//! and cross-site posts are refused by `Origin` and `Sec-Fetch-Site` as well.

use crate::web::error::AppError;
use crate::web::layout::Layout;
use crate::web::session::Visitor;
use crate::web::state::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{HeaderMap, header};
use serde::Deserialize;
use serde::de::DeserializeOwned;

#[derive(Deserialize)]
struct Token {
    #[serde(default)]
    csrf_token: String,
}

/// A checked form post: the visitor, and the form's fields.
pub struct CsrfForm<T> {
    pub visitor: Visitor,
    pub form: T,
}

/// Whether the request comes from a page of this site, judged by the headers browsers set.
pub fn same_origin(headers: &HeaderMap, base_url: &str) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && !matches!(site, "same-origin" | "none")
    {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let base = base_url.trim_end_matches('/');
    origin == base || origin == format!("http://{host}") || origin == format!("https://{host}")
}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, AppError> {
        let (mut parts, body) = request.into_parts();
        let visitor = Visitor::from_request_parts(&mut parts, state).await?;
        if !same_origin(&parts.headers, &state.config.base_url) {
            tracing::warn!("cross-origin form post refused");
            return Err(AppError::Forbidden);
        }
        let request = Request::from_parts(parts, body);
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|e| AppError::unreadable_body(e.status(), e.to_string()))?;
        let token: Token = serde_urlencoded::from_bytes(&bytes).map_err(|_| AppError::Forbidden)?;
        if token.csrf_token.is_empty() || !visitor.csrf_matches(&token.csrf_token).await? {
            tracing::warn!("form post with a missing or wrong CSRF token refused");
            return Err(AppError::Forbidden);
        }
        // Control characters (a NUL byte, an escape) never reach a handler or the database.
        let fields: Vec<(String, String)> =
            serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
        if fields
            .iter()
            .any(|(k, v)| has_control_characters(k) || has_control_characters(v))
        {
            return Err(AppError::Invalid(
                crate::web::i18n::t(visitor.lang, "error-control-characters").to_string(),
            ));
        }
        let form = serde_urlencoded::from_bytes(&bytes)
            .map_err(|e| AppError::BadRequest(format!("form fields: {e}")))?;
        Ok(CsrfForm { visitor, form })
    }
}

pub use energy_model::text::has_control_characters;

/// A JSON body read as `T`, after the same rule as every form: no control characters in any
/// text (JSON can write them as `\u0000`), refused with 400 naming the field before anything
/// is stored. A body
/// that is not JSON, or not `T`, is 422 with the parser's reason.
pub fn json_body<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
    lang: crate::web::i18n::Lang,
) -> Result<T, AppError> {
    use crate::web::i18n::t;
    let unreadable = |e: serde_json::Error| {
        let why = crate::web::error::FieldProblem::new(
            "",
            "invalid_json",
            format!("{}: {e}", t(lang, "api-invalid-json")),
        );
        AppError::Problems(axum::http::StatusCode::UNPROCESSABLE_ENTITY, vec![why])
    };
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(unreadable)?;
    if let Some(field) = energy_model::text::json_control_characters_at(&value) {
        let why = crate::web::error::FieldProblem::new(
            &field,
            "control_characters",
            t(lang, "error-control-characters"),
        );
        return Err(AppError::Problems(
            axum::http::StatusCode::BAD_REQUEST,
            vec![why],
        ));
    }
    serde_json::from_value(value).map_err(unreadable)
}

/// Characters that change how a name reads without being seen: bidirectional overrides and
/// isolates, zero-width spaces and joiners, the byte-order mark.
pub fn has_invisible_characters(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
    })
}

/// Field errors of a form, already in the visitor's language.
#[derive(Default, Debug)]
pub struct Errors(pub Vec<(String, String)>);

impl Errors {
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push((field.into(), message.into()));
    }

    /// The API's problems, as a form shows them.
    pub fn from_problems(problems: &[crate::web::error::FieldProblem]) -> Errors {
        Errors(
            problems
                .iter()
                .map(|p| (p.field.clone(), p.message.clone()))
                .collect(),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message for a field, if it has one.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

/// A form with no fields but its CSRF token.
#[derive(Deserialize)]
pub struct Empty {}

/// A page that only says something: a title and a paragraph (both catalogue keys).
#[derive(Template)]
#[template(path = "message.html")]
pub struct MessagePage {
    pub layout: Layout,
    pub title: &'static str,
    pub text: &'static str,
    /// Where to go from here (address, catalogue key of its label); the home page when empty.
    pub next: Vec<(&'static str, &'static str)>,
}

/// Only a path of this site: `/x`, never `//host` or `/\host`, which browsers treat as
/// other sites.
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.starts_with("/\\")
                && !n.chars().any(|c| c.is_control()) =>
        {
            n
        }
        _ => "/",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn origins() {
        let base = "https://hub.example";
        assert!(same_origin(&headers(&[]), base));
        assert!(same_origin(
            &headers(&[("origin", "https://hub.example")]),
            base
        ));
        assert!(same_origin(
            &headers(&[
                ("origin", "http://127.0.0.1:4000"),
                ("host", "127.0.0.1:4000")
            ]),
            base
        ));
        assert!(!same_origin(
            &headers(&[("origin", "https://evil.example")]),
            base
        ));
        assert!(!same_origin(
            &headers(&[("sec-fetch-site", "cross-site")]),
            base
        ));
        assert!(same_origin(
            &headers(&[("sec-fetch-site", "same-origin")]),
            base
        ));
    }

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/models?x=1")), "/models?x=1");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\nx")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
