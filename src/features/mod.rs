//! The features: each owns its routes (`router()`), its SQL and its views, and depends on the
//! web plumbing, the stores and the infrastructure below, never on the router.

pub mod accounts;
pub mod admin;
pub mod dashboard;
pub mod editions;
pub mod hardware;
pub mod insights;
pub mod leaderboards;
pub mod measurements;
pub mod models;
pub mod ops;
pub mod pages;
pub mod topics;
