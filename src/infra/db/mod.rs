//! The database: a pool over the configured server or the embedded cluster, and migrations.

pub mod backup;
pub mod embedded;

use crate::infra::config::{Config, Secret};
use anyhow::Context;
use embedded::{EmbeddedPostgres, Options};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgPool};
use std::str::FromStr;
use std::time::Duration;

/// The migrations in `migrations/`, compiled in.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();

/// The database name the embedded cluster uses.
pub const EMBEDDED_DATABASE: &str = "greenai";

/// An open database, and the embedded cluster behind it when there is one. Drop the pool
/// (or close it) before the cluster.
pub struct Database {
    pub pool: PgPool,
    pub embedded: Option<EmbeddedPostgres>,
}

impl Database {
    /// Connects to `DATABASE_URL`, or starts the embedded cluster and connects to it.
    pub async fn open(config: &Config) -> anyhow::Result<Database> {
        match &config.database_url {
            Some(url) => Ok(Database {
                pool: pool(url).await?,
                embedded: None,
            }),
            None => {
                let dir = config.data_dir.clone();
                let cluster = tokio::task::spawn_blocking(move || {
                    EmbeddedPostgres::start(&dir, Options::default())
                })
                .await??;
                if cluster.borrowed() {
                    tracing::info!(folder = %cluster.root().display(), "using the embedded PostgreSQL that already runs for this data folder");
                } else {
                    tracing::info!(folder = %cluster.root().display(), "embedded PostgreSQL started");
                }
                create_database_if_missing(&cluster.url("postgres"), EMBEDDED_DATABASE).await?;
                Ok(Database {
                    pool: pool(&cluster.url(EMBEDDED_DATABASE)).await?,
                    embedded: Some(cluster),
                })
            }
        }
    }

    /// The URL of the database in use: the configured one, or the embedded cluster's.
    pub fn url(&self, config: &Config) -> Option<Secret> {
        match (&config.database_url, &self.embedded) {
            (Some(url), _) => Some(url.clone()),
            (None, Some(cluster)) => Some(cluster.url(EMBEDDED_DATABASE)),
            (None, None) => None,
        }
    }

    /// Closes the pool, then stops the embedded cluster (if any).
    pub async fn close(mut self) {
        self.pool.close().await;
        if let Some(mut cluster) = self.embedded.take()
            && !cluster.borrowed()
        {
            tokio::task::spawn_blocking(move || cluster.stop())
                .await
                .ok();
            tracing::info!("embedded PostgreSQL stopped");
        }
    }
}

fn connect_options(url: &Secret) -> anyhow::Result<PgConnectOptions> {
    Ok(PgConnectOptions::from_str(url.expose())
        .context("DATABASE_URL is not a valid PostgreSQL URL")?
        .log_statements(log::LevelFilter::Debug)
        .log_slow_statements(log::LevelFilter::Warn, Duration::from_millis(250)))
}

/// A pool with timeouts that keep a slow database from piling up requests.
pub async fn pool(url: &Secret) -> anyhow::Result<PgPool> {
    PgPoolOptions::new()
        .max_connections(16)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(5))
        .idle_timeout(Duration::from_secs(300))
        // No ping before each use (sqlx still pings as it takes a connection back): a
        // connection the database dropped fails its next statement once (a 503, retried) and
        // is closed, instead of every request paying a round trip.
        .test_before_acquire(false)
        .connect_with(connect_options(url)?)
        .await
        .context("could not connect to PostgreSQL")
}

/// Creates a database unless it exists (names are ours, never user input).
pub async fn create_database_if_missing(server_url: &Secret, name: &str) -> anyhow::Result<()> {
    let mut conn = sqlx::PgConnection::connect_with(&connect_options(server_url)?).await?;
    let exists = sqlx::query_scalar!(
        r#"select exists(select 1 from pg_database where datname = $1) as "exists!""#,
        name
    )
    .fetch_one(&mut conn)
    .await?;
    if !exists {
        sqlx::query(&format!("create database \"{name}\""))
            .execute(&mut conn)
            .await?;
    }
    conn.close().await?;
    Ok(())
}

/// Brings the schema up to date: ours, and the session store's table.
pub async fn migrate(pool: &PgPool) -> anyhow::Result<()> {
    MIGRATOR
        .run(pool)
        .await
        .context("running database migrations failed")?;
    tower_sessions_sqlx_store::PostgresStore::new(pool.clone())
        .migrate()
        .await
        .context("creating the session table failed")?;
    Ok(())
}

/// One round trip to the database (the readiness check).
pub async fn ping(db: &sqlx::PgPool) -> sqlx::Result<()> {
    sqlx::query_scalar!("select 1 as one").fetch_one(db).await?;
    Ok(())
}
