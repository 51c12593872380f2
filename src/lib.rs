//! Green AI Hub: the web application and its command-line interface.

pub mod accounts;
pub mod assets;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod http;
pub mod i18n;
pub mod metrics;
pub mod models;
pub mod ops;
pub mod pages;
pub mod selfcheck;

pub use http::{AppState, router};
