//! Topics and sign-ups in the database: every statement the topic pages run, one function a
//! question (sign-ups in [`signups`], the research gaps in [`gaps`]). Handlers read the
//! request, call these and the rules, and render.

mod gaps;
mod signups;

pub use gaps::*;
pub use signups::*;

use super::rules::{Kind, TopicDraft, TopicStatus};
use crate::web::session::{Role, User};
use energy_model::Places;
use sqlx::{PgConnection, PgPool};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

#[derive(Debug, sqlx::FromRow)]
pub struct Topic {
    pub id: Uuid,
    pub line: String,
    pub line_en: String,
    pub line_nl: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub description_html: String,
    pub kind: Kind,
    pub background: String,
    pub location: String,
    pub start_period: String,
    pub capacity: i32,
    pub deadline: Date,
    pub status: TopicStatus,
    pub accepted: i64,
    pub supervisors: Vec<String>,
    pub supervisor_ids: Vec<Uuid>,
    pub created_at: OffsetDateTime,
    /// A topic made from a gap: the measurements it asks for and how many.
    pub target_task: Option<String>,
    pub target_hardware: Option<String>,
    pub target_model_id: Option<i64>,
    pub target_count: Option<i32>,
}

impl Topic {
    /// Whether sign-ups are taken now: open and before the deadline (once full, for the
    /// waitlist).
    pub fn taking_signups(&self, today: Date) -> bool {
        self.status == TopicStatus::Open && today <= self.deadline
    }

    /// Its places as this read saw them (a decision reads them again under the topic's lock:
    /// [`places_locked`]).
    pub fn places(&self) -> Places {
        Places::new(i64::from(self.capacity), self.accepted)
    }

    /// Open: not a draft, not closed (its deadline may still have passed).
    pub fn is_open(&self) -> bool {
        self.status == TopicStatus::Open
    }

    /// Its supervisors and admins run it.
    pub fn run_by(&self, user: &User) -> bool {
        user.role >= Role::Admin
            || (user.role >= Role::Researcher && self.supervisor_ids.contains(&user.id))
    }
}

pub async fn topic(db: &PgPool, id: Uuid) -> sqlx::Result<Option<Topic>> {
    sqlx::query_as!(
        Topic,
        r#"select t.id, t.line, l.name_en as line_en, l.name_nl as line_nl, t.title, t.summary,
                  t.description, t.description_html, t.kind as "kind: Kind", t.background,
                  t.location, t.start_period, t.capacity, t.deadline,
                  t.status as "status: TopicStatus",
                  (select count(*) from signups s where s.topic_id = t.id and s.status = 'accepted') as "accepted!",
                  coalesce((select array_agg(u.display_name order by u.display_name)
                              from topic_supervisors ts join users u on u.id = ts.user_id
                             where ts.topic_id = t.id), '{}') as "supervisors!",
                  coalesce((select array_agg(ts.user_id) from topic_supervisors ts
                             where ts.topic_id = t.id), '{}') as "supervisor_ids!",
                  t.created_at, t.target_task, t.target_hardware, t.target_model_id, t.target_count
             from topics t join research_lines l on l.slug = t.line
            where t.id = $1"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// How far a topic made from a gap is: the verified measurements its participants submitted
/// since it was made that match its target, the target, and the board they show on.
pub struct Progress {
    pub count: i64,
    pub target: i32,
    pub board: String,
}

pub async fn progress(
    db: &PgPool,
    catalogue: &energy_model::Catalogue,
    topic: &Topic,
) -> sqlx::Result<Option<Progress>> {
    let (Some(task), Some(target)) = (&topic.target_task, topic.target_count) else {
        return Ok(None);
    };
    let class = topic
        .target_hardware
        .as_deref()
        .and_then(energy_model::DeviceClass::parse);
    let devices: Option<Vec<String>> = class.map(|c| {
        catalogue
            .devices()
            .iter()
            .filter(|d| d.class() == c)
            .map(|d| d.slug.clone())
            .collect()
    });
    let count = sqlx::query_scalar!(
        r#"select count(*) as "n!" from measurements m
            where m.status = 'verified' and m.task = $1
              and ($2::text[] is null or m.hardware_slug = any($2))
              and ($3::bigint is null or m.model_id = $3)
              and m.created_at >= $4
              and m.submitter_id in (select user_id from signups
                                      where topic_id = $5 and status in ('pending', 'accepted', 'waitlisted'))"#,
        task,
        devices.as_deref(),
        topic.target_model_id,
        topic.created_at,
        topic.id
    )
    .fetch_one(db)
    .await?;
    Ok(Some(Progress {
        count,
        target,
        board: format!(
            "/leaderboards/{task}?hardware={}",
            topic.target_hardware.as_deref().unwrap_or("all")
        ),
    }))
}

/// Today, as deadlines are kept (UTC dates).
pub fn today() -> Date {
    OffsetDateTime::now_utc().date()
}

/// An open topic as the list shows it.
pub struct Listed {
    pub id: Uuid,
    pub title: String,
    pub summary: String,
    pub kind: Kind,
    pub line_en: String,
    pub line_nl: String,
    pub deadline: Date,
}

/// The open topics taking sign-ups, of one kind or research line when given, soonest first.
pub async fn open_topics(
    db: &PgPool,
    kind: Option<Kind>,
    line: Option<&str>,
) -> sqlx::Result<Vec<Listed>> {
    sqlx::query_as!(
        Listed,
        r#"select t.id, t.title, t.summary, t.kind as "kind: Kind", l.name_en as line_en,
                  l.name_nl as line_nl, t.deadline
             from topics t join research_lines l on l.slug = t.line
            where t.status = 'open' and t.deadline >= $3
              and ($1::text is null or t.kind = $1) and ($2::text is null or t.line = $2)
            order by t.deadline, t.title"#,
        kind as Option<Kind>,
        line,
        today()
    )
    .fetch_all(db)
    .await
}

/// A research line: its slug and its names.
pub struct Line {
    pub slug: String,
    pub name_en: String,
    pub name_nl: String,
}

pub async fn lines(db: &PgPool) -> sqlx::Result<Vec<Line>> {
    sqlx::query_as!(
        Line,
        "select slug, name_en, name_nl from research_lines order by slug"
    )
    .fetch_all(db)
    .await
}

/// A topic as its feed entry shows it.
pub struct FeedEntry {
    pub id: Uuid,
    pub title: String,
    pub summary: String,
    pub description_html: String,
    pub kind: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// The 30 newest open topics.
pub async fn newest_open(db: &PgPool) -> sqlx::Result<Vec<FeedEntry>> {
    sqlx::query_as!(
        FeedEntry,
        "select id, title, summary, description_html, kind, created_at, updated_at
           from topics where status = 'open' order by created_at desc limit 30"
    )
    .fetch_all(db)
    .await
}

/// Stores a new topic; returns its id.
pub async fn insert_topic(
    tx: &mut PgConnection,
    d: &TopicDraft,
    description_html: &str,
    author: Uuid,
) -> sqlx::Result<Uuid> {
    sqlx::query_scalar!(
        "insert into topics (line, title, summary, description, description_html, kind, background,
                             location, start_period, capacity, deadline, status, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id",
        d.line,
        d.title,
        d.summary,
        d.description,
        description_html,
        d.kind as Kind,
        d.background,
        d.location,
        d.start_period,
        d.capacity,
        d.deadline,
        d.status as TopicStatus,
        author
    )
    .fetch_one(tx)
    .await
}

/// Changes a topic; closing it records when (the first time).
pub async fn update_topic(
    tx: &mut PgConnection,
    id: Uuid,
    d: &TopicDraft,
    description_html: &str,
) -> sqlx::Result<()> {
    sqlx::query!(
        "update topics set line = $2, title = $3, summary = $4, description = $5,
                description_html = $6, kind = $7, background = $8, location = $9,
                start_period = $10, capacity = $11, deadline = $12, status = $13, updated_at = now(),
                closed_at = case when $13 = 'closed' then coalesce(closed_at, now()) end
          where id = $1",
        id,
        d.line,
        d.title,
        d.summary,
        d.description,
        description_html,
        d.kind as Kind,
        d.background,
        d.location,
        d.start_period,
        d.capacity,
        d.deadline,
        d.status as TopicStatus
    )
    .execute(tx)
    .await?;
    Ok(())
}

/// Makes `emails` (researchers or admins on the platform) the topic's supervisors; `false`,
/// changing nothing, when one of them is not.
pub async fn set_supervisors(
    tx: &mut PgConnection,
    id: Uuid,
    emails: &[String],
) -> sqlx::Result<bool> {
    let found = sqlx::query!(
        r#"select id, lower(email) as "email!" from users
            where lower(email) = any($1) and role in ('researcher', 'admin') and deleted_at is null"#,
        emails
    )
    .fetch_all(&mut *tx)
    .await?;
    if emails.is_empty() || emails.iter().any(|e| !found.iter().any(|f| f.email == *e)) {
        return Ok(false);
    }
    sqlx::query!("delete from topic_supervisors where topic_id = $1", id)
        .execute(&mut *tx)
        .await?;
    let ids: Vec<Uuid> = found.iter().map(|f| f.id).collect();
    sqlx::query!(
        "insert into topic_supervisors (topic_id, user_id) select $1, unnest($2::uuid[])",
        id,
        &ids
    )
    .execute(&mut *tx)
    .await?;
    Ok(true)
}

/// The supervisors' addresses, for the edit form.
pub async fn supervisor_emails(db: &PgPool, id: Uuid) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!(
        "select u.email from topic_supervisors ts join users u on u.id = ts.user_id
          where ts.topic_id = $1",
        id
    )
    .fetch_all(db)
    .await
}
