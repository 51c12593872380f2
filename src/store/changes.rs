//! What other app servers on the same database changed, heard through PostgreSQL's
//! `LISTEN`/`NOTIFY`: board refreshes (versions read again at once) and the hardware
//! researchers added (the catalogue loaded again), so a change made through one server shows
//! on every other as soon as it commits.

use super::boards::{Boards, aggregate};
use super::catalogue::{HARDWARE_CHANNEL, Hardware};
use sqlx::PgPool;
use std::time::Duration;

/// Listens until aborted. While the connection is down, board versions are re-read every
/// second; on (re)connecting, versions and catalogue are read again at once, since what was
/// said meanwhile is lost.
pub fn listen(db: PgPool, boards: Boards, hardware: Hardware) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            if let Ok(mut listener) = sqlx::postgres::PgListener::connect_with(&db).await
                && listener
                    .listen_all([aggregate::CHANNEL, HARDWARE_CHANNEL])
                    .await
                    .is_ok()
            {
                boards.set_listening(true);
                boards.heard();
                reload(&db, &hardware).await;
                // `Ok(None)`: the connection was lost.
                while let Ok(Some(said)) = listener.try_recv().await {
                    if said.channel() == HARDWARE_CHANNEL {
                        reload(&db, &hardware).await;
                    } else {
                        boards.heard();
                    }
                }
                tracing::warn!("lost the change listener's connection; reconnecting");
            }
            boards.set_listening(false);
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    })
}

async fn reload(db: &PgPool, hardware: &Hardware) {
    if let Err(e) = hardware.reload(db).await {
        tracing::warn!(error = %e, "loading the hardware catalogue again failed; again on reconnecting");
    }
}
