//! The SQL of uploads: a file parked for its preview (`pending_uploads`), the import's
//! progress on it, and how it ended.

use crate::store::states::UploadState;
use sqlx::{PgExecutor, PgPool};
use std::collections::HashSet;
use uuid::Uuid;

/// What the uploader chose for a parked file.
pub struct Choices<'a> {
    pub model: &'a str,
    pub task: &'a str,
    pub queries: &'a str,
    pub propose: bool,
}

/// Parks a prepared file for its preview; its id names the preview.
pub async fn park(
    db: &PgPool,
    user: Uuid,
    file_name: &str,
    bytes: &[u8],
    choices: &Choices<'_>,
) -> sqlx::Result<Uuid> {
    sqlx::query_scalar!(
        "insert into pending_uploads (user_id, file_name, content, model, task, queries_per_run, propose)
         values ($1, $2, $3, $4, $5, $6, $7) returning id",
        user,
        file_name,
        bytes,
        choices.model,
        choices.task,
        choices.queries,
        choices.propose
    )
    .fetch_one(db)
    .await
}

/// Which of `run_ids` are stored already (by the run_id index).
pub async fn stored_runs(
    db: impl PgExecutor<'_>,
    run_ids: &[String],
) -> sqlx::Result<HashSet<String>> {
    Ok(sqlx::query_scalar!(
        r#"select run_id as "run_id!" from measurements where run_id = any($1)"#,
        run_ids
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .collect())
}

/// Drops a member's previewed file; false when there is none.
pub async fn drop_preview(db: &PgPool, id: Uuid, user: Uuid) -> sqlx::Result<bool> {
    Ok(sqlx::query!(
        "delete from pending_uploads where id = $1 and user_id = $2 and state = 'preview'",
        id,
        user
    )
    .execute(db)
    .await?
    .rows_affected()
        > 0)
}

/// A parked file taken for its import.
pub struct Parked {
    pub content: Vec<u8>,
    pub model: String,
    pub task: String,
    pub queries_per_run: String,
    pub propose: bool,
}

/// Marks a member's previewed file as importing and hands it over; `None` when it is not
/// (or no longer) waiting for its commit, so two commits never both import it.
pub async fn start_import(db: &PgPool, id: Uuid, user: Uuid) -> sqlx::Result<Option<Parked>> {
    sqlx::query_as!(
        Parked,
        r#"update pending_uploads set state = 'importing', progress_at = now()
          where id = $1 and user_id = $2 and state = 'preview' and content is not null
          returning content as "content!", model, task, queries_per_run, propose"#,
        id,
        user
    )
    .fetch_optional(db)
    .await
}

/// How many rows the import has to send.
pub async fn set_total(db: &PgPool, id: Uuid, rows: i32) -> sqlx::Result<()> {
    sqlx::query!(
        "update pending_uploads set total = $2, progress_at = now() where id = $1",
        id,
        rows
    )
    .execute(db)
    .await?;
    Ok(())
}

/// How many rows the import has sent.
pub async fn set_done(db: &PgPool, id: Uuid, sent: i32) -> sqlx::Result<()> {
    sqlx::query!(
        "update pending_uploads set done = $2, progress_at = now() where id = $1",
        id,
        sent
    )
    .execute(db)
    .await?;
    Ok(())
}

/// How the import ended; the file is dropped (its counts stay).
pub async fn record_end(
    db: &PgPool,
    id: Uuid,
    state: UploadState,
    added: Option<i32>,
    message: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query!(
        "update pending_uploads set state = $2, added = $3, message = $4, content = null where id = $1",
        id,
        state as UploadState,
        added,
        message
    )
    .execute(db)
    .await?;
    Ok(())
}

/// An import that has not moved for five minutes died: it is marked failed with `message`.
pub async fn fail_stalled(db: &PgPool, id: Uuid, user: Uuid, message: &str) -> sqlx::Result<()> {
    sqlx::query!(
        "update pending_uploads set state = 'failed', message = $3, content = null
          where id = $1 and user_id = $2 and state = 'importing'
            and progress_at < now() - interval '5 minutes'",
        id,
        user,
        message
    )
    .execute(db)
    .await?;
    Ok(())
}

/// How an import goes, as its progress page shows it.
pub struct Progress {
    pub file_name: String,
    pub state: UploadState,
    pub total: i32,
    pub done: i32,
    pub added: Option<i32>,
    pub message: Option<String>,
}

impl Progress {
    /// Not ended yet: importing, or about to start.
    pub fn running(&self) -> bool {
        matches!(self.state, UploadState::Importing | UploadState::Preview)
    }

    pub fn done(&self) -> bool {
        self.state == UploadState::Done
    }
}

pub async fn progress(db: &PgPool, id: Uuid, user: Uuid) -> sqlx::Result<Option<Progress>> {
    sqlx::query_as!(
        Progress,
        r#"select file_name, state as "state: UploadState", total, done, added, message
             from pending_uploads where id = $1 and user_id = $2"#,
        id,
        user
    )
    .fetch_optional(db)
    .await
}

/// Frees what uploads keep: a preview nobody imported within a day is deleted (its file can
/// be 10 MB), and a finished or failed import drops its file after a day (its counts stay).
pub async fn expire(db: &PgPool) -> sqlx::Result<u64> {
    let deleted = sqlx::query!(
        "delete from pending_uploads where state = 'preview' and created_at < now() - interval '1 day'"
    )
    .execute(db)
    .await?
    .rows_affected();
    let emptied = sqlx::query!(
        "update pending_uploads set content = null
          where state in ('done', 'failed') and content is not null
            and created_at < now() - interval '1 day'"
    )
    .execute(db)
    .await?
    .rows_affected();
    Ok(deleted + emptied)
}
