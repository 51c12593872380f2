//! What the measurements API reads and keeps: idempotency keys and the public list.

use serde::Serialize;
use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

// Dates as people and other programs read them ("2026-02-01"); time's default is
// [year, day of the year].
time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

/// A published measurement.
#[derive(Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct MeasurementOut {
    pub id: Uuid,
    pub model: String,
    pub model_name: String,
    pub task: String,
    pub hardware: String,
    pub device_count: i32,
    pub energy_j: f64,
    pub duration_s: Option<f64>,
    pub queries: Option<i64>,
    pub output_tokens: Option<i64>,
    pub wh_per_1000_queries: Option<f64>,
    pub j_per_output_token: Option<f64>,
    pub kwh_per_run: Option<f64>,
    pub co2e_g: f64,
    pub method: String,
    pub precision: Option<String>,
    pub region: Option<String>,
    /// YYYY-MM-DD.
    #[schema(value_type = String)]
    #[serde(with = "iso_date")]
    pub measured_on: time::Date,
    pub source: String,
    pub citation: Option<String>,
    #[serde(skip)]
    pub created_at: OffsetDateTime,
    /// How much was checked (for the BoAmps report's quality).
    #[serde(skip)]
    #[schema(ignore)]
    pub tier: crate::store::states::Tier,
}

/// The first answer the API gave to a member's idempotency key.
pub struct Answered {
    pub request_hash: Vec<u8>,
    pub status: i32,
    pub body: serde_json::Value,
}

pub async fn answered(db: &PgPool, user: Uuid, key: &str) -> sqlx::Result<Option<Answered>> {
    sqlx::query_as!(
        Answered,
        "select request_hash, status, body from idempotency_keys where user_id = $1 and key = $2",
        user,
        key
    )
    .fetch_optional(db)
    .await
}

/// Keeps the answer to an idempotency key (in the change's transaction); false when a
/// concurrent request with the same key was stored first.
pub async fn remember_answer(
    tx: &mut PgConnection,
    user: Uuid,
    key: &str,
    hash: &[u8],
    body: &serde_json::Value,
) -> sqlx::Result<bool> {
    Ok(sqlx::query!(
        "insert into idempotency_keys (user_id, key, request_hash, status, body)
         values ($1, $2, $3, 201, $4)
         on conflict do nothing",
        user,
        key,
        hash,
        body
    )
    .execute(tx)
    .await?
    .rows_affected()
        == 1)
}

/// What the public list of verified measurements is filtered by.
pub struct Published<'a> {
    pub task: Option<&'a str>,
    pub model: Option<&'a str>,
    pub hardware: Option<&'a str>,
    pub method: Option<&'a str>,
    pub source: Option<&'a str>,
    /// The last row of the page before: its creation time and id.
    pub after: Option<(OffsetDateTime, Uuid)>,
}

/// Verified measurements in the order they were stored, after the cursor, at most `limit`.
pub async fn published(
    db: &PgPool,
    q: &Published<'_>,
    limit: i64,
) -> sqlx::Result<Vec<MeasurementOut>> {
    let (after_at, after_id) = q.after.unzip();
    sqlx::query_as!(
        MeasurementOut,
        r#"select m.id, a.slug as model, a.name as model_name, m.task, m.hardware_slug as hardware,
                m.device_count, m.energy_j, m.duration_s, m.queries, m.output_tokens,
                m.wh_per_1000_queries, m.j_per_output_token, m.kwh_per_run, m.co2e_g, m.method,
                m.precision, m.region_code as region, m.measured_on, m.source, m.citation, m.created_at,
                m.tier as "tier: crate::store::states::Tier"
           from measurements m join ai_models a on a.id = m.model_id
          where m.status = 'verified'
            and ($1::text is null or m.task = $1)
            and ($2::text is null or a.slug = $2)
            and ($3::text is null or m.hardware_slug = $3)
            and ($4::text is null or m.method = $4)
            and ($5::text is null or m.source = $5)
            and ($6::timestamptz is null or (m.created_at, m.id) > ($6, $7))
          order by m.created_at, m.id
          limit $8"#,
        q.task,
        q.model,
        q.hardware,
        q.method,
        q.source,
        after_at,
        after_id,
        limit
    )
    .fetch_all(db)
    .await
}
