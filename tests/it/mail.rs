//! The outbox: delivery over a real SMTP conversation, retries while the server is down,
//! nothing sent twice, and `.eml` files when no SMTP server is configured.

use crate::accounts::PASSWORD;
use crate::harness::spawn_app;
use greenai::infra::mail::{self, Transport, deliver_due};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// A minimal SMTP server on loopback that accepts every message and keeps what it got.
async fn smtp_sink() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
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
    (port, received)
}

fn smtp(port: u16) -> Transport {
    let mut config = crate::harness::test_config(None);
    config.smtp_url = Some(greenai::infra::config::Secret::new(format!(
        "smtp://127.0.0.1:{port}"
    )));
    Transport::from_config(&config).unwrap()
}

fn from() -> lettre::message::Mailbox {
    "Green AI Hub <no-reply@greenai.test>".parse().unwrap()
}

#[tokio::test]
async fn mails_are_delivered_over_smtp_once() {
    let app = spawn_app().await;
    app.register("ann@example.nl", "Ann", PASSWORD).await;
    let (port, received) = smtp_sink().await;
    let transport = smtp(port);
    assert_eq!(deliver_due(&app.db, &transport, &from()).await.unwrap(), 1);
    // A second round (as after a restart) sends nothing again.
    assert_eq!(deliver_due(&app.db, &transport, &from()).await.unwrap(), 0);
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
    let app = spawn_app().await;
    app.register("ann@example.nl", "Ann", PASSWORD).await;
    // Nothing listens on this port.
    let closed = crate::harness::free_port();
    assert_eq!(
        deliver_due(&app.db, &smtp(closed), &from()).await.unwrap(),
        0
    );
    let (attempts, waits, error): (i32, bool, Option<String>) =
        sqlx::query_as("select attempts, next_attempt_at > now(), last_error from mail_outbox")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(attempts, 1);
    assert!(waits, "the next attempt waits");
    assert!(error.unwrap().contains("SMTP"));
    // Not due yet: no attempt.
    let (port, received) = smtp_sink().await;
    assert_eq!(deliver_due(&app.db, &smtp(port), &from()).await.unwrap(), 0);
    // When it is due again, it goes out.
    sqlx::query("update mail_outbox set next_attempt_at = now()")
        .execute(&app.db)
        .await
        .unwrap();
    assert_eq!(deliver_due(&app.db, &smtp(port), &from()).await.unwrap(), 1);
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
    let app = spawn_app().await;
    app.register("ann@example.nl", "Ann", PASSWORD).await;
    let dir = tempfile::tempdir().unwrap();
    let files = Transport::Files(dir.path().to_path_buf());
    assert_eq!(deliver_due(&app.db, &files, &from()).await.unwrap(), 1);
    let entries: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
    assert_eq!(entries.len(), 1);
    let name = entries[0].file_name().to_string_lossy().to_string();
    assert!(name.ends_with(".eml"), "{name}");
    let text = std::fs::read_to_string(entries[0].path()).unwrap();
    assert!(text.contains("Subject: Confirm your e-mail address"));
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
