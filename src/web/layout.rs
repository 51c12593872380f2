//! The page around every page's content: language, navigation, the logged-in user, the
//! form token and a one-time message; and rendering a template into a response.

use crate::web::assets;
use crate::web::error::AppError;
use crate::web::i18n::{self, Lang};
use crate::web::roles::Role;
use askama::Template;
use axum::response::{Html, IntoResponse, Response};

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
    ("/insights", "nav-insights"),
    ("/topics", "nav-topics"),
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

    /// A message about `count` things, in the plural form the page's language uses for it.
    pub fn tn<N: Into<fluent_bundle::types::FluentNumber>>(&self, key: &str, count: N) -> String {
        i18n::tn(self.lang, key, count, &[])
    }

    /// "3 / 10 measurements": progress towards `count`, in the plural form `count` takes.
    pub fn progress<N: Into<fluent_bundle::types::FluentNumber>>(
        &self,
        key: &str,
        done: impl std::fmt::Display,
        count: N,
    ) -> String {
        i18n::tn(self.lang, key, count, &[("done", &done.to_string())])
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

/// A form re-shown with its problems, with status 422.
pub fn unprocessable(template: &impl Template) -> Result<Response, AppError> {
    let mut response = render(template)?;
    *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(response)
}
