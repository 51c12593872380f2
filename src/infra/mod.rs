//! What runs under everything: configuration, the database (embedded or not), mail, metrics,
//! the audit log, password hashing and random tokens.

pub mod audit;
pub mod config;
pub mod db;
pub mod mail;
pub mod metrics;
pub mod password;
pub mod tokens;
