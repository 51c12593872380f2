//! What "download my data" holds, and erasing an account.

use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// Everything the platform holds about an account, section by section, as JSON.
pub struct MyData {
    pub account: serde_json::Value,
    pub tokens: serde_json::Value,
    pub events: serde_json::Value,
    pub measurements: serde_json::Value,
    pub insights: serde_json::Value,
    pub comments: serde_json::Value,
    pub signups: serde_json::Value,
    /// CodeCarbon experiments and the runs trackers sent live.
    pub codecarbon: serde_json::Value,
}

/// What "download my data" holds.
pub async fn my_data(db: &PgPool, user: Uuid) -> sqlx::Result<MyData> {
    let account: serde_json::Value = sqlx::query_scalar!(
        r#"select json_build_object(
            'id', id, 'email', email, 'display_name', display_name, 'role', role,
            'language', language, 'email_verified_at', email_verified_at,
            'created_at', created_at, 'password_changed_at', password_changed_at) as "account!"
           from users where id = $1"#,
        user
    )
    .fetch_one(db)
    .await?;
    let tokens: serde_json::Value = sqlx::query_scalar!(
r#"select coalesce(json_agg(json_build_object(
            'name', name, 'prefix', prefix, 'created_at', created_at,
            'last_used_at', last_used_at, 'revoked_at', revoked_at) order by created_at), '[]') as "tokens!"
           from api_tokens where user_id = $1"#,
user)
    .fetch_one(db)
    .await?;
    let events: serde_json::Value = sqlx::query_scalar!(
        r#"select coalesce(json_agg(json_build_object(
            'at', at, 'event', event, 'ip', ip) order by at), '[]') as "events!"
           from audit_events where subject_id = $1 or actor_id = $1"#,
        user
    )
    .fetch_one(db)
    .await?;
    let insights: serde_json::Value = sqlx::query_scalar!(
        r#"select coalesce(json_agg(json_build_object(
            'id', i.id, 'title', i.title, 'body', i.body, 'category', i.category, 'lang', i.lang,
            'status', i.status, 'claim', i.claim, 'created_at', i.created_at,
            'updated_at', i.updated_at,
            'earlier_versions', (select coalesce(json_agg(json_build_object(
                'title', r.title, 'body', r.body, 'replaced_at', r.replaced_at) order by r.id), '[]')
                from insight_revisions r where r.insight_id = i.id)) order by i.created_at), '[]') as "insights!"
           from insights i where i.author_id = $1"#,
        user
    )
    .fetch_one(db)
    .await?;
    let comments: serde_json::Value = sqlx::query_scalar!(
        r#"select coalesce(json_agg(json_build_object(
            'insight_id', insight_id, 'body', body, 'status', status, 'created_at', created_at)
            order by created_at), '[]') as "comments!"
           from insight_comments where author_id = $1"#,
        user
    )
    .fetch_one(db)
    .await?;
    let signups: serde_json::Value = sqlx::query_scalar!(
        r#"select coalesce(json_agg(json_build_object(
            'topic', t.title, 'motivation', s.motivation, 'organisation', s.organisation,
            'programme', s.programme, 'level', s.level, 'available_from', s.available_from,
            'hours_per_week', s.hours_per_week, 'cv_url', s.cv_url, 'status', s.status,
            'decision_message', s.decision_message, 'created_at', s.created_at,
            'decided_at', s.decided_at) order by s.created_at), '[]') as "signups!"
           from signups s join topics t on t.id = s.topic_id where s.user_id = $1"#,
        user
    )
    .fetch_one(db)
    .await?;
    // What the member submitted, with what the tool reported and what moderation said.
    let measurements: serde_json::Value = sqlx::query_scalar!(
        r#"select coalesce(json_agg(json_build_object(
            'id', m.id, 'model', a.slug, 'task', m.task, 'hardware', m.hardware_slug,
            'device_count', m.device_count, 'energy_j', m.energy_j, 'duration_s', m.duration_s,
            'queries', m.queries, 'output_tokens', m.output_tokens, 'batch_size', m.batch_size,
            'precision', m.precision, 'optimisations', m.optimisations, 'method', m.method,
            'region', m.region_code, 'pue', m.pue, 'grid_intensity', m.grid_intensity,
            'measured_on', m.measured_on, 'notes', m.notes, 'source_url', m.source_url,
            'run_id', m.run_id, 'upload_id', m.upload_id, 'status', m.status, 'tier', m.tier,
            'reject_reason', m.reject_reason, 'details', m.details, 'raw', m.raw,
            'created_at', m.created_at, 'updated_at', m.updated_at)
            order by m.created_at), '[]') as "measurements!"
           from measurements m join ai_models a on a.id = m.model_id
          where m.submitter_id = $1"#,
        user
    )
    .fetch_one(db)
    .await?;
    let codecarbon: serde_json::Value = sqlx::query_scalar!(
        r#"select json_build_object(
            'experiments', coalesce((select json_agg(json_build_object(
                'id', e.id, 'name', e.name, 'model', e.model, 'task', e.task,
                'queries_per_run', e.queries_per_run, 'created_at', e.created_at)
                order by e.created_at) from codecarbon_experiments e where e.user_id = $1), '[]'),
            'runs', coalesce((select json_agg(json_build_object(
                'id', r.id, 'experiment_id', r.experiment_id, 'machine', r.info,
                'started_at', r.started_at, 'last_at', r.last_at, 'state', r.state,
                'measurement_id', r.measurement_id, 'message', r.message)
                order by r.started_at) from codecarbon_runs r where r.user_id = $1), '[]'))
            as "codecarbon!""#,
        user
    )
    .fetch_one(db)
    .await?;
    Ok(MyData {
        codecarbon,
        account,
        tokens,
        events,
        measurements,
        insights,
        comments,
        signups,
    })
}

/// Erases an account's personal data in the transaction that deletes it: the row stays,
/// anonymised, so its contributions keep a "former member" author.
pub async fn erase(tx: &mut PgConnection, user: Uuid) -> sqlx::Result<()> {
    // Personal data goes; the row stays so contributions keep a "former member" author.
    sqlx::query!(
        "update users set email = 'deleted-' || id || '@deleted.invalid',
                display_name = 'former member', password_hash = '!',
                email_verified_at = null, role = 'member', deleted_at = now(),
                password_changed_at = now()
          where id = $1",
        user
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!("delete from user_tokens where user_id = $1", user)
        .execute(&mut *tx)
        .await?;
    sqlx::query!("delete from api_tokens where user_id = $1", user)
        .execute(&mut *tx)
        .await?;
    // Sign-ups are personal (a motivation, a study, a CV): erased, not kept anonymised.
    sqlx::query!("delete from signups where user_id = $1", user)
        .execute(&mut *tx)
        .await?;
    sqlx::query!("delete from topic_supervisors where user_id = $1", user)
        .execute(&mut *tx)
        .await?;
    // What trackers said of the member's machines goes too (the measurements stay, as
    // every contribution does).
    sqlx::query!("delete from codecarbon_runs where user_id = $1", user)
        .execute(&mut *tx)
        .await?;
    sqlx::query!(
        "delete from codecarbon_experiments where user_id = $1",
        user
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "update audit_events set ip = null where subject_id = $1 or actor_id = $1",
        user
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}
