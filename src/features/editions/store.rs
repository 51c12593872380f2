//! The SQL of editions: freezing one (its lines copied in one transaction), reading one, and
//! the list.

use sqlx::PgPool;
use time::OffsetDateTime;
use uuid::Uuid;

/// An edition's facts.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Edition {
    pub id: i64,
    pub slug: String,
    pub task: Option<String>,
    pub frozen_at: OffsetDateTime,
    pub frozen_by: Option<String>,
    pub line_count: i32,
    pub published_count: i32,
    pub verified_count: i32,
    pub self_reported_count: i32,
}

/// One frozen line.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow, serde::Serialize)]
pub struct Line {
    pub task: String,
    pub rank: i32,
    pub model_slug: String,
    pub model_name: String,
    pub device: Option<String>,
    pub unit: String,
    pub median: f64,
    pub q1: f64,
    pub q3: f64,
    pub count: i32,
    pub contributors: i32,
    pub published_count: i32,
    pub verified_count: i32,
    pub self_reported_count: i32,
    pub stars: i16,
}

/// Stores an edition and its lines at once; `None` when an edition of that slug exists.
pub async fn freeze(
    db: &PgPool,
    slug: &str,
    task: Option<&str>,
    by: Uuid,
    lines: &[Line],
) -> sqlx::Result<Option<i64>> {
    let mut tx = db.begin().await?;
    let sum = |f: fn(&Line) -> i32| lines.iter().map(f).sum::<i32>();
    let id = sqlx::query_scalar!(
        "insert into editions (slug, task, frozen_by, line_count, published_count,
                               verified_count, self_reported_count)
         values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (slug) do nothing returning id",
        slug,
        task,
        by,
        lines.len() as i32,
        sum(|l| l.published_count),
        sum(|l| l.verified_count),
        sum(|l| l.self_reported_count)
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = id else {
        return Ok(None);
    };
    let column = |f: fn(&Line) -> String| lines.iter().map(f).collect::<Vec<_>>();
    let ints = |f: fn(&Line) -> i32| lines.iter().map(f).collect::<Vec<_>>();
    let floats = |f: fn(&Line) -> f64| lines.iter().map(f).collect::<Vec<_>>();
    let devices: Vec<Option<String>> = lines.iter().map(|l| l.device.clone()).collect();
    let stars: Vec<i16> = lines.iter().map(|l| l.stars).collect();
    sqlx::query!(
        "insert into edition_lines (edition_id, task, rank, model_slug, model_name, device, unit,
                                    median, q1, q3, count, contributors, published_count,
                                    verified_count, self_reported_count, stars)
         select $1, * from unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[],
                                  $7::text[], $8::float8[], $9::float8[], $10::float8[],
                                  $11::int[], $12::int[], $13::int[], $14::int[], $15::int[],
                                  $16::int2[])",
        id,
        &column(|l| l.task.clone()),
        &ints(|l| l.rank),
        &column(|l| l.model_slug.clone()),
        &column(|l| l.model_name.clone()),
        &devices as &[Option<String>],
        &column(|l| l.unit.clone()),
        &floats(|l| l.median),
        &floats(|l| l.q1),
        &floats(|l| l.q3),
        &ints(|l| l.count),
        &ints(|l| l.contributors),
        &ints(|l| l.published_count),
        &ints(|l| l.verified_count),
        &ints(|l| l.self_reported_count),
        &stars
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(id))
}

const SELECT: &str = "select e.id, e.slug, e.task, e.frozen_at, u.display_name as frozen_by,
        e.line_count, e.published_count, e.verified_count, e.self_reported_count
   from editions e left join users u on u.id = e.frozen_by";

pub async fn by_slug(db: &PgPool, slug: &str) -> sqlx::Result<Option<Edition>> {
    sqlx::query_as(&format!("{SELECT} where e.slug = $1"))
        .bind(slug)
        .fetch_optional(db)
        .await
}

/// Every edition, newest first.
pub async fn all(db: &PgPool) -> sqlx::Result<Vec<Edition>> {
    sqlx::query_as(&format!(
        "{SELECT} order by e.frozen_at desc, e.id desc limit 500"
    ))
    .fetch_all(db)
    .await
}

/// The edition of the same scope frozen just before `e`.
pub async fn previous(db: &PgPool, e: &Edition) -> sqlx::Result<Option<Edition>> {
    sqlx::query_as(&format!(
        "{SELECT} where e.task is not distinct from $1 and e.id < $2 order by e.id desc limit 1"
    ))
    .bind(&e.task)
    .bind(e.id)
    .fetch_optional(db)
    .await
}

pub async fn lines(db: &PgPool, edition: i64) -> sqlx::Result<Vec<Line>> {
    sqlx::query_as!(
        Line,
        "select task, rank, model_slug, model_name, device, unit, median, q1, q3, count,
                contributors, published_count, verified_count, self_reported_count, stars
           from edition_lines where edition_id = $1 order by task, rank",
        edition
    )
    .fetch_all(db)
    .await
}
