//! E-mail that is never lost: mails are written to the `mail_outbox` table in the same
//! transaction as the change that causes them, and a background worker delivers them — over
//! SMTP (`SMTP_URL`) or, without it, as `.eml` files in `$GREENAI_DATA_DIR/outbox/` — retrying
//! with backoff while delivery fails. A mail is marked sent in the transaction that holds its
//! row lock, so a restart never sends it twice unless it crashed mid-send.

use crate::infra::config::Config;
use anyhow::Context;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::{PgConnection, PgPool};
use std::path::PathBuf;
use std::time::Duration;
use uuid::Uuid;

/// A mail ready to queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Queues a mail in the caller's transaction.
pub async fn enqueue(tx: &mut PgConnection, mail: &Mail) -> sqlx::Result<()> {
    sqlx::query!(
"insert into mail_outbox (to_address, subject, text_body, html_body) values ($1, $2, $3, $4)",
&mail.to,
&mail.subject,
&mail.text,
&mail.html)
    .execute(tx)
    .await?;
    Ok(())
}

/// Where mails go.
#[derive(Clone)]
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
}

impl Transport {
    pub fn from_config(config: &Config) -> anyhow::Result<Transport> {
        match &config.smtp_url {
            Some(url) => Ok(Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
                    .context("SMTP_URL is not a valid smtp:// or smtps:// URL")?
                    .timeout(Some(Duration::from_secs(20)))
                    .build(),
            )),
            None => Ok(Transport::Files(config.outbox_dir())),
        }
    }

    async fn send(&self, message: Message, id: Uuid) -> anyhow::Result<()> {
        match self {
            Transport::Smtp(smtp) => {
                smtp.send(message).await.context("SMTP delivery failed")?;
            }
            Transport::Files(dir) => {
                tokio::fs::create_dir_all(dir).await?;
                let tmp = dir.join(format!(".{id}.eml.tmp"));
                tokio::fs::write(&tmp, message.formatted()).await?;
                tokio::fs::rename(&tmp, dir.join(format!("{id}.eml"))).await?;
            }
        }
        Ok(())
    }
}

#[derive(sqlx::FromRow)]
struct Pending {
    id: Uuid,
    to_address: String,
    subject: String,
    text_body: String,
    html_body: String,
    attempts: i32,
}

fn build(from: &Mailbox, p: &Pending) -> anyhow::Result<Message> {
    Message::builder()
        .from(from.clone())
        .to(p.to_address.parse().context("recipient address")?)
        .subject(&p.subject)
        .message_id(Some(format!("<{}@greenai>", p.id)))
        .multipart(MultiPart::alternative_plain_html(
            p.text_body.clone(),
            p.html_body.clone(),
        ))
        .context("building the message")
}

/// Delivers the mails that are due, one batch; returns how many were sent.
pub async fn deliver_due(
    db: &PgPool,
    transport: &Transport,
    from: &Mailbox,
) -> anyhow::Result<usize> {
    let mut sent = 0;
    loop {
        let mut tx = db.begin().await?;
        let Some(p) = sqlx::query_as!(
            Pending,
            "select id, to_address, subject, text_body, html_body, attempts from mail_outbox
              where sent_at is null and next_attempt_at <= now()
              order by next_attempt_at
              limit 1
              for update skip locked"
        )
        .fetch_optional(&mut *tx)
        .await?
        else {
            tx.commit().await?;
            return Ok(sent);
        };
        let result = match build(from, &p) {
            Ok(message) => transport.send(message, p.id).await,
            Err(e) => Err(e),
        };
        match result {
            Ok(()) => {
                sqlx::query!(
"update mail_outbox set sent_at = now(), attempts = attempts + 1, last_error = null where id = $1",
p.id)
                    .execute(&mut *tx)
                    .await?;
                sent += 1;
            }
            Err(e) => {
                // Exponential backoff: 2, 4, 8 … seconds, at most an hour.
                let delay = 2f64.powi(p.attempts.clamp(0, 11) + 1).min(3600.0);
                tracing::warn!(mail = %p.id, attempts = p.attempts + 1, error = %format!("{e:#}"), "mail delivery failed; will retry");
                sqlx::query!(
                    "update mail_outbox set attempts = attempts + 1, last_error = $2,
                            next_attempt_at = now() + make_interval(secs => $3)
                      where id = $1",
                    p.id,
                    format!("{e:#}"),
                    delay
                )
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                // Stop this round: the transport is probably down; the next tick retries.
                return Ok(sent);
            }
        }
        tx.commit().await?;
    }
}

/// The sender address: `MAIL_FROM`, else no-reply at the site's host.
pub fn from_address(config: &Config) -> anyhow::Result<Mailbox> {
    let text = match &config.mail_from {
        Some(f) => f.clone(),
        None => {
            let host = config
                .base_url
                .split("://")
                .nth(1)
                .and_then(|rest| rest.split(['/', ':']).next())
                .filter(|h| h.contains('.') && !h.chars().all(|c| c.is_ascii_digit() || c == '.'))
                .unwrap_or("greenai.invalid");
            format!("Green AI Hub <no-reply@{host}>")
        }
    };
    text.parse().context("MAIL_FROM is not a valid address")
}

/// Runs the delivery loop until `shutdown` resolves.
pub fn spawn_worker(
    db: PgPool,
    transport: Transport,
    from: Mailbox,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        loop {
            tokio::select! {
                _ = tick.tick() => {
                    if let Err(e) = deliver_due(&db, &transport, &from).await {
                        tracing::warn!(error = %format!("{e:#}"), "mail worker round failed");
                    }
                }
                _ = shutdown.changed() => break,
            }
        }
    })
}
