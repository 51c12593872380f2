//! Faults, injected for real: PostgreSQL stopped and started again under clients submitting
//! through the API, and the app killed (SIGKILL) in the middle of an import.

use crate::accounts::PASSWORD;
use crate::harness::{TestApp, fresh_database, spawn_with_pool};
use greenai::infra::db::embedded::{EmbeddedPostgres, Options};
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// What the clients saw.
#[derive(Default)]
struct Seen {
    unavailable: AtomicUsize,
    other_5xx: AtomicUsize,
    requests: AtomicUsize,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_database_restart_under_load_loses_and_duplicates_nothing() {
    // A cluster of this test's own, on a fixed port, so it can be stopped and started again
    // under the running app as a production server would be restarted.
    let dir = tempfile::Builder::new()
        .prefix("greenai-restart-")
        .tempdir_in("/var/tmp")
        .unwrap();
    let port = crate::harness::free_port();
    let start = {
        let path = dir.path().to_path_buf();
        move || {
            EmbeddedPostgres::start(
                &path,
                Options {
                    durability_off: false,
                    port: Some(port),
                },
            )
            .unwrap()
        }
    };
    let mut cluster = tokio::task::spawn_blocking(start.clone()).await.unwrap();
    greenai::infra::db::create_database_if_missing(&cluster.url("postgres"), "restart")
        .await
        .unwrap();
    let url = cluster.url("restart").expose().to_string();
    let db = sqlx::postgres::PgPoolOptions::new()
        .max_connections(10)
        .acquire_timeout(Duration::from_secs(2))
        .connect(&url)
        .await
        .unwrap();
    greenai::store::prepare(&db).await.unwrap();
    greenai::demo::seed_catalogues(&db).await.unwrap();
    let app = spawn_with_pool(db.clone(), url.clone(), axum::Router::new()).await;
    app.member("ann@example.nl").await;
    let token = crate::measurements::api_token(&app).await;

    // Eight clients, each sending its submissions with a key of its own and retrying each
    // until it gets an answer that is not 5xx.
    let seen = Arc::new(Seen::default());
    let stop = Arc::new(AtomicBool::new(false));
    let mut clients = Vec::new();
    for c in 0..8 {
        let (url, token, seen, stop) = (
            app.url("/api/v1/measurements"),
            token.clone(),
            seen.clone(),
            stop.clone(),
        );
        clients.push(tokio::spawn(async move {
            let http = reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap();
            let mut stored: BTreeMap<String, String> = BTreeMap::new();
            let mut i = 0;
            while !stop.load(Ordering::Acquire) {
                let key = format!("client-{c}-{i}");
                let body = json!({
                    "model": "meta-llama/Llama-3.1-8B-Instruct", "task": "text-generation",
                    "hardware": "1 x NVIDIA A100 80GB PCIe",
                    "energy": format!("{} Wh", 200 + c * 1000 + i), "duration": "1 h",
                    "queries": 1000, "method": "nvml", "measured_on": "2026-02-01"
                });
                loop {
                    seen.requests.fetch_add(1, Ordering::Relaxed);
                    let r = http
                        .post(&url)
                        .bearer_auth(&token)
                        .header("idempotency-key", &key)
                        .json(&body)
                        .send()
                        .await;
                    match r {
                        Ok(r) if r.status().is_success() => {
                            let id = r.json::<serde_json::Value>().await.unwrap()["id"]
                                .as_str()
                                .unwrap()
                                .to_string();
                            stored.insert(key.clone(), id);
                            break;
                        }
                        Ok(r) if r.status() == 503 => {
                            assert_eq!(r.headers()["content-type"], "application/problem+json");
                            let problem = r.json::<serde_json::Value>().await.unwrap();
                            assert!(
                                problem["detail"].as_str().unwrap().contains("database"),
                                "{problem}"
                            );
                            seen.unavailable.fetch_add(1, Ordering::Relaxed);
                        }
                        Ok(r) if r.status().is_server_error() => {
                            eprintln!(
                                "{key}: {} {}",
                                r.status(),
                                r.text().await.unwrap_or_default()
                            );
                            seen.other_5xx.fetch_add(1, Ordering::Relaxed);
                        }
                        Ok(r) => panic!("{key}: {} {}", r.status(), r.text().await.unwrap()),
                        // The connection dropped mid-request: retry with the same key.
                        Err(_) => {}
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                i += 1;
            }
            stored
        }));
    }
    tokio::time::sleep(Duration::from_millis(800)).await;

    // Stop PostgreSQL (fast shutdown: open transactions are cut off).
    let mut cluster = tokio::task::spawn_blocking(move || {
        cluster.stop();
        cluster
    })
    .await
    .unwrap();
    // During the outage: not ready, and pages and the API say what is wrong.
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 503);
    let page = app.get("/models").await;
    assert_eq!(page.status(), 503);
    assert!(page.headers().contains_key("retry-after"));
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("Our database cannot be reached for a moment")
    );
    let dutch = app
        .client
        .get(app.url("/api/v1/measurements"))
        .header("accept-language", "nl")
        .send()
        .await
        .unwrap();
    assert_eq!(dutch.status(), 503);
    assert_eq!(dutch.headers()["content-type"], "application/problem+json");
    assert!(
        dutch
            .text()
            .await
            .unwrap()
            .contains("Onze database is even niet bereikbaar")
    );
    // Long enough for requests waiting on a connection to give up (the pool waits 2 s).
    tokio::time::sleep(Duration::from_millis(3000)).await;

    // Start it again on the same port: the app recovers by itself.
    drop(cluster.url("postgres"));
    cluster = tokio::task::spawn_blocking(start).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while app.get("/readyz").await.status() != 200 {
        assert!(Instant::now() < deadline, "the app did not recover");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(800)).await;
    stop.store(true, Ordering::Release);
    let mut acknowledged: BTreeMap<String, String> = BTreeMap::new();
    for c in clients {
        acknowledged.extend(c.await.unwrap());
    }

    // Every acknowledged submission is stored exactly once, under the id it was answered with,
    // and nothing else is stored.
    let rows: Vec<(String, i64)> =
        sqlx::query_as("select id::text, count(*) over (partition by energy_j) from measurements")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert!(
        rows.iter().all(|(_, same)| *same == 1),
        "a submission stored twice"
    );
    let stored: std::collections::BTreeSet<String> = rows.into_iter().map(|(id, _)| id).collect();
    let answered: std::collections::BTreeSet<String> = acknowledged.values().cloned().collect();
    assert_eq!(stored, answered, "stored and acknowledged differ");
    assert!(
        acknowledged.len() >= 8,
        "{} acknowledged",
        acknowledged.len()
    );
    // How many of the clients' tries met the outage depends on timing (the page, API and
    // readiness answers during it are checked above); none may be another 5xx.
    assert_eq!(
        seen.other_5xx.load(Ordering::Relaxed),
        0,
        "5xx other than 503"
    );
    eprintln!(
        "restart: {} requests, {} acknowledged, {} answered 503 during the outage",
        seen.requests.load(Ordering::Relaxed),
        acknowledged.len(),
        seen.unavailable.load(Ordering::Relaxed)
    );
    app.db.close().await;
    drop(cluster);
}

#[tokio::test]
async fn an_import_killed_midway_stores_nothing_and_can_be_done_again() {
    let url = fresh_database().await;
    let db = sqlx::PgPool::connect(&url).await.unwrap();
    greenai::demo::seed_catalogues(&db).await.unwrap();
    greenai::features::accounts::create_admin(&db, "ann@example.nl", PASSWORD)
        .await
        .unwrap()
        .unwrap();
    let mut server = crate::servers::start(&url, &db).await;
    let ann: TestApp = TestApp {
        addr: server.app.addr,
        db: db.clone(),
        client: crate::harness::client(),
    };
    assert_eq!(ann.login("ann@example.nl", PASSWORD).await.status(), 303);

    // A CodeCarbon file of 23,000 runs (just under the 10 MB limit): long enough to be
    // killed in the middle of.
    let fixture = crate::measurements::published("codecarbon/m1-pro-codecarbon-3.0.4.csv");
    let text = String::from_utf8(fixture).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let row = lines.next().unwrap();
    let run = row.split(',').nth(2).unwrap();
    let mut csv = format!("{header}\n");
    for i in 0..23_000 {
        csv.push_str(&row.replace(run, &format!("00000000-0000-4000-8000-{i:012}")));
        csv.push('\n');
    }
    let commit = crate::measurements::preview_and_commit(&ann, csv.into_bytes()).await;
    assert_eq!(commit.status(), 303);
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        // Killed once it has written part of the file (in its transaction).
        let (state, done): (String, i32) =
            sqlx::query_as("select state, done from pending_uploads")
                .fetch_one(&db)
                .await
                .unwrap();
        if state == "importing" && done > 0 {
            break;
        }
        assert!(state != "done" && Instant::now() < deadline, "{state}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(server.child.id() as i32),
        nix::sys::signal::Signal::SIGKILL,
    )
    .unwrap();
    server.child.wait().unwrap();

    // One transaction: nothing of it is stored.
    let stored: i64 = sqlx::query_scalar("select count(*) from measurements")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(stored, 0);
    // A server again. Its heartbeat stopped with the process; once that is five minutes old
    // (moved back here instead of waited for), the upload shows as failed, not importing.
    let server = crate::servers::start(&url, &db).await;
    let ann = crate::servers::at(&server, &ann);
    let id: uuid::Uuid = sqlx::query_scalar(
        "update pending_uploads set progress_at = progress_at - interval '6 minutes' returning id",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    let html = ann
        .get(&format!("/measurements/upload/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("stopped before it finished"), "{html}");
    // And the user can upload again, all the way.
    let small = crate::measurements::published("codecarbon/m1-pro-codecarbon-3.0.4.csv");
    let r = crate::measurements::preview_and_commit(&ann, small).await;
    assert_eq!(r.status(), 303);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let stored: i64 = sqlx::query_scalar("select count(*) from measurements")
            .fetch_one(&db)
            .await
            .unwrap();
        if stored == 4 {
            break;
        }
        assert!(Instant::now() < deadline, "{stored} stored");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
