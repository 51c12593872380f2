//! A measurement with what its page shows, its history, and a member's own.

use crate::store::states::{ModelStatus, Source, Status, Tier};
use sqlx::{PgConnection, PgPool};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// One measurement with what its page shows.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct Row {
    pub id: Uuid,
    pub submitter_id: Option<Uuid>,
    pub submitter: Option<String>,
    pub source: Source,
    pub citation: Option<String>,
    pub model_slug: String,
    pub model_name: String,
    /// Approved, or pending while the model is only proposed.
    pub model_status: ModelStatus,
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
    pub status: Status,
    pub reject_reason: Option<String>,
    pub created_at: OffsetDateTime,
    /// What the measuring tool reported beside the totals.
    pub details: serde_json::Value,
    pub tier: Tier,
}

pub const SELECT: &str = "select m.id, m.submitter_id, u.display_name as submitter, m.source, m.citation,
        a.slug as model_slug, a.name as model_name, a.status as model_status, m.task, m.hardware_slug, h.name as hardware_name,
        m.device_count, m.energy_j, m.duration_s, m.queries, m.output_tokens, m.batch_size,
        m.precision, m.optimisations, m.method, m.region_code, m.pue, m.grid_intensity,
        m.measured_on, m.notes, m.source_url, m.raw, m.wh_per_1000_queries,
        m.j_per_output_token, m.kwh_per_run, m.co2e_g, m.flags, m.flag_count, m.status,
        m.reject_reason, m.created_at, m.details, m.tier
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
    pub from_status: Option<Status>,
    pub to_status: Status,
    pub note: Option<String>,
}

pub async fn history_of(db: impl sqlx::PgExecutor<'_>, id: Uuid) -> sqlx::Result<Vec<HistoryRow>> {
    sqlx::query_as!(
        HistoryRow,
        r#"select h.at, u.display_name as "actor?", h.from_status as "from_status: Status",
                  h.to_status as "to_status: Status", h.note
             from measurement_history h left join users u on u.id = h.actor_id
            where h.measurement_id = $1 order by h.at, h.id"#,
        id
    )
    .fetch_all(db)
    .await
}

/// How many measurements a member submitted.
pub async fn count_of(db: &PgPool, submitter: Uuid) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"select count(*) as "n!" from measurements where submitter_id = $1"#,
        submitter
    )
    .fetch_one(db)
    .await
}

/// A page of a member's own measurements, newest first.
pub async fn of_submitter(
    db: &PgPool,
    submitter: Uuid,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<Row>> {
    sqlx::query_as(&format!(
        "{SELECT} where m.submitter_id = $1 order by m.created_at desc, m.id limit $2 offset $3"
    ))
    .bind(submitter)
    .bind(limit)
    .bind(offset)
    .fetch_all(db)
    .await
}

/// What a member typed for their pending measurement `id`: the form's fields as stored,
/// notes and source link; `None` when it is not theirs or not pending.
pub async fn own_pending(
    db: &PgPool,
    id: Uuid,
    submitter: Uuid,
) -> sqlx::Result<Option<(serde_json::Value, Option<String>, Option<String>)>> {
    Ok(sqlx::query!(
        "select raw, notes, source_url from measurements
          where id = $1 and submitter_id = $2 and status = 'pending'",
        id,
        submitter
    )
    .fetch_optional(db)
    .await?
    .map(|r| (r.raw, r.notes, r.source_url)))
}

/// Who submitted measurement `id` (`Some(None)`: a published one, or a deleted account).
pub async fn submitter_of(tx: &mut PgConnection, id: Uuid) -> sqlx::Result<Option<Option<Uuid>>> {
    sqlx::query_scalar!("select submitter_id from measurements where id = $1", id)
        .fetch_optional(tx)
        .await
}
