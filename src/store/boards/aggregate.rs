//! The aggregates boards are read from: one `board_entries` row per task × device × model ×
//! scope, and a `board_versions` row per task.
//!
//! A change of measurements marks its task × model in `board_changes` ([`mark`]), in its own
//! transaction; one refresher at a time recomputes each marked model's lines once and bumps
//! the versions of their boards: the writer itself, in its transaction before it commits
//! ([`commit`]), when no other refresher is at work, otherwise that one or the server's
//! one-second sweep ([`settle`]). Writers never wait for each other or for a refresh another
//! request is doing, so ingest stays flat however long a line grows; the lines stay exact, at
//! most a moment (under load: the sweep) behind the measurements.

use crate::store::states::{Source, Tier};
use energy_model::stats::{Summary, distinct, per_contribution};
use energy_model::{FunctionalUnit, Task};
use sqlx::{PgConnection, PgPool};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use uuid::Uuid;

/// The stored figure a task is ranked by.
pub fn column(task: Task) -> &'static str {
    match task.functional_unit() {
        FunctionalUnit::PerRun => "kwh_per_run",
        FunctionalUnit::PerThousandQueries => "wh_per_1000_queries",
    }
}

/// One verified measurement, as far as a board line needs it.
pub struct Observation {
    pub value: f64,
    /// The submitter, or the published source (each counts as one contributor).
    pub contributor: String,
    pub published: bool,
    /// A researcher checked it.
    pub verified: bool,
    pub hardware: String,
    pub co2e: f64,
    /// Joules per output token, when the measurement states its output tokens.
    pub j_per_token: Option<f64>,
    /// Seconds per functional unit (duration ÷ queries, or the run's duration), when stated.
    pub seconds: Option<f64>,
    /// What it was sent with: its upload, or the measurement itself when sent alone.
    pub contribution: Uuid,
}

impl Observation {
    /// One stored measurement: its ranked figure, who it counts for (the submitter, or the
    /// published source), where it ran, its CO2e per unit (NaN when unknown) and J per token.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        contribution: Uuid,
        value: f64,
        submitter: Option<Uuid>,
        source: Source,
        source_slug: Option<String>,
        hardware: String,
        co2e: Option<f64>,
        j_per_token: Option<f64>,
        seconds: Option<f64>,
        tier: Tier,
    ) -> Observation {
        Observation {
            value,
            published: source == Source::Published,
            verified: tier == Tier::Verified,
            contributor: submitter
                .map(|u| u.to_string())
                .or(source_slug)
                .unwrap_or_else(|| source.slug().to_string()),
            hardware,
            co2e: co2e.unwrap_or(f64::NAN),
            j_per_token,
            seconds: seconds.filter(|s| s.is_finite() && *s > 0.0),
            contribution,
        }
    }
}

/// What a board line says about one model.
pub struct Aggregate {
    pub summary: Summary,
    pub contributors: i32,
    pub published_count: i32,
    pub verified_count: i32,
    pub hardware: Vec<String>,
    pub co2e_median: Option<f64>,
    pub j_per_token_median: Option<f64>,
    pub seconds_median: Option<f64>,
    /// Its figures counted on the logarithmic grid of [`energy_model::stats::log_bins`].
    pub bins_from: i32,
    pub bins: Vec<i32>,
}

/// Summarises a model's observations; `None` when there are none. The figures (median,
/// middle half, CO2e, J per token, seconds) count each contribution once
/// ([`per_contribution`]: an upload's runs by their median); `count` stays the number of
/// measurements.
pub fn summarise(observations: &[&Observation]) -> Option<Aggregate> {
    let figures = |f: &dyn Fn(&Observation) -> Option<f64>| {
        per_contribution(
            observations
                .iter()
                .filter_map(|o| f(o).map(|v| (o.contribution, v))),
        )
    };
    let summary =
        Summary::of_contributions(observations.iter().map(|o| (o.contribution, o.value)))?;
    let co2e = figures(&|o| Some(o.co2e).filter(|c| c.is_finite()));
    let per_token = figures(&|o| o.j_per_token);
    let seconds = figures(&|o| o.seconds);
    let (bins_from, bins) = energy_model::stats::log_bins(observations.iter().map(|o| o.value));
    let mut hardware: Vec<String> = observations.iter().map(|o| o.hardware.clone()).collect();
    hardware.sort();
    hardware.dedup();
    Some(Aggregate {
        summary,
        contributors: distinct(observations.iter().map(|o| o.contributor.as_str())) as i32,
        published_count: observations.iter().filter(|o| o.published).count() as i32,
        verified_count: observations.iter().filter(|o| o.verified).count() as i32,
        hardware,
        co2e_median: Summary::of(&co2e).map(|s| s.median),
        j_per_token_median: Summary::of(&per_token).map(|s| s.median),
        seconds_median: Summary::of(&seconds).map(|s| s.median),
        bins_from,
        bins,
    })
}

/// Changes of boards made by this process, so its cache re-reads the versions at once
/// instead of waiting for its next periodic read.
static LOCAL_CHANGES: AtomicU64 = AtomicU64::new(0);

pub fn local_changes() -> u64 {
    LOCAL_CHANGES.load(Ordering::Acquire)
}

/// One verified measurement of a task × model, as its board lines need it.
#[derive(sqlx::FromRow)]
struct StoredObservation {
    id: Uuid,
    upload_id: Option<Uuid>,
    value: f64,
    submitter_id: Option<Uuid>,
    source: Source,
    source_slug: Option<String>,
    hardware_slug: String,
    co2e: Option<f64>,
    j_per_output_token: Option<f64>,
    seconds: Option<f64>,
    tier: Tier,
}

impl From<StoredObservation> for Observation {
    fn from(r: StoredObservation) -> Observation {
        Observation::new(
            r.upload_id.unwrap_or(r.id),
            r.value,
            r.submitter_id,
            r.source,
            r.source_slug,
            r.hardware_slug,
            r.co2e,
            r.j_per_output_token,
            r.seconds,
            r.tier,
        )
    }
}

/// Marks the boards of one task × model as changed, in the transaction that changes its
/// measurements: a plain insert, so concurrent writers never wait for each other here.
pub async fn mark(tx: &mut PgConnection, t: Task, model_id: i64) -> sqlx::Result<()> {
    sqlx::query!(
        "insert into board_changes (task, model_id) values ($1, $2)",
        t.slug(),
        model_id
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The channel on which a refresh tells every app server which boards changed.
pub const CHANNEL: &str = "greenai_boards";

/// The advisory lock that lets one refresher at a time work (per database).
const REFRESHER: i64 = 0x6772_6565_6e61_6962;

/// Recomputes every marked task × model's lines and bumps their boards' versions, in one
/// transaction. With `wait`, waits for a refresher at work elsewhere to finish; without, leaves
/// the work to it (or to the next sweep) and returns at once. Returns the models refreshed.
pub async fn settle(db: &PgPool, wait: bool) -> sqlx::Result<usize> {
    let mut tx = db.begin().await?;
    if wait {
        sqlx::query("select pg_advisory_xact_lock($1)")
            .bind(REFRESHER)
            .execute(&mut *tx)
            .await?;
    } else if !try_lock(&mut tx).await? {
        return Ok(0);
    }
    let refreshed = refresh_marked(&mut tx).await?;
    tx.commit().await?;
    if refreshed > 0 {
        LOCAL_CHANGES.fetch_add(1, Ordering::AcqRel);
    }
    Ok(refreshed)
}

/// Takes the refresher's lock for the rest of `tx` when no other refresher holds it.
async fn try_lock(tx: &mut PgConnection) -> sqlx::Result<bool> {
    sqlx::query_scalar!(
        r#"select pg_try_advisory_xact_lock($1) as "got!""#,
        REFRESHER
    )
    .fetch_one(&mut *tx)
    .await
}

/// Under the refresher's lock: takes every mark, recomputes the marked lines, bumps their
/// boards' versions and tells every server, all in `tx`. Returns the models refreshed.
async fn refresh_marked(tx: &mut PgConnection) -> sqlx::Result<usize> {
    let changed: BTreeSet<(String, i64)> =
        sqlx::query!("delete from board_changes returning task, model_id")
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .map(|r| (r.task, r.model_id))
            .collect();
    if changed.is_empty() {
        return Ok(0);
    }
    let mut tasks: Vec<String> = Vec::new();
    for (task, model_id) in &changed {
        refresh(&mut *tx, known_task(task)?, *model_id).await?;
        if tasks.last() != Some(task) {
            tasks.push(task.clone());
        }
    }
    bump(&mut *tx, &tasks).await?;
    // Every app server on this database hears of it when the refresh commits
    // ([`cache::listen`](super::cache::listen)), and reads the new versions at once.
    sqlx::query!(
        "select pg_notify($1, array_to_string($2::text[], ','))",
        CHANNEL,
        &tasks
    )
    .execute(&mut *tx)
    .await?;
    Ok(changed.len())
}

/// Settles, every second, what busy moments left behind (a writer that found another refresh
/// at work) and what other processes marked without settling: the longest a board lags.
pub fn spawn_sweeper(db: PgPool) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        loop {
            tick.tick().await;
            if let Err(e) = settle(&db, false).await {
                tracing::warn!(error = %e, "refreshing the boards failed; trying again in a second");
            }
        }
    })
}

/// Recomputes the lines (one per device and scope) of one task × model from its verified
/// measurements.
async fn refresh(tx: &mut PgConnection, t: Task, model_id: i64) -> sqlx::Result<()> {
    let task = t.slug();
    let rows = sqlx::query_as!(
        StoredObservation,
        r#"select m.id, m.upload_id, v.value as "value!", m.submitter_id,
                m.source as "source: Source", m.source_slug, m.hardware_slug,
                m.co2e_g * v.value * $4 / m.energy_j as co2e, m.j_per_output_token,
                case when $3 then m.duration_s else m.duration_s / m.queries end as seconds,
                m.tier as "tier: Tier"
           from measurements m
          cross join lateral (select case when $3 then m.kwh_per_run
                                          else m.wh_per_1000_queries end as value) v
          where m.task = $1 and m.model_id = $2 and m.status = 'verified'
            and v.value is not null"#,
        task,
        model_id,
        t.per_run(),
        t.joules_per_unit()
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut by_device: BTreeMap<String, Vec<Observation>> = BTreeMap::new();
    for row in rows {
        let o = Observation::from(row);
        by_device.entry(o.hardware.clone()).or_default().push(o);
    }
    sqlx::query!(
        "delete from board_entries where task = $1 and model_id = $2",
        task,
        model_id
    )
    .execute(&mut *tx)
    .await?;
    store_model_figures(tx, task, model_id, by_device.values().flatten()).await?;
    for (device, observations) in &by_device {
        for include_published in [false, true] {
            let chosen: Vec<&Observation> = observations
                .iter()
                .filter(|o| include_published || !o.published)
                .collect();
            if let Some(line) = summarise(&chosen) {
                store_line(tx, task, model_id, device, include_published, &line).await?;
            }
        }
    }
    Ok(())
}

/// Keeps a task × model's figures over every device (published benchmarks included), as its
/// model page shows them; none when it has no verified measurement left.
async fn store_model_figures(
    tx: &mut PgConnection,
    task: &str,
    model_id: i64,
    observations: impl Iterator<Item = &Observation>,
) -> sqlx::Result<()> {
    sqlx::query!(
        "delete from model_task_figures where task = $1 and model_id = $2",
        task,
        model_id
    )
    .execute(&mut *tx)
    .await?;
    let Some(s) = Summary::of_contributions(observations.map(|o| (o.contribution, o.value))) else {
        return Ok(());
    };
    sqlx::query!(
        "insert into model_task_figures (task, model_id, count, median, q1, q3)
         values ($1, $2, $3, $4, $5, $6)",
        task,
        model_id,
        s.count as i32,
        s.median,
        s.q1,
        s.q3
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Writes one board line.
async fn store_line(
    tx: &mut PgConnection,
    task: &str,
    model_id: i64,
    device: &str,
    include_published: bool,
    a: &Aggregate,
) -> sqlx::Result<()> {
    let s = &a.summary;
    sqlx::query!(
        "insert into board_entries (task, model_id, hardware_slug, include_published, count,
                                    contributors, median, q1, q3, min, max, published_count,
                                    co2e_median, j_per_token_median, verified_count,
                                    seconds_median, bins_from, bins, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                 $18, now())",
        task,
        model_id,
        device,
        include_published,
        s.count as i32,
        a.contributors,
        s.median,
        s.q1,
        s.q3,
        s.min,
        s.max,
        a.published_count,
        a.co2e_median,
        a.j_per_token_median,
        a.verified_count,
        a.seconds_median,
        a.bins_from,
        &a.bins
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// A new version of the boards of `tasks`, visible when the refresh commits. Only the
/// refresher (holding its lock) writes versions, so no writer waits on these rows.
async fn bump(tx: &mut PgConnection, tasks: &[String]) -> sqlx::Result<()> {
    sqlx::query!(
        "insert into board_versions (task, version, changed_at)
         select t, 1, clock_timestamp() from unnest($1::text[]) t
         on conflict (task) do update
            set version = board_versions.version + 1, changed_at = clock_timestamp()",
        tasks
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Commits a change; when it `marked` boards, refreshes them in the same transaction unless
/// another refresh is at work (which, or the next sweep, takes this change too). So a writer
/// sees its own change on the boards once it returns, and pays one statement more when
/// another refresher is busy. A failed refresh is undone to its savepoint and leaves the
/// marks for the sweep: the change itself is committed.
pub async fn commit(
    mut tx: sqlx::Transaction<'_, sqlx::Postgres>,
    marked: bool,
) -> sqlx::Result<()> {
    let mut refreshed = false;
    if marked && try_lock(&mut tx).await? {
        sqlx::query("savepoint refresh").execute(&mut *tx).await?;
        match refresh_marked(&mut tx).await {
            Ok(n) => refreshed = n > 0,
            Err(e) => {
                tracing::warn!(error = %e, "refreshing the boards after a change failed; the sweep will");
                sqlx::query("rollback to savepoint refresh")
                    .execute(&mut *tx)
                    .await?;
            }
        }
    }
    tx.commit().await?;
    if refreshed {
        LOCAL_CHANGES.fetch_add(1, Ordering::AcqRel);
    }
    Ok(())
}

/// Every task × model pair with verified measurements or a board entry: what a full rebuild
/// refreshes.
pub async fn pairs(db: &sqlx::PgPool) -> sqlx::Result<Vec<(Task, i64)>> {
    let rows = sqlx::query!(
        r#"select task as "task!", model_id as "model_id!" from measurements where status = 'verified'
         union select task, model_id from board_entries order by 1, 2"#
    )
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| Ok((known_task(&r.task)?, r.model_id)))
        .collect()
}

/// A task slug read from the database; one the code does not know is an error, never a board
/// silently left as it was.
pub fn known_task(slug: &str) -> sqlx::Result<Task> {
    Task::from_slug(slug)
        .ok_or_else(|| sqlx::Error::Decode(format!("unknown task “{slug}” in the database").into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn observation(contribution: Uuid, value: f64) -> Observation {
        Observation::new(
            contribution,
            value,
            Some(Uuid::nil()),
            Source::Community,
            None,
            "nvidia-a100".into(),
            Some(value),
            None,
            Some(value),
            Tier::SelfReported,
        )
    }

    #[test]
    fn one_large_upload_is_one_contribution_to_a_line() {
        let upload = Uuid::new_v4();
        let mut all: Vec<Observation> = (0..1000).map(|_| observation(upload, 50.0)).collect();
        all.extend([1.0, 2.0, 3.0].map(|v| observation(Uuid::new_v4(), v)));
        let line = summarise(&all.iter().collect::<Vec<_>>()).unwrap();
        // Four contributions: 1, 2, 3 and the upload's 50; every measurement is counted.
        assert_eq!(line.summary.count, 1003);
        assert_eq!(line.summary.median, 2.5);
        assert_eq!(line.summary.max, 50.0);
        assert_eq!(line.co2e_median, Some(2.5));
        assert_eq!(line.seconds_median, Some(2.5));
    }
}
