//! Two app servers on one PostgreSQL, the way to grow past one machine: two real `greenai
//! serve` processes (each with its own memory, caches and listener) behind the same
//! database and session key. A login on one holds on the other, a limit counted on one holds
//! on the other, one idempotency key stores one row whichever server each try reached, and a
//! change made through one shows on the other's board as soon as it commits (LISTEN/NOTIFY),
//! not after the other's next periodic read.

use crate::accounts::PASSWORD;
use crate::harness::{TestApp, client, fresh_database};
use serde_json::json;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// One `greenai serve` process; killed when dropped.
pub struct Server {
    pub child: Child,
    pub app: TestApp,
    _data: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The key both servers sign sessions and form tokens with, as an operator configures it.
const SESSION_KEY: &str = "two-servers-one-key-two-servers-one-key-two-servers-one-key-0123";

/// Starts `greenai serve` on a free port against `database_url` and waits until it is ready.
pub async fn start(database_url: &str, db: &sqlx::PgPool) -> Server {
    let port = crate::harness::free_port();
    let data = tempfile::tempdir().unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_greenai"))
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .env("DATABASE_URL", database_url)
        .env("SESSION_KEY", SESSION_KEY)
        .env("GREENAI_DATA_DIR", data.path())
        .env_remove("BASE_URL")
        .env_remove("SMTP_URL")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let app = TestApp {
        addr: format!("127.0.0.1:{port}").parse().unwrap(),
        db: db.clone(),
        client: client(),
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(r) = app.client.get(app.url("/readyz")).send().await
            && r.status() == 200
        {
            break;
        }
        assert!(Instant::now() < deadline, "a server did not come up");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Server {
        child,
        app,
        _data: data,
    }
}

/// The same visitor (one cookie jar) at another server.
pub fn at(server: &Server, visitor: &TestApp) -> TestApp {
    TestApp {
        addr: server.app.addr,
        db: visitor.db.clone(),
        client: visitor.client.clone(),
    }
}

#[tokio::test]
async fn two_servers_share_sessions_limits_keys_and_board_changes() {
    let url = fresh_database().await;
    let db = sqlx::PgPool::connect(&url).await.unwrap();
    greenai::store::prepare(&db).await.unwrap();
    greenai::demo::seed_catalogues(&db).await.unwrap();
    greenai::features::accounts::create_admin(&db, "ops@example.nl", PASSWORD)
        .await
        .unwrap()
        .unwrap();
    let (a, b) = (start(&url, &db).await, start(&url, &db).await);

    // Logged in through A, known to B: the session is in the database, the cookie signed
    // with the shared key.
    let ann = &a.app;
    assert_eq!(ann.login("ops@example.nl", PASSWORD).await.status(), 303);
    let ann_at_b = at(&b, ann);
    let account = ann_at_b.get("/account").await;
    assert_eq!(account.status(), 200);
    assert!(account.text().await.unwrap().contains("ops@example.nl"));
    // A form shown by A is accepted by B.
    let token = crate::measurements::api_token(&ann_at_b).await;
    assert!(token.starts_with("gah_"), "{token}");

    // One key, the same body, sent to both at once (and again): one row, one answer.
    let body = json!({
        "model": "meta-llama/Llama-3.1-8B-Instruct", "task": "text-generation",
        "hardware": "1 x NVIDIA A100 80GB PCIe", "energy": "250 Wh", "duration": "1 h",
        "queries": 1000, "method": "nvml", "measured_on": "2026-02-01"
    });
    let board = "/leaderboards/text-generation";
    let stranger_at_b = TestApp {
        addr: b.app.addr,
        db: db.clone(),
        client: client(),
    };
    let before = stranger_at_b.get(board).await.text().await.unwrap();
    assert!(
        !before.contains("Llama 3.1 8B Instruct"),
        "the board starts empty"
    );
    let send = |server: &Server| {
        let (url, token, body) = (
            server.app.url("/api/v1/measurements"),
            token.clone(),
            body.clone(),
        );
        async move {
            reqwest::Client::new()
                .post(url)
                .bearer_auth(token)
                .header("idempotency-key", "two-servers-1")
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    let (first, second) = tokio::join!(send(&a), send(&b));
    let (first, second) = (first.status().as_u16(), second.status().as_u16());
    assert!(
        [first, second].iter().all(|s| *s == 201 || *s == 200),
        "{first} {second}"
    );
    let rows: i64 = sqlx::query_scalar("select count(*) from measurements")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(rows, 1, "one key, one row");

    // A change made through A alone shows on B's board as soon as A's refresh commits: B
    // hears it (LISTEN/NOTIFY) instead of waiting for its next read of the versions, which
    // without a listener comes a second after its last. B reads them fresh first (a second
    // after its last read, a read is due), so the window below is inside that second.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let fresh = stranger_at_b.get(board).await.text().await.unwrap();
    let read_at = Instant::now();
    assert!(fresh.contains("Llama 3.1 8B Instruct") && !fresh.contains("Llama 3.3 70B Instruct"));
    let mut other = body.clone();
    other["model"] = json!("meta-llama/Llama-3.3-70B-Instruct");
    let r = crate::measurements::post_api(&a.app, &token, &other).await;
    assert_eq!(r.status(), 201);
    let mut shown = false;
    while read_at.elapsed() < Duration::from_millis(800) {
        if stranger_at_b
            .get(board)
            .await
            .text()
            .await
            .unwrap()
            .contains("Llama 3.3 70B Instruct")
        {
            shown = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(shown, "B's board did not show A's change at once");

    // A limit counted on one server holds on the other: five wrong passwords for an account
    // from one address, alternating servers, and the sixth try is refused on either.
    let guesser = TestApp {
        addr: a.app.addr,
        db: db.clone(),
        client: client(),
    };
    for n in 0..5 {
        let server = if n % 2 == 0 { &a } else { &b };
        let r = at(server, &guesser)
            .login("ops@example.nl", "wrong guess")
            .await;
        assert_eq!(r.status(), 422);
    }
    for server in [&a, &b] {
        let r = at(server, &guesser).login("ops@example.nl", PASSWORD).await;
        assert_eq!(r.status(), 429);
    }
}

/// The hardware catalogue lives in each server's memory: a spelling a researcher maps
/// through A is used by B for the next submission at once (B hears A's change), not after a
/// restart of B.
#[tokio::test]
async fn a_spelling_mapped_through_one_server_is_used_by_the_other_at_once() {
    let url = fresh_database().await;
    let db = sqlx::PgPool::connect(&url).await.unwrap();
    greenai::store::prepare(&db).await.unwrap();
    greenai::demo::seed_catalogues(&db).await.unwrap();
    greenai::features::accounts::create_admin(&db, "ops@example.nl", PASSWORD)
        .await
        .unwrap()
        .unwrap();
    let (a, b) = (start(&url, &db).await, start(&url, &db).await);
    let ops = &a.app;
    assert_eq!(ops.login("ops@example.nl", PASSWORD).await.status(), 303);
    let token = crate::measurements::api_token(ops).await;
    let spelling = "Hub Lab Card 7";
    let mut body = json!({
        "model": "meta-llama/Llama-3.1-8B-Instruct", "task": "text-generation",
        "hardware": spelling, "energy": "250 Wh", "duration": "1 h",
        "queries": 1000, "method": "nvml", "measured_on": "2026-02-01"
    });
    let device_of = |r: reqwest::Response| {
        let db = db.clone();
        async move {
            assert_eq!(r.status(), 201);
            let id: uuid::Uuid = r.json::<serde_json::Value>().await.unwrap()["id"]
                .as_str()
                .unwrap()
                .parse()
                .unwrap();
            sqlx::query_scalar::<_, String>("select hardware_slug from measurements where id = $1")
                .bind(id)
                .fetch_one(&db)
                .await
                .unwrap()
        }
    };
    let before = device_of(crate::measurements::post_api(&b.app, &token, &body).await).await;
    assert_eq!(before, "unknown-device", "B does not know the spelling yet");

    let mapped = ops
        .submit(
            "/moderation/hardware",
            "/moderation/hardware/map",
            &[("spelling", spelling), ("device", "NVIDIA A100 80GB PCIe")],
        )
        .await;
    assert_eq!(mapped.status(), 303);
    // B resolves it from now on; it hears of the change within moments (there is no
    // periodic reload to wait for: without the listener it would never see it).
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut n = 0;
    loop {
        n += 1;
        body["energy"] = json!(format!("{} Wh", 250 + n));
        let device = device_of(crate::measurements::post_api(&b.app, &token, &body).await).await;
        if device != "unknown-device" {
            assert!(device.contains("a100"), "{device}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "B still does not know the spelling"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
