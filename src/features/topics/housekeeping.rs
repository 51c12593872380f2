//! What topics do by themselves, hourly in each server: pending sign-ups nobody decided on
//! within the configured days after the deadline are closed with a polite mail, and declined,
//! closed and withdrawn sign-ups are erased the configured days after their topic stopped
//! taking sign-ups.

use crate::infra::config::Config;
use crate::infra::mail;
use crate::web::i18n::Lang;
use crate::web::mails::{self, MailKind};
use sqlx::PgPool;
use std::time::Duration;

/// What one round did: sign-ups closed, sign-ups erased.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Done {
    pub closed: usize,
    pub erased: u64,
}

pub async fn run(db: &PgPool, config: &Config) -> sqlx::Result<Done> {
    let mut tx = db.begin().await?;
    let closed = sqlx::query!(
        r#"update signups s set status = 'closed', decided_at = now()
             from topics t, users u
            where t.id = s.topic_id and u.id = s.user_id and s.status = 'pending'
              and t.deadline + $1::int < current_date
        returning u.email, u.language, u.deleted_at is not null as "gone!", t.title"#,
        config.signup_decision_days as i32
    )
    .fetch_all(&mut *tx)
    .await?;
    for c in closed.iter().filter(|c| !c.gone) {
        let lang = Lang::from_code(&c.language).unwrap_or_default();
        mail::enqueue(
            &mut tx,
            &mails::compose(
                lang,
                &c.email,
                &MailKind::SignupClosed {
                    path: "/topics".into(),
                    topic: c.title.clone(),
                },
                &config.base_url,
            ),
        )
        .await?;
    }
    let erased = sqlx::query!(
        "delete from signups s using topics t
          where t.id = s.topic_id and s.status in ('declined', 'closed', 'withdrawn')
            and least(coalesce(t.closed_at::date, t.deadline), t.deadline) + $1::int < current_date",
        config.declined_retention_days as i32
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok(Done {
        closed: closed.len(),
        erased,
    })
}

/// Runs [`run`] every hour.
pub fn spawn(db: PgPool, config: std::sync::Arc<Config>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(3600));
        loop {
            tick.tick().await;
            match run(&db, &config).await {
                Ok(done) if done != Done::default() => tracing::info!(?done, "topic housekeeping"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "topic housekeeping failed; again in an hour"),
            }
        }
    })
}
