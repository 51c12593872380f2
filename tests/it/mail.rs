//! The outbox: delivery over a real SMTP conversation, retries while the server is down,
//! nothing sent twice, and `.eml` files when no SMTP server is configured.

use crate::accounts::PASSWORD;
use crate::harness::{TestApp, spawn_app, spawn_app_configured};
use greenai::infra::config::Secret;
use greenai::infra::mail::{self, Transport, deliver_due};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// A minimal SMTP server on loopback that accepts every message and keeps what it got.
async fn smtp_sink() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    (port, smtp_sink_on(listener))
}

fn smtp_sink_on(listener: TcpListener) -> Arc<Mutex<Vec<String>>> {
    let received = Arc::new(Mutex::new(Vec::new()));
    let store = received.clone();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let store = store.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 sink.test ESMTP\r\n").await.unwrap();
                while let Ok(Some(line)) = lines.next_line().await {
                    let upper = line.to_ascii_uppercase();
                    if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        write
                            .write_all(b"250-sink.test\r\n250 8BITMIME\r\n")
                            .await
                            .unwrap();
                    } else if upper.starts_with("DATA") {
                        write.write_all(b"354 end with .\r\n").await.unwrap();
                        let mut message = String::new();
                        while let Ok(Some(l)) = lines.next_line().await {
                            if l == "." {
                                break;
                            }
                            message.push_str(&l);
                            message.push('\n');
                        }
                        store.lock().unwrap().push(message);
                        write.write_all(b"250 queued\r\n").await.unwrap();
                    } else if upper.starts_with("QUIT") {
                        write.write_all(b"221 bye\r\n").await.unwrap();
                        return;
                    } else {
                        write.write_all(b"250 OK\r\n").await.unwrap();
                    }
                }
            });
        }
    });
    received
}

fn smtp_url(port: u16) -> Option<Secret> {
    Some(Secret::new(format!("smtp://127.0.0.1:{port}")))
}

fn smtp(port: u16) -> Transport {
    let mut config = crate::harness::test_config(None);
    config.smtp_url = smtp_url(port);
    Transport::from_config(&config).unwrap()
}

fn from() -> lettre::message::Mailbox {
    "Green AI Hub <no-reply@greenai.test>".parse().unwrap()
}

/// Waits (20 s at most) until `done` holds; the app's own mail worker works once a second.
async fn until(what: &str, mut done: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !done().await {
        assert!(Instant::now() < deadline, "gave up waiting: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn outbox(app: &TestApp) -> (i32, bool, bool, Option<String>) {
    sqlx::query_as(
        "select attempts, sent_at is not null, next_attempt_at > now(), last_error from mail_outbox",
    )
    .fetch_one(&app.db)
    .await
    .unwrap()
}

#[tokio::test]
async fn mails_are_delivered_over_smtp_once() {
    let (port, received) = smtp_sink().await;
    let app = spawn_app_configured(|c| c.smtp_url = smtp_url(port)).await;
    app.register("ann@example.nl", "Ann", PASSWORD).await;
    // The app's mail worker sends it.
    until("the mail is sent", async || outbox(&app).await.1).await;
    // A second round (as after a restart) finds nothing to send again.
    assert_eq!(deliver_due(&app.db, &smtp(port), &from()).await.unwrap(), 0);
    let got = received.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    let message = &got[0];
    assert!(message.contains("To: ann@example.nl"), "{message}");
    assert!(message.contains("Subject: Confirm your e-mail address"));
    assert!(message.contains("multipart/alternative"));
    assert!(message.contains("text/plain") && message.contains("text/html"));
    assert!(
        message.contains("http://127.0.0.1:3000/verify/"),
        "links from BASE_URL"
    );
}

#[tokio::test]
async fn delivery_retries_with_backoff_while_smtp_is_down() {
    // Nothing listens on this port yet.
    let port = crate::harness::free_port();
    let app = spawn_app_configured(|c| c.smtp_url = smtp_url(port)).await;
    app.register("ann@example.nl", "Ann", PASSWORD).await;
    until("a failed attempt", async || outbox(&app).await.0 >= 1).await;
    let (attempts, sent, waits, error) = outbox(&app).await;
    assert!(!sent);
    assert_eq!(attempts, 1, "one attempt, then a wait");
    assert!(waits, "the next attempt waits");
    assert!(error.unwrap().contains("SMTP"));
    // The server comes up; the mail is not due yet, so nothing is tried.
    let received = smtp_sink_on(TcpListener::bind(("127.0.0.1", port)).await.unwrap());
    assert_eq!(deliver_due(&app.db, &smtp(port), &from()).await.unwrap(), 0);
    // When it is due again, the worker sends it.
    sqlx::query("update mail_outbox set next_attempt_at = now()")
        .execute(&app.db)
        .await
        .unwrap();
    until("the mail is sent", async || outbox(&app).await.1).await;
    assert_eq!(received.lock().unwrap().len(), 1);
    // Once: delivered mails are not sent again.
    sqlx::query("update mail_outbox set next_attempt_at = now()")
        .execute(&app.db)
        .await
        .unwrap();
    assert_eq!(deliver_due(&app.db, &smtp(port), &from()).await.unwrap(), 0);
    assert_eq!(received.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn without_smtp_mails_become_eml_files() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().to_path_buf();
    let app = spawn_app_configured(|c| c.data_dir = data_dir).await;
    app.register("ann@example.nl", "Ann", PASSWORD).await;
    let outbox_dir = dir.path().join("outbox");
    let files = || -> Vec<std::fs::DirEntry> {
        std::fs::read_dir(&outbox_dir)
            .map(|d| {
                d.flatten()
                    .filter(|e| e.file_name().to_string_lossy().ends_with(".eml"))
                    .collect()
            })
            .unwrap_or_default()
    };
    until("an .eml file", async || !files().is_empty()).await;
    let entries = files();
    assert_eq!(entries.len(), 1);
    let text = std::fs::read_to_string(entries[0].path()).unwrap();
    assert!(text.contains("Subject: Confirm your e-mail address"));
    assert_eq!(
        deliver_due(&app.db, &Transport::Files(outbox_dir.clone()), &from())
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn the_mail_is_written_in_the_same_transaction_as_the_change() {
    let app = spawn_app().await;
    let mut tx = app.db.begin().await.unwrap();
    let m = greenai::web::mails::compose(
        greenai::web::i18n::Lang::En,
        "x@example.nl",
        &greenai::web::mails::MailKind::PasswordChanged,
        "http://h",
    );
    mail::enqueue(&mut tx, &m).await.unwrap();
    tx.rollback().await.unwrap();
    let n: i64 = sqlx::query_scalar("select count(*) from mail_outbox")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(n, 0, "a rolled-back change sends no mail");
}
