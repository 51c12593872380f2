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
    let closed = super::store::close_overdue(&mut tx, config.signup_decision_days as i32).await?;
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
    let erased = super::store::erase_ended(&mut tx, config.declined_retention_days as i32).await?;
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
