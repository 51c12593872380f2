//! The web plumbing every feature shares: state, page layout and rendering, errors and their
//! pages, security headers, forms and CSRF, sessions and roles, languages, static files,
//! charts and rate limits.

pub mod anonymous_csrf;
pub mod assets;
pub mod atom;
pub mod charts;
pub mod client;
pub mod error;
pub mod error_pages;
pub mod format;
pub mod forms;
pub mod headers;
pub mod i18n;
pub mod layout;
pub mod mails;
pub mod markdown;
pub mod names;
pub mod paging;
pub mod ratelimit;
pub mod roles;
pub mod session;
pub mod state;
