//! The dashboard's one question: what a member's things number.

use sqlx::PgPool;
use uuid::Uuid;

/// What the member's things number, each by how far it got.
pub struct Counts {
    pub measurements_verified: i64,
    pub measurements_pending: i64,
    pub measurements_rejected: i64,
    pub signups_pending: i64,
    pub signups_accepted: i64,
    pub insights: i64,
    /// For researchers: pending measurements and insights to look at.
    pub queue: i64,
    pub insights_to_review: i64,
}

/// The member's measurements, sign-ups and insights by state, and for researchers what
/// waits for review.
pub async fn counts(db: &PgPool, user: Uuid, researcher: bool) -> sqlx::Result<Counts> {
    sqlx::query_as!(
        Counts,
        r#"select
            (select count(*) from measurements where submitter_id = $1 and status = 'verified') as "measurements_verified!",
            (select count(*) from measurements where submitter_id = $1 and status = 'pending') as "measurements_pending!",
            (select count(*) from measurements where submitter_id = $1 and status = 'rejected') as "measurements_rejected!",
            (select count(*) from signups where user_id = $1 and status in ('pending', 'waitlisted')) as "signups_pending!",
            (select count(*) from signups where user_id = $1 and status = 'accepted') as "signups_accepted!",
            (select count(*) from insights where author_id = $1 and status <> 'deleted') as "insights!",
            (select case when $2 then count(*) else 0 end from measurements where status = 'pending') as "queue!",
            (select case when $2 then count(*) else 0 end from insights where status = 'pending') as "insights_to_review!""#,
        user,
        researcher
    )
    .fetch_one(db)
    .await
}
