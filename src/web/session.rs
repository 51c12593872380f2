//! Who is visiting: the session (tower-sessions in PostgreSQL, signed cookie), the logged-in
//! user, the CSRF token, flash messages, and the extractors that require a role.

use crate::web::error::AppError;
use crate::web::i18n::{self, Lang};
use crate::web::layout::Layout;
use crate::web::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use std::net::SocketAddr;
use time::OffsetDateTime;
use tower_sessions::cookie::{Key, SameSite};
use tower_sessions::{Expiry, Session, SessionManagerLayer};
use tower_sessions_sqlx_store::PostgresStore;
use uuid::Uuid;

const USER_ID: &str = "user_id";
const AUTH_AT: &str = "auth_at";
const CSRF: &str = "csrf";
const FLASH: &str = "flash";

/// A session ends after this long without a request (OWASP ASVS 3.3.2, level 2).
pub const IDLE_MINUTES: i64 = 30;
/// … and this long after login, however active (ASVS 3.3.2).
pub const ABSOLUTE_HOURS: i64 = 12;

/// The session layer: cookies HttpOnly, SameSite=Lax, signed with the configured key;
/// `Secure` and the `__Host-` prefix when the site is served over https.
pub fn layer(
    store: PostgresStore,
    key: &[u8],
    https: bool,
) -> SessionManagerLayer<PostgresStore, tower_sessions::service::SignedCookie> {
    SessionManagerLayer::new(store)
        .with_name(if https { "__Host-session" } else { "session" })
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(https)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(IDLE_MINUTES)))
        .with_signed(Key::from(key))
}

/// The 64 bytes that sign session cookies: SHA-512 of `SESSION_KEY`, or of a key generated
/// once and kept in `$GREENAI_DATA_DIR/session.key` (fine for one machine; `selfcheck` asks
/// for `SESSION_KEY` in production). Never generated per start: that would log everyone out.
pub fn key_bytes(config: &crate::infra::config::Config) -> anyhow::Result<[u8; 64]> {
    use sha2::{Digest, Sha512};
    use std::os::unix::fs::PermissionsExt;
    let material = match &config.session_key {
        Some(k) => k.expose().to_string(),
        None => {
            let path = config.data_dir.join("session.key");
            match std::fs::read_to_string(&path) {
                Ok(k) if k.trim().len() >= 64 => k.trim().to_string(),
                _ => {
                    std::fs::create_dir_all(&config.data_dir)?;
                    let k = format!(
                        "{}{}",
                        crate::infra::tokens::random_token(),
                        crate::infra::tokens::random_token()
                    );
                    std::fs::write(&path, &k)?;
                    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
                    k
                }
            }
        }
    };
    Ok(Sha512::digest(material.as_bytes()).into())
}

pub use crate::web::anonymous_csrf::{AnonymousCsrf, anonymous_csrf};

pub use crate::web::roles::Role;

/// The logged-in user, as loaded for each request.
#[derive(Clone, Debug)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub language: Lang,
    pub verified: bool,
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: Uuid,
    email: String,
    display_name: String,
    role: String,
    language: String,
    verified: bool,
}

/// Everything about the visitor a page needs.
pub struct Visitor {
    pub lang: Lang,
    pub path: String,
    pub ip: String,
    pub session: Session,
    pub user: Option<User>,
    flash: Option<String>,
    anonymous_csrf: Option<AnonymousCsrf>,
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|(_, msg)| {
                AppError::Internal(anyhow::anyhow!("session layer missing: {msg}"))
            })?;
        let path = OriginalUri::from_request_parts(parts, state)
            .await
            .map(|u| {
                u.0.path_and_query()
                    .map(|p| p.as_str().to_string())
                    .unwrap_or_default()
            })
            .unwrap_or_default();
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        let ip = crate::web::client::address(&state.config, peer, &parts.headers)
            .map(|ip| ip.to_string())
            .unwrap_or_else(|| "unknown".into());
        let user = load_user(&session, state).await?;
        let cookie_or_header = i18n::negotiate(&parts.headers);
        let has_cookie = parts
            .headers
            .get_all(axum::http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.split(';').any(|c| c.trim().starts_with("lang=")));
        let lang = match (&user, has_cookie) {
            (Some(u), false) => u.language,
            _ => cookie_or_header,
        };
        let flash = session
            .remove::<String>(FLASH)
            .await
            .map_err(session_error)?;
        Ok(Visitor {
            lang,
            path,
            ip,
            session,
            user,
            flash,
            anonymous_csrf: parts.extensions.get::<AnonymousCsrf>().cloned(),
        })
    }
}

fn session_error(e: tower_sessions::session::Error) -> AppError {
    use tower_sessions::session::Error;
    use tower_sessions::session_store::Error as Store;
    match e {
        // The store's database errors: the database is down or restarting.
        Error::Store(Store::Backend(message)) => AppError::SessionStore(message),
        other => AppError::Internal(anyhow::anyhow!("session store: {other}")),
    }
}

async fn load_user(session: &Session, state: &AppState) -> Result<Option<User>, AppError> {
    let Some(id) = session.get::<Uuid>(USER_ID).await.map_err(session_error)? else {
        return Ok(None);
    };
    // Milliseconds since the epoch, by the database's clock, when this session logged in.
    let auth_at: i64 = session
        .get(AUTH_AT)
        .await
        .map_err(session_error)?
        .unwrap_or(0);
    let now = (OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64;
    if past_absolute_lifetime(auth_at, now) {
        session.flush().await.map_err(session_error)?;
        return Ok(None);
    }
    // A password change or account deletion after this login ends the session.
    let row = sqlx::query_as!(
UserRow,
r#"select id, email, display_name, role, language, email_verified_at is not null as "verified!"
           from users
          where id = $1 and deleted_at is null
            and extract(epoch from password_changed_at) * 1000 <= $2"#,
id,
auth_at as f64)
    .fetch_optional(&state.db)
    .await?;
    let Some(row) = row else {
        session.flush().await.map_err(session_error)?;
        return Ok(None);
    };
    Ok(Some(User {
        id: row.id,
        email: row.email,
        display_name: row.display_name,
        role: Role::parse(&row.role).unwrap_or(Role::Member),
        language: Lang::from_code(&row.language).unwrap_or_default(),
        verified: row.verified,
    }))
}

/// Whether a session that logged in at `auth_at_ms` has outlived [`ABSOLUTE_HOURS`] at
/// `now_ms` (both milliseconds since the epoch).
pub fn past_absolute_lifetime(auth_at_ms: i64, now_ms: i64) -> bool {
    now_ms - auth_at_ms > ABSOLUTE_HOURS * 3_600_000
}

impl Visitor {
    /// The page frame: navigation for this visitor, and a CSRF token when a form is on the
    /// page (always for logged-in users, whose navigation has the logout form).
    /// Whether a one-time message waits for this page.
    pub fn has_flash(&self) -> bool {
        self.flash.is_some()
    }

    pub async fn layout(&self) -> Result<Layout, AppError> {
        self.layout_inner(self.user.is_some()).await
    }

    /// The page frame for a page with a form, anonymous or not.
    pub async fn layout_with_form(&self) -> Result<Layout, AppError> {
        self.layout_inner(true).await
    }

    async fn layout_inner(&self, with_csrf: bool) -> Result<Layout, AppError> {
        let mut layout = Layout::new(self.lang, self.path.clone());
        layout.user = self.user.as_ref().map(|u| (u.display_name.clone(), u.role));
        if with_csrf {
            layout.csrf = self.csrf_token().await?;
        }
        layout.flash = self.flash.as_deref().map(|key| i18n::t(self.lang, key));
        Ok(layout)
    }

    /// Logs `user_id` in: a new session id (no fixation), the login time for the absolute
    /// lifetime, a fresh CSRF token.
    pub async fn log_in(&self, db: &sqlx::PgPool, user_id: Uuid) -> Result<(), AppError> {
        // The database's clock, the one `password_changed_at` is set by.
        let now_ms: i64 = sqlx::query_scalar!(
            "select (extract(epoch from clock_timestamp()) * 1000)::bigint as \"now!\""
        )
        .fetch_one(db)
        .await?;
        self.session.cycle_id().await.map_err(session_error)?;
        self.session
            .insert(USER_ID, user_id)
            .await
            .map_err(session_error)?;
        self.session
            .insert(AUTH_AT, now_ms)
            .await
            .map_err(session_error)?;
        self.session
            .remove::<String>(CSRF)
            .await
            .map_err(session_error)?;
        Ok(())
    }

    /// The user, if logged in with at least `role`: 401 when not logged in, 403 when the
    /// role is too low. For form posts, whose CSRF check already loaded the visitor.
    pub fn require(&self, role: Role) -> Result<User, AppError> {
        match &self.user {
            None => Err(AppError::Unauthorized),
            Some(u) if u.role < role => Err(AppError::Forbidden),
            Some(u) => Ok(u.clone()),
        }
    }

    /// Ends the session and deletes it from the store.
    pub async fn log_out(&self) -> Result<(), AppError> {
        self.session.flush().await.map_err(session_error)
    }

    /// The token for this visitor's forms: the session's once logged in (or once the session
    /// holds one), otherwise the anonymous cookie's, which writes no session row.
    pub async fn csrf_token(&self) -> Result<String, AppError> {
        if self.user.is_none()
            && let Some(anonymous) = &self.anonymous_csrf
            && self
                .session
                .get::<String>(CSRF)
                .await
                .map_err(session_error)?
                .is_none()
        {
            return Ok(anonymous.token());
        }
        csrf_token(&self.session).await
    }

    /// Whether `given` is this visitor's CSRF token (compared in constant time): the
    /// session's, or for a visitor not logged in, the one signed for their cookie.
    pub async fn csrf_matches(&self, given: &str) -> Result<bool, AppError> {
        if csrf_matches(&self.session, given).await? {
            return Ok(true);
        }
        Ok(self.user.is_none()
            && self
                .anonymous_csrf
                .as_ref()
                .is_some_and(|a| a.matches(given)))
    }

    /// A message (catalogue key) for the next page.
    pub async fn flash(&self, key: &'static str) -> Result<(), AppError> {
        self.session.insert(FLASH, key).await.map_err(session_error)
    }
}

/// The session's CSRF token, made on first use: 256 random bits.
async fn csrf_token(session: &Session) -> Result<String, AppError> {
    if let Some(t) = session.get::<String>(CSRF).await.map_err(session_error)? {
        return Ok(t);
    }
    let t = crate::infra::tokens::random_token();
    session.insert(CSRF, &t).await.map_err(session_error)?;
    Ok(t)
}

/// Whether `given` is the session's CSRF token (compared in constant time).
async fn csrf_matches(session: &Session, given: &str) -> Result<bool, AppError> {
    let Some(expected) = session.get::<String>(CSRF).await.map_err(session_error)? else {
        return Ok(false);
    };
    Ok(crate::infra::tokens::constant_time_eq(
        expected.as_bytes(),
        given.as_bytes(),
    ))
}

/// A logged-in visitor; anyone else is sent to the login page.
pub struct Member(pub Visitor, pub User);
/// A researcher or admin.
pub struct Researcher(pub Visitor, pub User);
/// An admin.
pub struct Admin(pub Visitor, pub User);

/// Not logged in: to the login page, coming back here afterwards; wrong role: 403.
pub enum Refused {
    Login(String),
    Forbidden,
    Error(AppError),
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        match self {
            Refused::Login(next) => {
                let next: String = url_encode(&next);
                Redirect::to(&format!("/login?next={next}")).into_response()
            }
            Refused::Forbidden => AppError::Forbidden.into_response(),
            Refused::Error(e) => e.into_response(),
        }
    }
}

fn url_encode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|q| q.trim_start_matches('=').to_string())
        .unwrap_or_default()
}

async fn require(
    parts: &mut Parts,
    state: &AppState,
    role: Role,
) -> Result<(Visitor, User), Refused> {
    let visitor = Visitor::from_request_parts(parts, state)
        .await
        .map_err(Refused::Error)?;
    match visitor.user.clone() {
        None => {
            let next = if parts.method == axum::http::Method::GET {
                visitor.path.clone()
            } else {
                "/".into()
            };
            Err(Refused::Login(next))
        }
        Some(u) if u.role < role => Err(Refused::Forbidden),
        Some(u) => Ok((visitor, u)),
    }
}

impl FromRequestParts<AppState> for Member {
    type Rejection = Refused;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Refused> {
        require(parts, state, Role::Member)
            .await
            .map(|(v, u)| Member(v, u))
    }
}

impl FromRequestParts<AppState> for Researcher {
    type Rejection = Refused;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Refused> {
        require(parts, state, Role::Researcher)
            .await
            .map(|(v, u)| Researcher(v, u))
    }
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = Refused;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Refused> {
        require(parts, state, Role::Admin)
            .await
            .map(|(v, u)| Admin(v, u))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_end_twelve_hours_after_login() {
        let login = 1_700_000_000_000;
        assert!(!past_absolute_lifetime(login, login + 11 * 3_600_000));
        assert!(!past_absolute_lifetime(login, login + 12 * 3_600_000));
        assert!(past_absolute_lifetime(login, login + 12 * 3_600_000 + 1));
        // A session without a login time (0) is long past it.
        assert!(past_absolute_lifetime(0, login));
    }
}
