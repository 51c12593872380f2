//! What every handler shares: the database, the configuration, metrics, the session key,
//! the password cost, the boards' cache and the hardware catalogue.

use crate::infra::config::Config;
use crate::infra::metrics::Metrics;
use crate::infra::password::Params;
use axum::extract::FromRef;
use sqlx::PgPool;
use std::sync::Arc;

/// Everything handlers share.
#[derive(Clone)]
pub struct AppState {
    pub db: PgPool,
    pub config: Arc<Config>,
    pub metrics: Metrics,
    /// 64 bytes that sign session cookies.
    pub session_key: Arc<[u8; 64]>,
    /// Argon2id cost: production parameters, cheaper ones only in tests.
    pub password_params: Params,
    /// Board versions and the views computed from them.
    pub boards: crate::store::boards::Boards,
    /// The hardware catalogue, with what researchers added to this database.
    pub hardware: crate::store::catalogue::Hardware,
}

impl FromRef<AppState> for Metrics {
    fn from_ref(state: &AppState) -> Metrics {
        state.metrics.clone()
    }
}

impl FromRef<AppState> for Arc<Config> {
    fn from_ref(state: &AppState) -> Arc<Config> {
        state.config.clone()
    }
}

/// Largest request body accepted by default (uploads raise it on their own routes).
pub const BODY_LIMIT: usize = 1024 * 1024;
