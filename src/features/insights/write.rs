//! Writing insights: create and edit (links and claim checked against the database, the
//! Markdown rendered once, the replaced version kept), delete, helpful votes, comments and
//! reports. Each in one transaction.

use super::rules::{Claim, Draft, InsightStatus};
use super::store;
use crate::web::forms::Errors;
use crate::web::i18n::{Lang, t, tf};
use crate::web::markdown;
use crate::web::session::{Role, User};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// The links and claim of a draft, resolved: model ids, and the problems found.
struct Resolved {
    models: Vec<i64>,
}

async fn resolve(
    tx: &mut PgConnection,
    draft: &Draft,
    lang: Lang,
) -> sqlx::Result<Result<Resolved, Errors>> {
    let mut errors = Errors::default();
    let mut models = Vec::new();
    for name in &draft.models {
        match crate::store::catalogue::find_model(&mut *tx, name).await? {
            Some(m) => models.push(m.id),
            None => errors.add(
                "models",
                tf(lang, "insight-error-model", &[("value", name)]),
            ),
        }
    }
    let found = store::claimed(&mut *tx, &draft.measurements).await?;
    for id in &draft.measurements {
        if !found.iter().any(|m| m.id == *id) {
            errors.add(
                "measurements",
                tf(
                    lang,
                    "insight-error-measurement",
                    &[("value", &id.to_string())],
                ),
            );
        }
    }
    if let Some(claim) = &draft.claim {
        let ids: Vec<Uuid> = claim.a.iter().chain(&claim.b).copied().collect();
        let found = store::claimed(&mut *tx, &ids).await?;
        let missing: Vec<String> = ids
            .iter()
            .filter(|id| !found.iter().any(|m| m.id == **id))
            .map(Uuid::to_string)
            .collect();
        if !missing.is_empty() {
            errors.add(
                "claim",
                tf(
                    lang,
                    "insight-error-measurement",
                    &[("value", &missing.join(", "))],
                ),
            );
        } else if found
            .iter()
            .any(|m| m.task != found[0].task || m.model_id != found[0].model_id)
        {
            errors.add("claim", t(lang, "insight-error-claim-mixed"));
        }
    }
    Ok(if errors.is_empty() {
        Ok(Resolved { models })
    } else {
        Err(errors)
    })
}

async fn store_links(
    tx: &mut PgConnection,
    id: Uuid,
    draft: &Draft,
    resolved: &Resolved,
) -> sqlx::Result<()> {
    sqlx::query!("delete from insight_links where insight_id = $1", id)
        .execute(&mut *tx)
        .await?;
    let mut position = 0;
    for model in &resolved.models {
        position += 1;
        sqlx::query!(
            "insert into insight_links (insight_id, position, model_id) values ($1, $2, $3)",
            id,
            position,
            model
        )
        .execute(&mut *tx)
        .await?;
    }
    for measurement in &draft.measurements {
        position += 1;
        sqlx::query!(
            "insert into insight_links (insight_id, position, measurement_id) values ($1, $2, $3)",
            id,
            position,
            measurement
        )
        .execute(&mut *tx)
        .await?;
    }
    for path in &draft.boards {
        position += 1;
        sqlx::query!(
            "insert into insight_links (insight_id, position, board_path) values ($1, $2, $3)",
            id,
            position,
            path
        )
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

fn claim_json(claim: &Option<Claim>) -> Option<serde_json::Value> {
    claim.as_ref().and_then(|c| serde_json::to_value(c).ok())
}

/// Stores a new insight; a member's first waits for review. Returns its id and status.
pub async fn create(
    db: &PgPool,
    author: &User,
    draft: &Draft,
    lang: Lang,
) -> sqlx::Result<Result<(Uuid, InsightStatus), Errors>> {
    let mut tx = db.begin().await?;
    let resolved = match resolve(&mut tx, draft, lang).await? {
        Ok(r) => r,
        Err(e) => return Ok(Err(e)),
    };
    let published_before = sqlx::query_scalar!(
        r#"select exists (select 1 from insights where author_id = $1 and status = 'published') as "any!""#,
        author.id
    )
    .fetch_one(&mut *tx)
    .await?;
    let status = if published_before || author.role >= Role::Researcher {
        InsightStatus::Published
    } else {
        InsightStatus::Pending
    };
    let id = sqlx::query_scalar!(
        "insert into insights (author_id, title, body, body_html, category, lang, status, claim)
         values ($1, $2, $3, $4, $5, $6, $7, $8) returning id",
        author.id,
        draft.title,
        draft.body,
        markdown::render(&draft.body),
        draft.category.slug(),
        draft.lang.code(),
        status as InsightStatus,
        claim_json(&draft.claim)
    )
    .fetch_one(&mut *tx)
    .await?;
    store_links(&mut tx, id, draft, &resolved).await?;
    tx.commit().await?;
    Ok(Ok((id, status)))
}

/// Replaces an insight's text, links and claim, keeping the version it replaces. Only its
/// author may: `Ok(None)` for anyone else.
pub async fn edit(
    db: &PgPool,
    id: Uuid,
    author: &User,
    draft: &Draft,
    lang: Lang,
) -> sqlx::Result<Option<Result<(), Errors>>> {
    let mut tx = db.begin().await?;
    let old = sqlx::query!(
        "select title, body from insights
          where id = $1 and author_id = $2 and status <> 'deleted' for update",
        id,
        author.id
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(old) = old else {
        return Ok(None);
    };
    let resolved = match resolve(&mut tx, draft, lang).await? {
        Ok(r) => r,
        Err(e) => return Ok(Some(Err(e))),
    };
    sqlx::query!(
        "insert into insight_revisions (insight_id, title, body) values ($1, $2, $3)",
        id,
        old.title,
        old.body
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "update insights set title = $2, body = $3, body_html = $4, category = $5, lang = $6,
                claim = $7, updated_at = now()
          where id = $1",
        id,
        draft.title,
        draft.body,
        markdown::render(&draft.body),
        draft.category.slug(),
        draft.lang.code(),
        claim_json(&draft.claim)
    )
    .execute(&mut *tx)
    .await?;
    store_links(&mut tx, id, draft, &resolved).await?;
    tx.commit().await?;
    Ok(Some(Ok(())))
}

/// Deletes an insight of its author's: `false` when it is not theirs (or already gone).
pub async fn delete(db: &PgPool, id: Uuid, author: Uuid) -> sqlx::Result<bool> {
    Ok(sqlx::query!(
        "update insights set status = 'deleted', updated_at = now()
          where id = $1 and author_id = $2 and status <> 'deleted'",
        id,
        author
    )
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

/// Marks a published insight helpful, once per member: the vote and the count change in one
/// transaction, and only when the vote is new, so the count stays exact however many click at
/// once. Returns `None` when there is no such published insight.
pub async fn vote(db: &PgPool, id: Uuid, user: Uuid) -> sqlx::Result<Option<i32>> {
    let mut tx = db.begin().await?;
    let exists = sqlx::query_scalar!(
        r#"select exists (select 1 from insights where id = $1 and status = 'published') as "any!""#,
        id
    )
    .fetch_one(&mut *tx)
    .await?;
    if !exists {
        return Ok(None);
    }
    let new = sqlx::query!(
        "insert into insight_votes (insight_id, user_id) values ($1, $2) on conflict do nothing",
        id,
        user
    )
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    let count = if new {
        sqlx::query_scalar!(
            "update insights set helpful_count = helpful_count + 1 where id = $1 returning helpful_count",
            id
        )
        .fetch_one(&mut *tx)
        .await?
    } else {
        sqlx::query_scalar!("select helpful_count from insights where id = $1", id)
            .fetch_one(&mut *tx)
            .await?
    };
    tx.commit().await?;
    Ok(Some(count))
}

/// Adds a comment to a published insight; `false` when there is no such insight.
pub async fn comment(db: &PgPool, id: Uuid, author: Uuid, body: &str) -> sqlx::Result<bool> {
    Ok(sqlx::query!(
        "insert into insight_comments (insight_id, author_id, body)
         select id, $2, $3 from insights where id = $1 and status = 'published'",
        id,
        author,
        body
    )
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

/// Reports an insight, or one of its comments; `false` when there is no such thing to report.
pub async fn report(
    db: &PgPool,
    id: Uuid,
    comment: Option<Uuid>,
    reporter: Uuid,
    reason: &str,
) -> sqlx::Result<bool> {
    Ok(sqlx::query!(
        "insert into insight_reports (insight_id, comment_id, reporter_id, reason)
         select i.id, $2, $3, $4 from insights i
          where i.id = $1 and i.status in ('published', 'pending')
            and ($2::uuid is null or exists (select 1 from insight_comments c
                                              where c.id = $2 and c.insight_id = i.id))",
        id,
        comment,
        reporter,
        reason
    )
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}
