//! The application, built once: its state, its router and every background task, wired the
//! same way for `greenai serve` and for the tests (one wiring, nothing started only in
//! production).

use crate::infra::config::Config;
use crate::infra::mail;
use crate::infra::metrics::Metrics;
use crate::infra::password::Params;
use crate::store::catalogue::Hardware;
use crate::web::state::AppState;
use anyhow::Context;
use axum::Router;
use sqlx::PgPool;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::task::JoinHandle;

/// What differs between a production server and a test one.
pub struct Options {
    /// Argon2id cost: the production parameters, cheaper ones only in tests.
    pub password_params: Params,
    /// Routes merged in under the same layers (tests add routes that fail on purpose).
    pub extra: Router<AppState>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            password_params: Params::production(),
            extra: Router::new(),
        }
    }
}

/// The app, ready to serve, with its background tasks running.
pub struct App {
    state: AppState,
    router: Router,
    stop: tokio::sync::watch::Sender<bool>,
    mailer: JoinHandle<()>,
    tasks: Vec<JoinHandle<()>>,
}

impl App {
    /// Builds the state on `db` (already prepared: migrated, hardware table synced), the
    /// router, and starts every background task: the change listener (boards and hardware of
    /// other servers), the board sweeper, the mail worker, topic housekeeping, the expiry of
    /// upload previews and of sessions, and the finisher of CodeCarbon's live runs.
    pub async fn build(db: PgPool, config: Arc<Config>, options: Options) -> anyhow::Result<App> {
        // The change listener loads it again whenever it (re)connects, so a database that
        // cannot be read this moment leaves the compiled-in catalogue for a second at most.
        let hardware = Hardware::default();
        if let Err(e) = hardware.reload(&db).await {
            tracing::warn!(error = %e, "loading the devices researchers added failed; again once the database answers");
        }
        let state = AppState {
            db: db.clone(),
            config: config.clone(),
            metrics: Metrics::default(),
            session_key: Arc::new(crate::web::session::key_bytes(&config)?),
            password_params: options.password_params,
            boards: Default::default(),
            hardware,
        };
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let mailer = mail::spawn_worker(
            db.clone(),
            mail::Transport::from_config(&config)?,
            mail::from_address(&config)?,
            stopped,
        );
        let tasks = vec![
            crate::store::changes::listen(db.clone(), state.boards.clone(), state.hardware.clone()),
            crate::store::boards::spawn_sweeper(db.clone()),
            crate::features::topics::housekeeping::spawn(db.clone(), config.clone()),
            crate::features::measurements::upload::spawn_expiry(db.clone()),
            crate::features::measurements::live::spawn_finisher(state.clone()),
            tokio::spawn(async move {
                let store = tower_sessions_sqlx_store::PostgresStore::new(db);
                let every = tokio::time::Duration::from_secs(3600);
                if let Err(e) =
                    tower_sessions::ExpiredDeletion::continuously_delete_expired(store, every).await
                {
                    tracing::warn!(error = %e, "deleting expired sessions stopped");
                }
            }),
        ];
        let router = crate::router::app(state.clone(), options.extra);
        Ok(App {
            state,
            router,
            stop,
            mailer,
            tasks,
        })
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves on `listener` until `shutdown` resolves, lets open requests finish, sends the
    /// mails already due, and stops the background tasks.
    pub async fn serve(
        self,
        listener: tokio::net::TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let served = axum::serve(
            listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
        .context("the server stopped with an error");
        let _ = self.stop.send(true);
        let _ = self.mailer.await;
        for task in self.tasks {
            task.abort();
        }
        served
    }
}
