//! Reading topics: one topic with its supervisors and how full it is, and who may run it.

use crate::web::session::{Role, User};
use sqlx::PgPool;
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
    pub kind: String,
    pub background: String,
    pub location: String,
    pub start_period: String,
    pub capacity: i32,
    pub deadline: Date,
    pub status: String,
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
        self.status == "open" && today <= self.deadline
    }

    /// Every place is taken: new sign-ups go on the waitlist.
    pub fn full(&self) -> bool {
        self.accepted >= i64::from(self.capacity)
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
                  t.description, t.description_html, t.kind, t.background, t.location,
                  t.start_period, t.capacity, t.deadline, t.status,
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
