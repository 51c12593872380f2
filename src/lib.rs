//! Green AI Hub: the web application and its command-line interface.

pub mod accounts;
pub mod admin;
pub mod assets;
pub mod audit;
pub mod catalogue;
pub mod charts;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod forms;
pub mod http;
pub mod i18n;
pub mod leaderboards;
pub mod mail;
pub mod measurements;
pub mod metrics;
pub mod models;
pub mod openapi;
pub mod ops;
pub mod pages;
pub mod ratelimit;
pub mod selfcheck;
pub mod session;
pub mod tokens;

pub use http::{AppState, router};
