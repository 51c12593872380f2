//! One error type for every handler: honest to the log, quiet to people. Its response
//! carries an [`ErrorPage`] marker that the error-page middleware turns into an HTML page in
//! the visitor's language, or a JSON problem body under `/api/`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("unauthorized")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("bad request: {0}")]
    BadRequest(String),
    /// A request the person can correct; the message is in their language and is shown.
    #[error("invalid request: {0}")]
    Invalid(String),
    /// Problems with fields of an API request, each in the requester's language: 422 (or
    /// 403 when the account may not do this yet), as `problems` in the problem body.
    #[error("{0}: problems with the request")]
    Problems(StatusCode, Vec<FieldProblem>),
    /// A body over the route's limit.
    #[error("request body too large")]
    TooLarge,
    #[error("too many requests; retry after {0} s")]
    TooManyRequests(u64),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// The session store could not reach the database (it reports errors as text only).
    #[error("session store: {0}")]
    SessionStore(String),
    #[error("template error: {0}")]
    Render(#[from] askama::Error),
    #[error("internal error: {0:#}")]
    Internal(#[from] anyhow::Error),
}

/// One problem with a request: the field, a stable code, and a message in the requester's
/// language.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl FieldProblem {
    pub fn new(field: &str, code: &str, message: impl Into<String>) -> FieldProblem {
        FieldProblem {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

/// The problems of an [`AppError::Problems`], for the middleware to list.
#[derive(Clone, Debug)]
pub struct ProblemList(pub Vec<FieldProblem>);

/// Marks a response whose body the error-page middleware writes.
#[derive(Clone, Copy, Debug)]
pub struct ErrorPage;

/// What to tell the person instead of the status's general message.
#[derive(Clone, Debug)]
pub struct ErrorDetail(pub String);

impl AppError {
    /// A body axum could not read, by the status it gives: over the route's limit is 413,
    /// anything else 400.
    pub fn unreadable_body(status: StatusCode, why: String) -> AppError {
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge
        } else {
            AppError::BadRequest(why)
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::BadRequest(_) | AppError::Invalid(_) => StatusCode::BAD_REQUEST,
            AppError::Problems(status, _) => *status,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            // Input PostgreSQL cannot store (a NUL byte, a key too long for an index) is the
            // request's fault, whichever check let it through.
            AppError::Database(e) if unstorable(e) => StatusCode::BAD_REQUEST,
            // The database is down or restarting: a moment's wait, not a fault of the request
            // nor a bug; the page says so and asks to try again.
            AppError::Database(e) if unavailable(e) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::SessionStore(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(e) if e.downcast_ref::<crate::infra::password::Busy>().is_some() => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            // The same database errors, reached through a step that adds context.
            AppError::Internal(e) if database_unavailable(e) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Database(_) | AppError::Render(_) | AppError::Internal(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            // The trace span around the request carries its request id.
            tracing::error!(error = %self, "request failed");
        } else {
            tracing::debug!(error = %self, "request refused");
        }
        let mut response = error_response(status);
        if let AppError::Invalid(message) = &self {
            response
                .extensions_mut()
                .insert(ErrorDetail(message.clone()));
        }
        if let AppError::Problems(_, problems) = &self {
            if let Some(first) = problems.first() {
                response
                    .extensions_mut()
                    .insert(ErrorDetail(first.message.clone()));
            }
            response
                .extensions_mut()
                .insert(ProblemList(problems.clone()));
        }
        if matches!(&self, AppError::Database(e) if unavailable(e))
            || matches!(&self, AppError::Internal(e) if database_unavailable(e))
            || matches!(self, AppError::SessionStore(_))
        {
            response
                .extensions_mut()
                .insert(ErrorMessageKey("error-database-unavailable"));
        }
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("2"),
            );
        }
        if let AppError::TooManyRequests(secs) = self
            && let Ok(v) = axum::http::HeaderValue::from_str(&secs.to_string())
        {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, v);
        }
        response
    }
}

/// Invalid text for UTF-8 (a NUL byte), characters the database cannot store, or a value too
/// large for an index.
fn unstorable(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .and_then(|d| d.code())
        .is_some_and(|c| matches!(c.as_ref(), "22021" | "22P05" | "54000"))
}

/// The database cannot be reached: no connection to be had, a connection lost, or the server
/// shutting down or starting up (SQLSTATE class 08, 57P01–57P03).
fn unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(d) => d.code().is_some_and(|c| {
            c.starts_with("08") || matches!(c.as_ref(), "57P01" | "57P02" | "57P03")
        }),
        _ => false,
    }
}

/// Whether an error with context was, underneath, the database being unreachable.
fn database_unavailable(e: &anyhow::Error) -> bool {
    e.chain()
        .any(|cause| cause.downcast_ref::<sqlx::Error>().is_some_and(unavailable))
}

/// The message key for a page about `e`, when it is more specific than its status's.
#[derive(Clone, Copy, Debug)]
pub struct ErrorMessageKey(pub &'static str);

/// An empty response with the marker; the middleware fills in the page.
pub fn error_response(status: StatusCode) -> Response {
    let mut response = status.into_response();
    response.extensions_mut().insert(ErrorPage);
    response
}

pub type AppResult<T> = Result<T, AppError>;

/// An id from a page's address; one that is not an id is a page that does not exist.
pub fn id_in_path(text: &str) -> AppResult<uuid::Uuid> {
    text.parse().map_err(|_| AppError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lost_database_is_503_however_deep_the_error() {
        let lost = || sqlx::Error::Io(std::io::Error::from(std::io::ErrorKind::ConnectionReset));
        assert_eq!(
            AppError::Database(lost()).status(),
            StatusCode::SERVICE_UNAVAILABLE
        );
        let wrapped = anyhow::Error::new(lost()).context("storing a submission");
        assert_eq!(
            AppError::Internal(wrapped).status(),
            StatusCode::SERVICE_UNAVAILABLE
        );
        assert_eq!(
            AppError::Internal(anyhow::anyhow!("a bug")).status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
        assert_eq!(
            AppError::Database(sqlx::Error::RowNotFound).status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }
}
