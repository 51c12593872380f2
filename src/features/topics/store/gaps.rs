//! What the research gaps page reads: verified counts per task and device, the most
//! measured models and the tasks they lack, thin boards; and the draft topic a gap makes.

use sqlx::{PgConnection, PgPool};
use time::Date;
use uuid::Uuid;

/// Verified measurements per (task, device slug).
pub async fn verified_counts(db: &PgPool) -> sqlx::Result<Vec<(String, String, i64)>> {
    Ok(sqlx::query!(
        r#"select task, hardware_slug, count(*) as "n!" from measurements
            where status = 'verified' group by task, hardware_slug"#
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| (r.task, r.hardware_slug, r.n))
    .collect())
}

/// The tasks with a board line.
pub async fn tasks_with_lines(db: &PgPool) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!("select distinct task from board_entries")
        .fetch_all(db)
        .await
}

/// A much measured model and the tasks it was measured for.
pub struct Measured {
    pub slug: String,
    pub name: String,
    pub n: i64,
    pub tasks: Vec<String>,
}

/// The `limit` approved models with most verified measurements.
pub async fn most_measured(db: &PgPool, limit: i64) -> sqlx::Result<Vec<Measured>> {
    sqlx::query_as!(
        Measured,
        r#"select a.slug, a.name, count(*) as "n!", array_agg(distinct m.task) as "tasks!"
             from measurements m join ai_models a on a.id = m.model_id
            where m.status = 'verified' and a.status = 'approved'
            group by a.slug, a.name order by count(*) desc, a.slug limit $1"#,
        limit
    )
    .fetch_all(db)
    .await
}

/// Per task: its lines (with published benchmarks) and how many are provisional (n < 3).
pub async fn line_counts(db: &PgPool) -> sqlx::Result<Vec<(String, i64, i64)>> {
    Ok(sqlx::query!(
        r#"select task, count(*) as "lines!", count(*) filter (where count < 3) as "provisional!"
             from board_entries where include_published group by task order by task"#
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| (r.task, r.lines, r.provisional))
    .collect())
}

/// A model by slug: its id and name.
pub async fn model_named(db: &PgPool, slug: &str) -> sqlx::Result<Option<(i64, String)>> {
    Ok(
        sqlx::query!("select id, name from ai_models where slug = $1", slug)
            .fetch_optional(db)
            .await?
            .map(|r| (r.id, r.name)),
    )
}

/// A draft contributor topic made from a gap.
pub struct GapTopic<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub description: &'a str,
    pub description_html: &'a str,
    pub deadline: Date,
    pub task: &'a str,
    pub hardware: Option<&'a str>,
    pub model: Option<i64>,
    pub target_count: i32,
}

/// Stores the draft, supervised by `researcher`; returns its id.
pub async fn insert_gap_topic(
    tx: &mut PgConnection,
    t: &GapTopic<'_>,
    researcher: Uuid,
) -> sqlx::Result<Uuid> {
    let id = sqlx::query_scalar!(
        "insert into topics (line, title, summary, description, description_html, kind, capacity,
                             deadline, status, created_by, target_task, target_hardware,
                             target_model_id, target_count)
         values ('energy-efficiency', $1, $2, $3, $4, 'contributor-project', 20, $5, 'draft', $6,
                 $7, $8, $9, $10)
         returning id",
        t.title,
        t.summary,
        t.description,
        t.description_html,
        t.deadline,
        researcher,
        t.task,
        t.hardware,
        t.model,
        t.target_count
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query!(
        "insert into topic_supervisors (topic_id, user_id) values ($1, $2)",
        id,
        researcher
    )
    .execute(&mut *tx)
    .await?;
    Ok(id)
}
