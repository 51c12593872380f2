//! The SQL of the hardware feature: the devices people added, the spellings researchers map,
//! and the pending measurements of devices the catalogue does not know yet. The catalogue as
//! the app reads it is [`crate::store::catalogue`]'s.

use super::device_form::NewDevice;
use energy_model::RawMeasurement;
use energy_model::hardware::spelling_key;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// A device people added, with how many measurements name it.
pub struct AddedRow {
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub tdp_watts: Option<f64>,
    pub tdp_max_watts: Option<f64>,
    pub memory_gb: Option<f64>,
    pub source: String,
    pub measurements: i64,
}

pub async fn added_devices(db: &PgPool) -> sqlx::Result<Vec<AddedRow>> {
    sqlx::query_as!(
        AddedRow,
        r#"select h.slug, h.name, h.kind, h.tdp_watts, h.tdp_max_watts, h.memory_gb, h.source,
                  (select count(*) from measurements m where m.hardware_slug = h.slug)
                      as "measurements!"
             from hardware h where h.added_by is not null order by lower(h.name)"#
    )
    .fetch_all(db)
    .await
}

/// Whether the device was added by people (only those are edited here; the published tables
/// are corrected at their source).
pub async fn added_by_people(db: &PgPool, slug: &str) -> sqlx::Result<bool> {
    Ok(sqlx::query_scalar!(
        "select slug from hardware where slug = $1 and added_by is not null",
        slug
    )
    .fetch_optional(db)
    .await?
    .is_some())
}

/// Corrects a device's figures; its slug stays.
pub async fn correct(tx: &mut PgConnection, slug: &str, device: &NewDevice) -> sqlx::Result<()> {
    sqlx::query!(
        "update hardware set name = $2, kind = $3, tdp_watts = $4, tdp_max_watts = $5,
                memory_gb = $6, source = $7
          where slug = $1",
        slug,
        device.name,
        device.kind.slug(),
        device.tdp,
        device.tdp_max,
        device.memory_gb,
        device.source
    )
    .execute(tx)
    .await?;
    Ok(())
}

/// Merges device `slug` into `into` once its measurements have moved: its spellings move
/// too, its name stays a way to say the other, and the device goes.
pub async fn merge(tx: &mut PgConnection, slug: &str, into: &str) -> sqlx::Result<()> {
    let name = sqlx::query_scalar!("select name from hardware where slug = $1", slug)
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query!(
        "update hardware_aliases set hardware_slug = $2 where hardware_slug = $1",
        slug,
        into
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "insert into hardware_aliases (spelling, hardware_slug) values ($1, $2)
         on conflict (spelling) do update set hardware_slug = excluded.hardware_slug",
        spelling_key(&name),
        into
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!("delete from hardware where slug = $1", slug)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// A device a researcher adds.
pub async fn add(tx: &mut PgConnection, d: &NewDevice, researcher: Uuid) -> sqlx::Result<()> {
    sqlx::query!(
        "insert into hardware (slug, name, kind, tdp_watts, tdp_max_watts, memory_gb, source,
                               aliases, added_by, added_at)
         values ($1, $2, $3, $4, $5, $6, $7, '{}', $8, now())",
        d.slug,
        d.name,
        d.kind.slug(),
        d.tdp,
        d.tdp_max,
        d.memory_gb,
        d.source,
        researcher
    )
    .execute(tx)
    .await?;
    Ok(())
}

/// Keeps a spelling (its key) as a way to say a device, for every later measurement.
pub async fn keep_spelling(
    tx: &mut PgConnection,
    key: &str,
    slug: &str,
    researcher: Uuid,
) -> sqlx::Result<()> {
    sqlx::query!(
        "insert into hardware_aliases (spelling, hardware_slug, added_by) values ($1, $2, $3)
         on conflict (spelling) do update set hardware_slug = excluded.hardware_slug,
                added_by = excluded.added_by, added_at = now()",
        key,
        slug,
        researcher
    )
    .execute(tx)
    .await?;
    Ok(())
}

/// The pending measurements of unknown devices, as (id, raw): what the researcher works on.
pub async fn pending_unknown(db: &PgPool) -> sqlx::Result<Vec<(Uuid, RawMeasurement)>> {
    Ok(sqlx::query!(
        "select id, raw from measurements
          where hardware_slug = 'unknown-device' and status = 'pending'
          order by created_at"
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| (r.id, serde_json::from_value(r.raw).unwrap_or_default()))
    .collect())
}

/// A pending measurement of an unknown device, with what restating it keeps.
pub struct Pending {
    pub id: Uuid,
    pub raw: serde_json::Value,
    pub model_id: i64,
    pub submitter_id: Option<Uuid>,
    pub notes: Option<String>,
    pub source_url: Option<String>,
    pub run_id: Option<String>,
    pub upload_id: Option<Uuid>,
    pub details: serde_json::Value,
}

pub async fn pending_of_unknown_devices(tx: &mut PgConnection) -> sqlx::Result<Vec<Pending>> {
    sqlx::query_as!(
        Pending,
        "select id, raw, model_id, submitter_id, notes, source_url, run_id, upload_id, details
           from measurements
          where hardware_slug = 'unknown-device' and status = 'pending'
          order by created_at"
    )
    .fetch_all(tx)
    .await
}
