//! The SQL of insight moderation: what waits, open reports, and a decision.

use crate::features::insights::rules::InsightStatus;
use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

/// How many insights wait for review, and how many reports are open.
pub async fn counts(db: &PgPool) -> sqlx::Result<(i64, i64)> {
    let waiting =
        sqlx::query_scalar!(r#"select count(*) as "n!" from insights where status = 'pending'"#)
            .fetch_one(db)
            .await?;
    let reports = sqlx::query_scalar!(
        r#"select count(*) as "n!" from insight_reports where resolved_at is null"#
    )
    .fetch_one(db)
    .await?;
    Ok((waiting, reports))
}

/// An insight waiting for review.
pub struct Waiting {
    pub id: Uuid,
    pub title: String,
    pub author: String,
    pub created_at: OffsetDateTime,
}

/// A page of the insights waiting, oldest first.
pub async fn waiting(db: &PgPool, limit: i64, offset: i64) -> sqlx::Result<Vec<Waiting>> {
    sqlx::query_as!(
        Waiting,
        "select i.id, i.title, u.display_name as author, i.created_at
           from insights i join users u on u.id = i.author_id
          where i.status = 'pending' order by i.created_at, i.id limit $1 offset $2",
        limit,
        offset
    )
    .fetch_all(db)
    .await
}

/// An open report, of an insight or of one of its comments.
pub struct Report {
    pub insight_id: Uuid,
    pub title: String,
    pub comment_id: Option<Uuid>,
    pub comment_body: Option<String>,
    pub reason: String,
    pub created_at: OffsetDateTime,
    /// The state of what is reported (the comment's, or the insight's).
    pub status: InsightStatus,
}

/// A page of the open reports, oldest first.
pub async fn reports(db: &PgPool, limit: i64, offset: i64) -> sqlx::Result<Vec<Report>> {
    sqlx::query_as!(
        Report,
        r#"select r.insight_id, i.title, r.comment_id, c.body as "comment_body?", r.reason,
                  r.created_at, coalesce(c.status, i.status) as "status!: InsightStatus"
             from insight_reports r join insights i on i.id = r.insight_id
             left join insight_comments c on c.id = r.comment_id
            where r.resolved_at is null order by r.created_at, r.id limit $1 offset $2"#,
        limit,
        offset
    )
    .fetch_all(db)
    .await
}

/// The author of what a decision changed: address, language, and whether the account is
/// deleted.
pub struct Author {
    pub email: String,
    pub language: String,
    pub gone: bool,
}

/// Moves insight `id` from one of `from` to `to`, with the moderator's reason; `None` when
/// it is not in one of those states.
pub async fn decide_insight(
    tx: &mut PgConnection,
    id: Uuid,
    from: &[InsightStatus],
    to: InsightStatus,
    reason: &str,
) -> sqlx::Result<Option<Author>> {
    sqlx::query_as!(
        Author,
        r#"update insights i set status = $3, moderation_reason = nullif($4, ''), updated_at = now()
            from users u
           where i.id = $1 and u.id = i.author_id and i.status = any($2)
       returning u.email, u.language, u.deleted_at is not null as "gone!""#,
        id,
        from as &[InsightStatus],
        to as InsightStatus,
        reason
    )
    .fetch_optional(tx)
    .await
}

/// Moves comment `comment` of insight `id` to `to`, with the moderator's reason.
pub async fn decide_comment(
    tx: &mut PgConnection,
    id: Uuid,
    comment: Uuid,
    to: InsightStatus,
    reason: &str,
) -> sqlx::Result<Option<Author>> {
    sqlx::query_as!(
        Author,
        r#"update insight_comments c set status = $3, moderation_reason = nullif($4, '')
            from users u
           where c.id = $2 and c.insight_id = $1 and u.id = c.author_id
       returning u.email, u.language, u.deleted_at is not null as "gone!""#,
        id,
        comment,
        to as InsightStatus,
        reason
    )
    .fetch_optional(tx)
    .await
}

/// Closes the open reports of an insight (or of one of its comments).
pub async fn resolve_reports(
    tx: &mut PgConnection,
    id: Uuid,
    comment: Option<Uuid>,
) -> sqlx::Result<()> {
    sqlx::query!(
        "update insight_reports set resolved_at = now()
          where insight_id = $1 and resolved_at is null
            and (comment_id is not distinct from $2)",
        id,
        comment
    )
    .execute(tx)
    .await?;
    Ok(())
}
