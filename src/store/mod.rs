//! The data several features share, with its SQL: the catalogues (models, hardware, published
//! sources) and the boards' aggregates.

pub mod boards;
pub mod catalogue;

use anyhow::Context;

/// Migrates the database and brings the hardware catalogue in step with energy-model's:
/// what every command does before it uses the database.
pub async fn prepare(pool: &sqlx::PgPool) -> anyhow::Result<()> {
    crate::infra::db::migrate(pool).await?;
    catalogue::sync_hardware(pool)
        .await
        .context("loading the hardware catalogue failed")?;
    catalogue::reload_hardware(pool)
        .await
        .context("loading the devices researchers added failed")?;
    Ok(())
}
