//! Sign-ups: a member's own, the candidates staff decide on, and the housekeeping that
//! closes and erases old ones.

use crate::features::topics::rules::{SignupDraft, SignupStatus};
use energy_model::Places;
use sqlx::{PgConnection, PgPool};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// Someone to mail: an address and the language they read.
pub struct Recipient {
    pub email: String,
    pub language: String,
}

/// The supervisors to tell of a new sign-up.
pub async fn supervisors_to_tell(tx: &mut PgConnection, id: Uuid) -> sqlx::Result<Vec<Recipient>> {
    sqlx::query_as!(
        Recipient,
        "select u.email, u.language from topic_supervisors ts join users u on u.id = ts.user_id
          where ts.topic_id = $1 and u.deleted_at is null",
        id
    )
    .fetch_all(tx)
    .await
}

/// The visitor's own sign-up for a topic: its status.
pub async fn status_of(db: &PgPool, topic: Uuid, user: Uuid) -> sqlx::Result<Option<SignupStatus>> {
    sqlx::query_scalar!(
        r#"select status as "status: SignupStatus" from signups where topic_id = $1 and user_id = $2"#,
        topic,
        user
    )
    .fetch_optional(db)
    .await
}

/// Stores a sign-up in `status`; `None` when the member signed up for the topic before.
pub async fn insert_signup(
    tx: &mut PgConnection,
    topic: Uuid,
    user: Uuid,
    d: &SignupDraft,
    status: SignupStatus,
) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar!(
        "insert into signups (topic_id, user_id, motivation, organisation, programme, level,
                              available_from, hours_per_week, cv_url, status)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         on conflict (topic_id, user_id) do nothing returning id",
        topic,
        user,
        d.motivation,
        d.organisation,
        d.programme,
        d.level,
        d.available_from,
        d.hours_per_week,
        d.cv_url,
        status as SignupStatus
    )
    .fetch_optional(tx)
    .await
}

/// A member's own sign-up, as their list shows it.
pub struct MySignup {
    pub id: Uuid,
    pub topic_id: Uuid,
    pub title: String,
    pub status: SignupStatus,
    pub message: String,
    pub created_at: OffsetDateTime,
}

pub async fn signups_of(db: &PgPool, user: Uuid) -> sqlx::Result<Vec<MySignup>> {
    sqlx::query_as!(
        MySignup,
        r#"select s.id, s.topic_id, t.title, s.status as "status: SignupStatus",
                  coalesce(s.decision_message, '') as "message!", s.created_at
             from signups s join topics t on t.id = s.topic_id
            where s.user_id = $1 order by s.created_at desc"#,
        user
    )
    .fetch_all(db)
    .await
}

/// Withdraws a member's own pending sign-up; `false` when there is none.
pub async fn withdraw(db: &PgPool, id: Uuid, user: Uuid) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "update signups set status = 'withdrawn', decided_at = now()
          where id = $1 and user_id = $2 and status = 'pending'",
        id,
        user
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// A candidate as the dashboard shows it.
pub struct Candidate {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub motivation: String,
    pub organisation: String,
    pub programme: String,
    pub level: String,
    pub available_from: Option<Date>,
    pub hours_per_week: Option<i32>,
    pub cv_url: Option<String>,
    pub status: SignupStatus,
    pub decision_message: Option<String>,
    pub staff_notes: String,
    pub created_at: OffsetDateTime,
}

pub async fn candidates(db: &PgPool, topic: Uuid) -> sqlx::Result<Vec<Candidate>> {
    sqlx::query_as!(
        Candidate,
        r#"select s.id, u.display_name as name, u.email, s.motivation, s.organisation, s.programme,
                  s.level, s.available_from, s.hours_per_week, s.cv_url,
                  s.status as "status: SignupStatus", s.decision_message, s.staff_notes,
                  s.created_at
             from signups s join users u on u.id = s.user_id
            where s.topic_id = $1 order by s.created_at"#,
        topic
    )
    .fetch_all(db)
    .await
}

/// The topic a sign-up is for.
pub async fn topic_of_signup(db: &PgPool, signup: Uuid) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar!("select topic_id from signups where id = $1", signup)
        .fetch_optional(db)
        .await
}

/// The topic's places, read with its row locked until `tx` ends: decisions made at the same
/// moment are counted one after the other, so none passes the capacity.
pub async fn places_locked(tx: &mut PgConnection, topic: Uuid) -> sqlx::Result<Places> {
    let capacity = sqlx::query_scalar!(
        "select capacity from topics where id = $1 for update",
        topic
    )
    .fetch_one(&mut *tx)
    .await?;
    let accepted = sqlx::query_scalar!(
        r#"select count(*) as "n!" from signups where topic_id = $1 and status = 'accepted'"#,
        topic
    )
    .fetch_one(&mut *tx)
    .await?;
    Ok(Places::new(i64::from(capacity), accepted))
}

/// Decides a sign-up that waits; returns its student, or `None` when it was decided already.
pub async fn decide(
    tx: &mut PgConnection,
    signup: Uuid,
    to: SignupStatus,
    message: &str,
) -> sqlx::Result<Option<Recipient>> {
    sqlx::query_as!(
        Recipient,
        "update signups s set status = $2, decision_message = nullif($3, ''), decided_at = now()
           from users u
          where s.id = $1 and u.id = s.user_id and s.status in ('pending', 'waitlisted')
      returning u.email, u.language",
        signup,
        to as SignupStatus,
        message
    )
    .fetch_optional(tx)
    .await
}

/// Staff's notes on a candidate.
pub async fn save_notes(db: &PgPool, signup: Uuid, notes: &str) -> sqlx::Result<()> {
    sqlx::query!(
        "update signups set staff_notes = $2 where id = $1",
        signup,
        notes
    )
    .execute(db)
    .await?;
    Ok(())
}

/// A pending sign-up closed by its topic's deadline passing: whom to tell, and of which topic.
pub struct Closed {
    pub email: String,
    pub language: String,
    pub gone: bool,
    pub title: String,
}

/// Closes the pending sign-ups of topics whose deadline passed more than `after_days` ago.
pub async fn close_overdue(tx: &mut PgConnection, after_days: i32) -> sqlx::Result<Vec<Closed>> {
    sqlx::query_as!(
        Closed,
        r#"update signups s set status = 'closed', decided_at = now()
             from topics t, users u
            where t.id = s.topic_id and u.id = s.user_id and s.status = 'pending'
              and t.deadline + $1::int < current_date
        returning u.email, u.language, u.deleted_at is not null as "gone!", t.title"#,
        after_days
    )
    .fetch_all(tx)
    .await
}

/// Erases declined, closed and withdrawn sign-ups `retention_days` after their topic ended.
pub async fn erase_ended(tx: &mut PgConnection, retention_days: i32) -> sqlx::Result<u64> {
    Ok(sqlx::query!(
        "delete from signups s using topics t
          where t.id = s.topic_id and s.status in ('declined', 'closed', 'withdrawn')
            and least(coalesce(t.closed_at::date, t.deadline), t.deadline) + $1::int < current_date",
        retention_days
    )
    .execute(tx)
    .await?
    .rows_affected())
}
