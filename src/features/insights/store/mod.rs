//! Reading insights: the list (filters, search in both languages' stemmers and by trigrams,
//! ranked, with highlighted matches), one insight with its links and comments, and the
//! figures its claim is checked against.

pub mod queue;

use super::rules::{Claim, InsightStatus};
use crate::store::states::Status;
use sqlx::PgPool;
use time::OffsetDateTime;
use uuid::Uuid;

/// Insights per page of the list.
pub const PER_PAGE: i64 = 20;

/// What the list asks for.
#[derive(Clone, Debug, Default)]
pub struct Query {
    pub category: Option<String>,
    pub lang: Option<String>,
    pub model: Option<i64>,
    /// Words to search for.
    pub q: Option<String>,
    pub helpful_first: bool,
    pub page: i64,
}

/// An insight as the list shows it.
#[derive(Debug, sqlx::FromRow)]
pub struct Listed {
    pub id: Uuid,
    pub title: String,
    pub category: String,
    pub lang: String,
    pub helpful_count: i32,
    pub created_at: OffsetDateTime,
    /// `None` for a deleted account (a former member).
    pub author: Option<String>,
    /// The matching passage, with matches between \u{1} and \u{2} (escaped before display).
    pub excerpt: String,
    pub total: i64,
}

/// One page of published insights.
pub async fn list(db: &PgPool, q: &Query) -> sqlx::Result<Vec<Listed>> {
    let words = q.q.as_deref().map(str::trim).filter(|w| !w.is_empty());
    // Near matches from half the query's trigrams on (pg_trgm's default asks 60 %): enough
    // for "modellen" to meet "model", which the Dutch and English stemmers keep apart.
    let mut tx = db.begin().await?;
    sqlx::query("set local pg_trgm.word_similarity_threshold = 0.5")
        .execute(&mut *tx)
        .await?;
    let rows = sqlx::query_as!(
        Listed,
        r#"with query as (
             select plainto_tsquery('dutch', coalesce($4, '')) || plainto_tsquery('english', coalesce($4, '')) as ts
           )
           select i.id, i.title, i.category, i.lang, i.helpful_count, i.created_at,
                  case when u.deleted_at is null then u.display_name end as author,
                  case when $4::text is null then left(i.body, 240)
                       else ts_headline(case i.lang when 'nl' then 'dutch'::regconfig
                                                    else 'english'::regconfig end,
                                        i.body, query.ts,
                                        E'StartSel=\x01,StopSel=\x02,MaxWords=30,MinWords=12,MaxFragments=2')
                  end as "excerpt!",
                  count(*) over () as "total!"
             from insights i join users u on u.id = i.author_id cross join query
            where i.status = 'published'
              and ($1::text is null or i.category = $1)
              and ($2::text is null or i.lang = $2)
              and ($3::bigint is null or exists (select 1 from insight_links l
                                                  where l.insight_id = i.id and l.model_id = $3))
              and ($4::text is null or i.search @@ query.ts or $4 <% (i.title || ' ' || i.body))
            order by case when $5 then i.helpful_count else 0 end desc,
                     case when $4::text is null then 0
                          else ts_rank(i.search, query.ts)
                               + 0.1 * word_similarity($4, i.title || ' ' || i.body) end desc,
                     i.created_at desc, i.id
            limit $6 offset $7"#,
        q.category,
        q.lang,
        q.model,
        words,
        q.helpful_first,
        PER_PAGE,
        (q.page.max(1) - 1) * PER_PAGE
    )
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows)
}

/// One insight, as its page needs it.
#[derive(Debug, sqlx::FromRow)]
pub struct Full {
    pub id: Uuid,
    pub author_id: Uuid,
    pub author: Option<String>,
    pub title: String,
    pub body: String,
    pub body_html: String,
    pub category: String,
    pub lang: String,
    pub status: InsightStatus,
    pub moderation_reason: Option<String>,
    pub helpful_count: i32,
    pub claim: Option<sqlx::types::Json<Claim>>,
    pub created_at: OffsetDateTime,
    pub revisions: i64,
}

pub async fn one(db: &PgPool, id: Uuid) -> sqlx::Result<Option<Full>> {
    sqlx::query_as!(
        Full,
        r#"select i.id, i.author_id, case when u.deleted_at is null then u.display_name end as author,
                  i.title, i.body, i.body_html, i.category, i.lang,
                  i.status as "status: InsightStatus", i.moderation_reason,
                  i.helpful_count, i.claim as "claim: sqlx::types::Json<Claim>",
                  i.created_at,
                  (select count(*) from insight_revisions r where r.insight_id = i.id) as "revisions!"
             from insights i join users u on u.id = i.author_id
            where i.id = $1 and i.status <> 'deleted'"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// A link of an insight, resolved for display.
#[derive(Debug, sqlx::FromRow)]
pub struct Link {
    pub model_slug: Option<String>,
    pub model_name: Option<String>,
    pub measurement_id: Option<Uuid>,
    pub measurement_status: Option<Status>,
    pub board_path: Option<String>,
}

pub async fn links(db: &PgPool, id: Uuid) -> sqlx::Result<Vec<Link>> {
    sqlx::query_as!(
        Link,
        r#"select a.slug as "model_slug?", a.name as "model_name?", l.measurement_id,
                  m.status as "measurement_status?: Status", l.board_path
             from insight_links l
             left join ai_models a on a.id = l.model_id
             left join measurements m on m.id = l.measurement_id
            where l.insight_id = $1 order by l.position"#,
        id
    )
    .fetch_all(db)
    .await
}

/// A comment as shown.
#[derive(Debug, sqlx::FromRow)]
pub struct Comment {
    pub id: Uuid,
    pub author: Option<String>,
    pub body: String,
    /// Published or hidden.
    pub status: InsightStatus,
    pub created_at: OffsetDateTime,
}

pub async fn comments(db: &PgPool, id: Uuid) -> sqlx::Result<Vec<Comment>> {
    sqlx::query_as!(
        Comment,
        r#"select c.id, case when u.deleted_at is null then u.display_name end as author,
                  c.body, c.status as "status: InsightStatus", c.created_at
             from insight_comments c join users u on u.id = c.author_id
            where c.insight_id = $1 order by c.created_at, c.id"#,
        id
    )
    .fetch_all(db)
    .await
}

/// A measurement a claim names: its standing and its figure on its task's board.
#[derive(Debug, sqlx::FromRow)]
pub struct ClaimedMeasurement {
    pub id: Uuid,
    pub status: Status,
    pub task: String,
    pub model_id: i64,
    pub wh_per_1000_queries: Option<f64>,
    pub kwh_per_run: Option<f64>,
}

pub async fn claimed(
    db: impl sqlx::PgExecutor<'_>,
    ids: &[Uuid],
) -> sqlx::Result<Vec<ClaimedMeasurement>> {
    sqlx::query_as!(
        ClaimedMeasurement,
        r#"select id, status as "status: Status", task, model_id, wh_per_1000_queries, kwh_per_run
             from measurements where id = any($1)"#,
        ids
    )
    .fetch_all(db)
    .await
}

/// Whether a member marked an insight helpful.
pub async fn voted(db: &PgPool, insight: Uuid, user: Uuid) -> sqlx::Result<bool> {
    sqlx::query_scalar!(
        r#"select exists (select 1 from insight_votes where insight_id = $1 and user_id = $2) as "voted!""#,
        insight,
        user
    )
    .fetch_one(db)
    .await
}

/// Published insights that link a model, newest first: for the model's page.
pub async fn of_model(db: &PgPool, model_id: i64) -> sqlx::Result<Vec<(Uuid, String, String)>> {
    Ok(sqlx::query!(
        "select distinct i.id, i.title, i.lang, i.created_at
           from insights i join insight_links l on l.insight_id = i.id
          where l.model_id = $1 and i.status = 'published'
          order by i.created_at desc limit 20",
        model_id
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| (r.id, r.title, r.lang))
    .collect())
}

/// The author of insight `id` (not deleted).
pub async fn author_of(db: &PgPool, id: Uuid) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar!(
        "select author_id from insights where id = $1 and status <> 'deleted'",
        id
    )
    .fetch_optional(db)
    .await
}

/// A version of an insight that an edit replaced.
pub struct Revision {
    pub title: String,
    pub body: String,
    pub replaced_at: OffsetDateTime,
}

/// The versions edits replaced, newest first.
pub async fn revisions(db: &PgPool, id: Uuid) -> sqlx::Result<Vec<Revision>> {
    sqlx::query_as!(
        Revision,
        "select title, body, replaced_at from insight_revisions where insight_id = $1 order by id desc",
        id
    )
    .fetch_all(db)
    .await
}

/// A published insight as a feed carries it.
pub struct FeedEntry {
    pub id: Uuid,
    pub title: String,
    pub body_html: String,
    pub category: String,
    pub lang: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    /// The author's name, unless the account is deleted.
    pub author: Option<String>,
}

/// The newest published insights (of one category), at most `limit`.
pub async fn newest(
    db: &PgPool,
    category: Option<&str>,
    limit: i64,
) -> sqlx::Result<Vec<FeedEntry>> {
    sqlx::query_as!(
        FeedEntry,
        r#"select i.id, i.title, i.body_html, i.category, i.lang, i.created_at, i.updated_at,
                  case when u.deleted_at is null then u.display_name end as author
             from insights i join users u on u.id = i.author_id
            where i.status = 'published' and ($1::text is null or i.category = $1)
            order by i.created_at desc limit $2"#,
        category,
        limit
    )
    .fetch_all(db)
    .await
}
