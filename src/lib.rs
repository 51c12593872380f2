//! Green AI Hub: the web application and its command-line interface.
//!
//! Layers, each importing only from the ones below it (checked by `tests/it/architecture.rs`):
//! the application on top (`app`, `router`, `openapi`, `cli`, `demo`, `selfcheck`); `features`, each
//! with its own routes, SQL and views; `web`, the plumbing pages share (state, layout, errors,
//! forms, session, i18n); `store`, the data several features share (catalogue, boards);
//! `infra`, what runs underneath (configuration, database, mail, metrics, passwords, tokens).

pub mod app;
pub mod cli;
pub mod demo;
pub mod features;
pub mod infra;
pub mod openapi;
pub mod router;
pub mod selfcheck;
pub mod store;
pub mod web;

pub use app::App;
pub use router::router;
pub use web::state::AppState;
