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
}

impl Topic {
    /// Whether sign-ups are taken now: open, before the deadline, and not full.
    pub fn taking_signups(&self, today: Date) -> bool {
        self.status == "open" && today <= self.deadline && self.accepted < i64::from(self.capacity)
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
                             where ts.topic_id = t.id), '{}') as "supervisor_ids!"
             from topics t join research_lines l on l.slug = t.line
            where t.id = $1"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// Today, as deadlines are kept (UTC dates).
pub fn today() -> Date {
    OffsetDateTime::now_utc().date()
}
