//! The data several features share, with its SQL: the catalogues (models, hardware, published
//! sources) and the boards' aggregates.

pub mod boards;
pub mod catalogue;
pub mod changes;
pub mod states;

use anyhow::Context;

/// Migrates the database, brings the hardware table in step with energy-model's catalogue
/// and refreshes boards left marked: what every command does before it uses the database.
pub async fn prepare(pool: &sqlx::PgPool) -> anyhow::Result<()> {
    crate::infra::db::migrate(pool).await?;
    catalogue::sync_hardware(pool)
        .await
        .context("loading the hardware catalogue failed")?;
    // Lines a migration (or a process that stopped before refreshing) left marked.
    boards::settle(pool, true)
        .await
        .context("refreshing the boards failed")?;
    Ok(())
}
