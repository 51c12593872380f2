//! The SQL of CodeCarbon's live API: a member's experiments, the runs trackers open, the
//! energy of each interval, and the quiet runs the finisher turns into measurements.

use crate::store::states::RunState;
use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

/// A member's experiment: which model, task and queries per run its runs measure.
pub struct Experiment {
    pub id: Uuid,
    pub name: String,
    pub model: String,
    pub task: String,
    pub queries_per_run: String,
    pub created_at: OffsetDateTime,
}

pub struct NewExperiment<'a> {
    pub name: &'a str,
    pub model: &'a str,
    pub task: &'a str,
    pub queries_per_run: &'a str,
}

pub async fn add_experiment(db: &PgPool, user: Uuid, e: &NewExperiment<'_>) -> sqlx::Result<Uuid> {
    sqlx::query_scalar!(
        "insert into codecarbon_experiments (user_id, name, model, task, queries_per_run)
         values ($1, $2, $3, $4, $5) returning id",
        user,
        e.name,
        e.model,
        e.task,
        e.queries_per_run
    )
    .fetch_one(db)
    .await
}

/// The member's experiments, newest first.
pub async fn experiments_of(db: &PgPool, user: Uuid) -> sqlx::Result<Vec<Experiment>> {
    sqlx::query_as!(
        Experiment,
        "select id, name, model, task, queries_per_run, created_at
           from codecarbon_experiments where user_id = $1 order by created_at desc limit 100",
        user
    )
    .fetch_all(db)
    .await
}

pub async fn experiment(db: &PgPool, user: Uuid, id: Uuid) -> sqlx::Result<Option<Experiment>> {
    sqlx::query_as!(
        Experiment,
        "select id, name, model, task, queries_per_run, created_at
           from codecarbon_experiments where user_id = $1 and id = $2",
        user,
        id
    )
    .fetch_optional(db)
    .await
}

/// How many of the member's runs are open (still receiving energy).
pub async fn open_runs(db: &PgPool, user: Uuid) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"select count(*) as "n!" from codecarbon_runs where user_id = $1 and state = 'open'"#,
        user
    )
    .fetch_one(db)
    .await
}

/// Opens a run of `experiment` with what the tracker said of the machine.
pub async fn open_run(
    db: &PgPool,
    user: Uuid,
    experiment: Uuid,
    info: &serde_json::Value,
) -> sqlx::Result<Uuid> {
    sqlx::query_scalar!(
        "insert into codecarbon_runs (user_id, experiment_id, info) values ($1, $2, $3)
         returning id",
        user,
        experiment,
        info
    )
    .fetch_one(db)
    .await
}

/// One interval's energy, as the tracker sent it (kWh; kg CO2e).
pub struct Interval<'a> {
    pub sent_at: &'a str,
    pub duration_s: f64,
    pub energy_kwh: f64,
    pub cpu_energy_kwh: Option<f64>,
    pub gpu_energy_kwh: Option<f64>,
    pub ram_energy_kwh: Option<f64>,
    pub emissions_kg: Option<f64>,
}

/// What became of an interval sent for a run.
#[derive(Debug, PartialEq, Eq)]
pub enum Added {
    /// Counted (or counted before: the same interval sent again).
    Counted,
    /// No open run of the member's by that id: none, someone else's, or ended already.
    NoOpenRun,
}

/// Adds an interval to the member's open run, once: the same interval sent again (same
/// timestamp) is not counted twice.
pub async fn add_interval(
    db: &PgPool,
    user: Uuid,
    run: Uuid,
    i: &Interval<'_>,
) -> sqlx::Result<Added> {
    let mut tx = db.begin().await?;
    let open = sqlx::query_scalar!(
        "update codecarbon_runs set last_at = now()
          where id = $1 and user_id = $2 and state = 'open' returning id",
        run,
        user
    )
    .fetch_optional(&mut *tx)
    .await?;
    if open.is_none() {
        return Ok(Added::NoOpenRun);
    }
    sqlx::query!(
        "insert into codecarbon_emissions (run_id, sent_at, duration_s, energy_kwh, cpu_energy_kwh,
                                           gpu_energy_kwh, ram_energy_kwh, emissions_kg)
         values ($1, $2, $3, $4, $5, $6, $7, $8)
         on conflict do nothing",
        run,
        i.sent_at,
        i.duration_s,
        i.energy_kwh,
        i.cpu_energy_kwh,
        i.gpu_energy_kwh,
        i.ram_energy_kwh,
        i.emissions_kg
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Added::Counted)
}

/// Open runs that received nothing for `quiet_secs`, oldest first.
pub async fn quiet_runs(db: &PgPool, quiet_secs: i64, limit: i64) -> sqlx::Result<Vec<Uuid>> {
    sqlx::query_scalar!(
        "select id from codecarbon_runs
          where state = 'open' and last_at < now() - make_interval(secs => $1)
          order by last_at limit $2",
        quiet_secs as f64,
        limit
    )
    .fetch_all(db)
    .await
}

/// A quiet run with its experiment (when it is one of the member's) and its intervals
/// summed.
pub struct Ended {
    pub id: Uuid,
    pub user_id: Uuid,
    pub language: String,
    pub info: serde_json::Value,
    pub started_at: OffsetDateTime,
    pub model: Option<String>,
    pub task: Option<String>,
    pub queries_per_run: Option<String>,
    pub intervals: i64,
    pub duration_s: f64,
    pub energy_kwh: f64,
    pub cpu_energy_kwh: Option<f64>,
    pub gpu_energy_kwh: Option<f64>,
    pub ram_energy_kwh: Option<f64>,
    pub emissions_kg: Option<f64>,
}

/// Takes an open run for finishing, locked until `tx` ends (so two servers never store it
/// twice); `None` when another server has it or it is no longer open.
pub async fn take(tx: &mut PgConnection, id: Uuid) -> sqlx::Result<Option<Ended>> {
    let locked = sqlx::query_scalar!(
        "select id from codecarbon_runs where id = $1 and state = 'open' for update skip locked",
        id
    )
    .fetch_optional(&mut *tx)
    .await?;
    if locked.is_none() {
        return Ok(None);
    }
    sqlx::query_as!(
        Ended,
        r#"select r.id, r.user_id, u.language, r.info, r.started_at,
                  e.model as "model?", e.task as "task?", e.queries_per_run as "queries_per_run?",
                  count(i.sent_at) as "intervals!",
                  coalesce(sum(i.duration_s), 0) as "duration_s!",
                  coalesce(sum(i.energy_kwh), 0) as "energy_kwh!",
                  sum(i.cpu_energy_kwh) as cpu_energy_kwh,
                  sum(i.gpu_energy_kwh) as gpu_energy_kwh,
                  sum(i.ram_energy_kwh) as ram_energy_kwh,
                  sum(i.emissions_kg) as emissions_kg
             from codecarbon_runs r
             join users u on u.id = r.user_id
             left join codecarbon_experiments e on e.id = r.experiment_id and e.user_id = r.user_id
             left join codecarbon_emissions i on i.run_id = r.id
            where r.id = $1
            group by r.id, u.language, e.model, e.task, e.queries_per_run"#,
        id
    )
    .fetch_optional(&mut *tx)
    .await
}

/// How a run ended: stored as `measurement`, waiting to be named, or refused with `message`.
pub async fn end(
    tx: &mut PgConnection,
    id: Uuid,
    state: RunState,
    measurement: Option<Uuid>,
    message: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query!(
        "update codecarbon_runs set state = $2, measurement_id = $3, message = $4 where id = $1",
        id,
        state as RunState,
        measurement,
        message
    )
    .execute(tx)
    .await?;
    Ok(())
}

/// A run as the member's page lists it.
pub struct Listed {
    pub id: Uuid,
    pub experiment_id: Uuid,
    pub started_at: OffsetDateTime,
    pub state: RunState,
    pub measurement_id: Option<Uuid>,
    pub message: Option<String>,
    pub energy_kwh: f64,
}

/// The member's latest runs.
pub async fn runs_of(db: &PgPool, user: Uuid) -> sqlx::Result<Vec<Listed>> {
    sqlx::query_as!(
        Listed,
        r#"select r.id, r.experiment_id, r.started_at, r.state as "state: RunState",
                  r.measurement_id, r.message,
                  coalesce((select sum(energy_kwh) from codecarbon_emissions i where i.run_id = r.id), 0)
                    as "energy_kwh!"
             from codecarbon_runs r where r.user_id = $1 order by r.started_at desc limit 50"#,
        user
    )
    .fetch_all(db)
    .await
}
