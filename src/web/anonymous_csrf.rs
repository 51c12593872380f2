//! The CSRF token of a visitor who is not logged in (login, registration, reset forms): a
//! signed double-submit cookie instead of a session row.

use crate::web::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;

/// The CSRF token of a visitor who is not logged in: a signed double-submit cookie, so that
/// showing the login, registration or reset form writes no session row. The cookie holds a
/// random nonce; the form's token is HMAC-SHA256(session key, nonce), which nobody without
/// the key can make for a nonce they planted. Nothing is made or signed until a page asks for
/// a token: most requests (boards, assets, the API) never do.
#[derive(Clone, Debug)]
pub struct AnonymousCsrf(Arc<AnonymousNonce>);

#[derive(Debug)]
struct AnonymousNonce {
    key: Arc<[u8; 64]>,
    /// The nonce the visitor's cookie holds, if it came with one.
    sent: Option<String>,
    /// A nonce made for this request because none came: the response sets it as the cookie.
    made: std::sync::OnceLock<String>,
}

impl AnonymousCsrf {
    /// The token for a form (making the nonce, and so the cookie, when none came).
    pub(crate) fn token(&self) -> String {
        let nonce = match &self.0.sent {
            Some(n) => n,
            None => self.0.made.get_or_init(crate::infra::tokens::random_token),
        };
        anonymous_token(self.0.key.as_slice(), nonce)
    }

    /// Whether `given` is the token of the cookie that came (a nonce made now matches nothing).
    pub(crate) fn matches(&self, given: &str) -> bool {
        self.0.sent.as_ref().is_some_and(|nonce| {
            crate::infra::tokens::constant_time_eq(
                anonymous_token(self.0.key.as_slice(), nonce).as_bytes(),
                given.as_bytes(),
            )
        })
    }
}

fn anonymous_cookie_name(https: bool) -> &'static str {
    if https { "__Host-csrf" } else { "csrf" }
}

fn anonymous_token(key: &[u8], nonce: &str) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(b"anonymous-csrf:");
    mac.update(nonce.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Middleware: reads the anonymous CSRF cookie (a nonce of 64 hex digits), and sets one on
/// the way out when a page made a nonce for a form.
pub async fn anonymous_csrf(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let https = state.config.is_https();
    let name = anonymous_cookie_name(https);
    let sent = request
        .headers()
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, v)| *k == name && v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(|(_, v)| v.to_ascii_lowercase());
    let anonymous = Arc::new(AnonymousNonce {
        key: state.session_key.clone(),
        sent,
        made: std::sync::OnceLock::new(),
    });
    request
        .extensions_mut()
        .insert(AnonymousCsrf(anonymous.clone()));
    let mut response = next.run(request).await;
    if let Some(nonce) = anonymous.made.get() {
        let cookie = format!(
            "{name}={nonce}; Path=/; HttpOnly; SameSite=Lax{}",
            if https { "; Secure" } else { "" }
        );
        if let Ok(v) = axum::http::HeaderValue::from_str(&cookie) {
            response
                .headers_mut()
                .append(axum::http::header::SET_COOKIE, v);
        }
    }
    response
}
