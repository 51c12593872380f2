//! The SQL of measurements.

use crate::store::catalogue::REGIONS;
use energy_model::validation::ValidMeasurement;
use energy_model::{CarbonIntensity, RawMeasurement};
use sqlx::PgConnection;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// Where a measurement comes from.
pub enum Source<'a> {
    Community {
        submitter: Uuid,
    },
    Published {
        source_slug: &'a str,
        citation: &'a str,
    },
}

/// A validated measurement ready to store.
pub struct NewMeasurement<'a> {
    pub valid: &'a ValidMeasurement,
    pub raw: &'a RawMeasurement,
    pub model_id: i64,
    pub source: Source<'a>,
    pub notes: Option<&'a str>,
    pub source_url: Option<&'a str>,
    pub run_id: Option<&'a str>,
    pub upload_id: Option<Uuid>,
    pub external_key: Option<&'a str>,
}

/// The world average grid, for measurements that name no region.
pub fn world_intensity() -> CarbonIntensity {
    REGIONS
        .world()
        .map(|r| r.intensity)
        .unwrap_or(CarbonIntensity::from_grams_per_kwh(475.0))
}

/// What is stored beside a validated measurement's own values.
pub struct Derived {
    pub normalised: energy_model::validation::Normalised,
    /// The grid intensity that applies (stated, the region's, or the world average).
    pub intensity: f64,
    pub co2e_g: f64,
    /// `[{"field": …, "code": …}]`
    pub flags: serde_json::Value,
    pub flag_count: i32,
}

pub fn derive(v: &ValidMeasurement) -> Derived {
    let world = world_intensity();
    Derived {
        normalised: v.normalised(),
        intensity: v.intensity(world).grams_per_kwh(),
        co2e_g: v.carbon(world).grams(),
        flags: serde_json::Value::Array(
            v.flags
                .iter()
                .map(|p| serde_json::json!({"field": p.field.name(), "code": p.code()}))
                .collect(),
        ),
        flag_count: v.flags.len() as i32,
    }
}

/// Flagged measurements wait for a moderator; clean ones are verified at once.
pub fn initial_status(valid: &ValidMeasurement) -> &'static str {
    if valid.flags.is_empty() {
        "verified"
    } else {
        "pending"
    }
}

/// Replaces a pending measurement of `submitter` with an edited version; it is verified at
/// once when the edit leaves no flags. False when it is not theirs or no longer pending.
pub async fn update(
    tx: &mut PgConnection,
    id: Uuid,
    submitter: Uuid,
    m: &NewMeasurement<'_>,
) -> sqlx::Result<bool> {
    let v = m.valid;
    let d = derive(v);
    let status = initial_status(v);
    let updated = sqlx::query(
        "update measurements set
            model_id = $3, task = $4, hardware_slug = $5, device_count = $6, energy_j = $7,
            duration_s = $8, queries = $9, output_tokens = $10, batch_size = $11, precision = $12,
            optimisations = $13, method = $14, region_code = $15, pue = $16, grid_intensity = $17,
            measured_on = $18, notes = $19, source_url = $20, raw = $21,
            wh_per_1000_queries = $22, j_per_output_token = $23, kwh_per_run = $24, co2e_g = $25,
            flags = $26, flag_count = $27, status = $28, updated_at = now()
          where id = $1 and submitter_id = $2 and status = 'pending'",
    )
    .bind(id)
    .bind(submitter)
    .bind(m.model_id)
    .bind(v.task.slug())
    .bind(&v.device.slug)
    .bind(v.device_count as i32)
    .bind(v.energy.joules())
    .bind(v.duration.map(|d| d.seconds()))
    .bind(v.queries.map(|q| q as i64))
    .bind(v.output_tokens.map(|t| t as i64))
    .bind(v.batch_size.map(|b| b as i32))
    .bind(v.precision.map(|p| p.slug()))
    .bind(v.optimisations.iter().map(|o| o.slug()).collect::<Vec<_>>())
    .bind(v.method.slug())
    .bind(v.region.as_ref().map(|r| r.code.as_str()))
    .bind(v.pue)
    .bind(d.intensity)
    .bind(v.measured_on)
    .bind(m.notes)
    .bind(m.source_url)
    .bind(serde_json::to_value(m.raw).unwrap_or_default())
    .bind(d.normalised.wh_per_1000_queries)
    .bind(d.normalised.j_per_output_token)
    .bind(d.normalised.kwh_per_run)
    .bind(d.co2e_g)
    .bind(&d.flags)
    .bind(d.flag_count)
    .bind(status)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if updated {
        history(tx, id, Some(submitter), Some("pending"), status, None).await?;
        crate::store::boards::refresh(tx, v.task.slug(), m.model_id).await?;
    }
    Ok(updated)
}

/// Stores a measurement; `None` when its run id or external key was stored before. The caller
/// refreshes the board (once, after a batch).
pub async fn insert(
    tx: &mut PgConnection,
    m: &NewMeasurement<'_>,
    actor: Option<Uuid>,
) -> sqlx::Result<Option<Uuid>> {
    let v = m.valid;
    let d = derive(v);
    let (submitter, source, source_slug, citation) = match &m.source {
        Source::Community { submitter } => (Some(*submitter), "community", None, None),
        Source::Published {
            source_slug,
            citation,
        } => (None, "published", Some(*source_slug), Some(*citation)),
    };
    let status = if matches!(m.source, Source::Published { .. }) {
        "verified"
    } else {
        initial_status(v)
    };
    let id: Option<Uuid> = sqlx::query_scalar(
        "insert into measurements (
            submitter_id, source, source_slug, citation, model_id, task, hardware_slug,
            device_count, energy_j, duration_s, queries, output_tokens, batch_size, precision,
            optimisations, method, region_code, pue, grid_intensity, measured_on, notes,
            source_url, raw, wh_per_1000_queries, j_per_output_token, kwh_per_run, co2e_g,
            flags, flag_count, status, run_id, upload_id, external_key)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                 $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33)
         on conflict do nothing
         returning id",
    )
    .bind(submitter)
    .bind(source)
    .bind(source_slug)
    .bind(citation)
    .bind(m.model_id)
    .bind(v.task.slug())
    .bind(&v.device.slug)
    .bind(v.device_count as i32)
    .bind(v.energy.joules())
    .bind(v.duration.map(|d| d.seconds()))
    .bind(v.queries.map(|q| q as i64))
    .bind(v.output_tokens.map(|t| t as i64))
    .bind(v.batch_size.map(|b| b as i32))
    .bind(v.precision.map(|p| p.slug()))
    .bind(v.optimisations.iter().map(|o| o.slug()).collect::<Vec<_>>())
    .bind(v.method.slug())
    .bind(v.region.as_ref().map(|r| r.code.as_str()))
    .bind(v.pue)
    .bind(d.intensity)
    .bind(v.measured_on)
    .bind(m.notes)
    .bind(m.source_url)
    .bind(serde_json::to_value(m.raw).unwrap_or_default())
    .bind(d.normalised.wh_per_1000_queries)
    .bind(d.normalised.j_per_output_token)
    .bind(d.normalised.kwh_per_run)
    .bind(d.co2e_g)
    .bind(&d.flags)
    .bind(d.flag_count)
    .bind(status)
    .bind(m.run_id)
    .bind(m.upload_id)
    .bind(m.external_key)
    .fetch_optional(&mut *tx)
    .await?;
    // Creation is recorded by the row itself (submitter, created_at, status); the history
    // holds every change after it.
    let _ = actor;
    Ok(id)
}

pub async fn history(
    tx: &mut PgConnection,
    id: Uuid,
    actor: Option<Uuid>,
    from: Option<&str>,
    to: &str,
    note: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into measurement_history (measurement_id, actor_id, from_status, to_status, note)
         values ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(actor)
    .bind(from)
    .bind(to)
    .bind(note)
    .execute(tx)
    .await?;
    Ok(())
}

/// One measurement with what its page shows.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct Row {
    pub id: Uuid,
    pub submitter_id: Option<Uuid>,
    pub submitter: Option<String>,
    pub source: String,
    pub citation: Option<String>,
    pub model_slug: String,
    pub model_name: String,
    pub task: String,
    pub hardware_slug: String,
    pub hardware_name: String,
    pub device_count: i32,
    pub energy_j: f64,
    pub duration_s: Option<f64>,
    pub queries: Option<i64>,
    pub output_tokens: Option<i64>,
    pub batch_size: Option<i32>,
    pub precision: Option<String>,
    pub optimisations: Vec<String>,
    pub method: String,
    pub region_code: Option<String>,
    pub pue: Option<f64>,
    pub grid_intensity: Option<f64>,
    pub measured_on: Date,
    pub notes: Option<String>,
    pub source_url: Option<String>,
    pub raw: serde_json::Value,
    pub wh_per_1000_queries: Option<f64>,
    pub j_per_output_token: Option<f64>,
    pub kwh_per_run: Option<f64>,
    pub co2e_g: f64,
    pub flags: serde_json::Value,
    pub flag_count: i32,
    pub status: String,
    pub reject_reason: Option<String>,
    pub created_at: OffsetDateTime,
}

pub const SELECT: &str = "select m.id, m.submitter_id, u.display_name as submitter, m.source, m.citation,
        a.slug as model_slug, a.name as model_name, m.task, m.hardware_slug, h.name as hardware_name,
        m.device_count, m.energy_j, m.duration_s, m.queries, m.output_tokens, m.batch_size,
        m.precision, m.optimisations, m.method, m.region_code, m.pue, m.grid_intensity,
        m.measured_on, m.notes, m.source_url, m.raw, m.wh_per_1000_queries,
        m.j_per_output_token, m.kwh_per_run, m.co2e_g, m.flags, m.flag_count, m.status,
        m.reject_reason, m.created_at
   from measurements m
   join ai_models a on a.id = m.model_id
   join hardware h on h.slug = m.hardware_slug
   left join users u on u.id = m.submitter_id";

pub async fn get(db: impl sqlx::PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<Row>> {
    sqlx::query_as(&format!("{SELECT} where m.id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await
}

#[derive(sqlx::FromRow)]
pub struct HistoryRow {
    pub at: OffsetDateTime,
    pub actor: Option<String>,
    pub from_status: Option<String>,
    pub to_status: String,
    pub note: Option<String>,
}

pub async fn history_of(db: impl sqlx::PgExecutor<'_>, id: Uuid) -> sqlx::Result<Vec<HistoryRow>> {
    sqlx::query_as(
        "select h.at, u.display_name as actor, h.from_status, h.to_status, h.note
           from measurement_history h left join users u on u.id = h.actor_id
          where h.measurement_id = $1 order by h.at, h.id",
    )
    .bind(id)
    .fetch_all(db)
    .await
}

/// Moves a measurement from `from` to `to`, recording who and why; false when it was not in
/// `from` (someone else acted first, or it was never there).
pub async fn transition(
    tx: &mut PgConnection,
    id: Uuid,
    from: &str,
    to: &str,
    actor: Uuid,
    reason: Option<&str>,
) -> sqlx::Result<bool> {
    let moved = sqlx::query(
        "update measurements set status = $3, reject_reason = $4, updated_at = now()
          where id = $1 and status = $2",
    )
    .bind(id)
    .bind(from)
    .bind(to)
    .bind(reason)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if moved {
        history(tx, id, Some(actor), Some(from), to, reason).await?;
        crate::store::boards::refresh_for(tx, id).await?;
    }
    Ok(moved)
}
