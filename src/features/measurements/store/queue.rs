//! The SQL of the moderation queue: what waits (pending, or verified but self-reported),
//! uploads as groups, and what a decision changes beside the measurements' own rows.

use super::rows::{Row, SELECT};
use crate::store::states::ModelStatus;
use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

/// What waits for a researcher.
const WAITING: &str =
    "(m.status = 'pending' or (m.status = 'verified' and m.tier = 'self-reported'))";

/// Rows of the upload `upload`, or single measurements (those of no upload) when `None`.
const SCOPE: &str = "case when $1::uuid is null then m.upload_id is null else m.upload_id = $1 end";

pub async fn waiting_count(db: &PgPool, upload: Option<Uuid>) -> sqlx::Result<i64> {
    sqlx::query_scalar(&format!(
        "select count(*) from measurements m where {WAITING} and {SCOPE}"
    ))
    .bind(upload)
    .fetch_one(db)
    .await
}

/// A page of what waits, pending first, most flags first, oldest first.
pub async fn waiting(
    db: &PgPool,
    upload: Option<Uuid>,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<Row>> {
    sqlx::query_as(&format!(
        "{SELECT} where {WAITING} and {SCOPE}
          order by m.status = 'pending' desc, m.flag_count desc, m.created_at, m.id
          limit $2 offset $3"
    ))
    .bind(upload)
    .bind(limit)
    .bind(offset)
    .fetch_all(db)
    .await
}

/// The waiting rows of one upload.
pub async fn waiting_of_upload(db: &PgPool, upload: Uuid) -> sqlx::Result<Vec<Uuid>> {
    sqlx::query_scalar(&format!(
        "select m.id from measurements m where m.upload_id = $1 and {WAITING}"
    ))
    .bind(upload)
    .fetch_all(db)
    .await
}

/// Whether any row of an upload still waits.
pub async fn upload_waits(db: &PgPool, upload: Uuid) -> sqlx::Result<bool> {
    sqlx::query_scalar(&format!(
        "select exists (select 1 from measurements m where m.upload_id = $1 and {WAITING})"
    ))
    .bind(upload)
    .fetch_one(db)
    .await
}

/// An upload with rows waiting, summarised.
pub struct Group {
    pub id: Uuid,
    pub file_name: Option<String>,
    pub submitter: Option<String>,
    pub model: String,
    pub model_status: ModelStatus,
    pub task: String,
    pub waiting: i64,
    pub pending: i64,
    pub flagged: i64,
    pub at: OffsetDateTime,
    pub median: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
}

/// Uploads with rows waiting (or just `only`), most pending rows first, at most `limit`.
pub async fn groups(db: &PgPool, only: Option<Uuid>, limit: i64) -> sqlx::Result<Vec<Group>> {
    sqlx::query_as!(
        Group,
        r#"select m.upload_id as "id!", p.file_name as "file_name?", u.display_name as "submitter?",
                  a.name as model, a.status as "model_status: ModelStatus", m.task,
                  count(*) as "waiting!",
                  count(*) filter (where m.status = 'pending') as "pending!",
                  count(*) filter (where m.flag_count > 0) as "flagged!",
                  min(m.created_at) as "at!",
                  percentile_cont(0.5) within group (order by coalesce(m.wh_per_1000_queries, m.kwh_per_run)) as median,
                  min(coalesce(m.wh_per_1000_queries, m.kwh_per_run)) as low,
                  max(coalesce(m.wh_per_1000_queries, m.kwh_per_run)) as high
             from measurements m
             join ai_models a on a.id = m.model_id
             left join users u on u.id = m.submitter_id
             left join pending_uploads p on p.id = m.upload_id
            where m.upload_id is not null
              and ($1::uuid is null or m.upload_id = $1)
              and (m.status = 'pending' or (m.status = 'verified' and m.tier = 'self-reported'))
            group by m.upload_id, p.file_name, u.display_name, a.name, a.status, m.task
            order by count(*) filter (where m.status = 'pending') desc, min(m.created_at)
            limit $2"#,
        only,
        limit
    )
    .fetch_all(db)
    .await
}

/// How many pending rows of each upload carry each flag: (upload, flag code, count), most
/// first.
pub async fn flag_counts(db: &PgPool, uploads: &[Uuid]) -> sqlx::Result<Vec<(Uuid, String, i64)>> {
    Ok(sqlx::query!(
        r#"select m.upload_id as "id!", f->>'code' as "code!", count(*) as "n!"
             from measurements m cross join jsonb_array_elements(m.flags) f
            where m.upload_id = any($1) and m.status = 'pending'
            group by 1, 2 order by 3 desc"#,
        uploads
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|f| (f.id, f.code, f.n))
    .collect())
}

/// How many of `ids` `user` submitted.
pub async fn submitted_by(db: &PgPool, ids: &[Uuid], user: Uuid) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"select count(*) as "n!" from measurements where id = any($1) and submitter_id = $2"#,
        ids,
        user
    )
    .fetch_one(db)
    .await
}

/// Verifying measurements of a proposed model approves the model too.
pub async fn approve_models_of(tx: &mut PgConnection, ids: &[Uuid]) -> sqlx::Result<()> {
    sqlx::query!(
        "update ai_models set status = 'approved'
          where status = 'pending' and id in (select model_id from measurements where id = any($1))",
        ids
    )
    .execute(tx)
    .await?;
    Ok(())
}

/// A submitter of some of the measurements: their address, language, how many, and one.
pub struct Submitter {
    pub email: String,
    pub language: String,
    pub n: i64,
    pub one: String,
}

/// Who submitted `ids` (accounts not deleted), once each.
pub async fn submitters(tx: &mut PgConnection, ids: &[Uuid]) -> sqlx::Result<Vec<Submitter>> {
    sqlx::query_as!(
        Submitter,
        r#"select u.email, u.language, count(*) as "n!", min(m.id::text) as "one!"
             from measurements m join users u on u.id = m.submitter_id
            where m.id = any($1) and u.deleted_at is null
            group by u.id, u.email, u.language"#,
        ids
    )
    .fetch_all(tx)
    .await
}
