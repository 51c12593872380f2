//! Pages in both languages, the language switch, error pages.

use crate::harness::{spawn_app, spawn_app_with};
use axum::routing::get;
use greenai::web::error::AppError;

#[tokio::test]
async fn landing_page_speaks_english_and_dutch() {
    let app = spawn_app().await;
    let en = app
        .get_with("/", &[("accept-language", "en-GB,en;q=0.9")])
        .await;
    assert_eq!(en.status(), 200);
    let en = en.text().await.unwrap();
    assert!(en.contains(r#"<html lang="en">"#));
    assert!(en.contains("Green AI: what does AI cost the planet?"));
    // The podcast's comparison, computed by energy-model.
    assert!(en.contains("3.33 Wh"), "{en}");
    assert!(en.contains("as much energy as a 1,000 W microwave running for 12 seconds"));
    for cta in [
        "Submit a measurement",
        "Share an insight",
        "Sign up for research",
    ] {
        assert!(en.contains(cta), "missing call to action {cta}");
    }
    for topic in [
        "Pruning",
        "Quantisation",
        "task-specific",
        "Efficient hardware",
        "Renewable energy",
    ] {
        assert!(en.contains(topic), "missing research topic {topic}");
    }

    let nl = app
        .get_with("/", &[("accept-language", "nl-NL,nl;q=0.9,en;q=0.5")])
        .await;
    let nl = nl.text().await.unwrap();
    assert!(nl.contains(r#"<html lang="nl">"#));
    assert!(nl.contains("Green AI: wat kost AI de planeet?"));
    assert!(nl.contains("3,33 Wh"));
    assert!(nl.contains("evenveel energie als een magnetron van 1000 W die 12 seconden draait"));
    assert!(nl.contains("Deel een meting"));
}

#[tokio::test]
async fn the_language_switch_persists_and_stays_on_site() {
    let app = spawn_app().await;
    let page = app.get_with("/models", &[("accept-language", "nl")]).await;
    let html = page.text().await.unwrap();
    assert!(
        html.contains(r#"href="/language/en?next=/models""#),
        "switch link"
    );

    let switched = app
        .get_with("/language/en?next=/models", &[("accept-language", "nl")])
        .await;
    assert_eq!(switched.status(), 303);
    assert_eq!(switched.headers()["location"], "/models");
    let cookie = switched.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("lang=en;"), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));

    // The client kept the cookie: English now, although the browser prefers Dutch.
    let after = app.get_with("/", &[("accept-language", "nl")]).await;
    assert!(after.text().await.unwrap().contains(r#"<html lang="en">"#));

    let evil = app.get("/language/nl?next=//evil.example/").await;
    assert_eq!(evil.headers()["location"], "/");
    let back = app.get("/").await.text().await.unwrap();
    assert!(back.contains(r#"<html lang="nl">"#));
}

#[tokio::test]
async fn unknown_pages_get_a_404_page_in_the_visitors_language() {
    let app = spawn_app().await;
    let r = app
        .get_with("/no/such/page", &[("accept-language", "nl")])
        .await;
    assert_eq!(r.status(), 404);
    let id = r.headers()["x-request-id"].to_str().unwrap().to_string();
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = r.text().await.unwrap();
    assert!(html.contains("Pagina niet gevonden"));
    assert!(html.contains(&id), "the page shows the request id");

    let api = app.get("/api/v1/nothing").await;
    assert_eq!(api.status(), 404);
    assert_eq!(api.headers()["content-type"], "application/problem+json");
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(body["status"], 404);
    assert_eq!(body["title"], "Page not found");
}

#[tokio::test]
async fn server_errors_show_a_page_without_internal_detail() {
    let extra = axum::Router::new()
        .route(
            "/test/fail",
            get(|| async {
                Err::<(), _>(AppError::Internal(anyhow::anyhow!(
                    "secret connection string postgres://x:hunter2@db"
                )))
            }),
        )
        .route(
            "/test/panic",
            get(|| async {
                let v: Vec<u8> = Vec::new();
                let _ = v[1];
                "unreachable"
            }),
        );
    let app = spawn_app_with(extra).await;
    for path in ["/test/fail", "/test/panic"] {
        let r = app.get(path).await;
        assert_eq!(r.status(), 500, "{path}");
        let id = r.headers()["x-request-id"].to_str().unwrap().to_string();
        let html = r.text().await.unwrap();
        assert!(html.contains("Something went wrong"), "{path}");
        assert!(html.contains(&id));
        assert!(
            !html.contains("hunter2") && !html.contains("secret"),
            "{path}: {html}"
        );
    }
    // The server is still up after a panic.
    assert_eq!(app.get("/healthz").await.status(), 200);
}

/// A request that takes longer than `GREENAI_REQUEST_TIMEOUT` (a slow handler, or a client
/// that sends its body slowly) is answered 408 with a page in the visitor's language.
#[tokio::test]
async fn slow_requests_are_cut_off_with_408() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let extra = axum::Router::new().route(
        "/test/slow",
        get(|| async {
            tokio::time::sleep(std::time::Duration::from_secs(30)).await;
            "too late"
        }),
    );
    let app = crate::harness::spawn_app_configured_with(|c| c.request_timeout_s = 1, extra).await;
    let started = std::time::Instant::now();
    let r = app
        .get_with("/test/slow", &[("accept-language", "nl")])
        .await;
    assert_eq!(r.status(), 408);
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert!(r.text().await.unwrap().contains("Te traag"));
    // A body that never finishes arriving holds nothing for long either.
    let mut socket = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    socket
        .write_all(
            b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nemail=a",
        )
        .await
        .unwrap();
    let mut answer = vec![0u8; 64];
    let n = tokio::time::timeout(std::time::Duration::from_secs(10), socket.read(&mut answer))
        .await
        .expect("an answer within the timeout")
        .unwrap();
    let head = String::from_utf8_lossy(&answer[..n]).to_string();
    assert!(head.starts_with("HTTP/1.1 408"), "{head}");
}

#[tokio::test]
async fn security_headers_are_on_every_response() {
    let app = spawn_app().await;
    for path in [
        "/",
        "/healthz",
        "/nope",
        "/static/app.css",
        "/models",
        "/metrics",
    ] {
        let r = app.get(path).await;
        let h = r.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.starts_with("default-src 'self'"), "{path}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(
            h["referrer-policy"], "strict-origin-when-cross-origin",
            "{path}"
        );
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        // HSTS only when BASE_URL is https; the test config is http.
        assert!(h.get("strict-transport-security").is_none(), "{path}");
    }
}

#[tokio::test]
async fn pages_are_compressed_and_static_files_cached() {
    let app = spawn_app().await;
    let html = app.get("/").await.text().await.unwrap();
    let css = html
        .split(r#"<link rel="stylesheet" href=""#)
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    assert!(
        css.starts_with("/static/app-") && css.ends_with(".css"),
        "{css}"
    );
    let r = app.get(&css).await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    let again = app
        .get_with("/static/app.css", &[("if-none-match", &etag)])
        .await;
    assert_eq!(again.status(), 304);
    assert_eq!(app.get("/static/app-0000000000.css").await.status(), 404);

    let gz = app.get_with("/", &[("accept-encoding", "gzip")]).await;
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    assert!(
        gz.headers()["vary"]
            .to_str()
            .unwrap()
            .contains("Accept-Language")
    );
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let extra = axum::Router::new().route(
        "/test/echo",
        axum::routing::post(|body: String| async move { body.len().to_string() }),
    );
    let app = spawn_app_with(extra).await;
    let ok = app
        .client
        .post(app.url("/test/echo"))
        .body("x".repeat(1000))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.text().await.unwrap(), "1000");
    let big = app
        .client
        .post(app.url("/test/echo"))
        .body("x".repeat(greenai::web::state::BODY_LIMIT + 1))
        .send()
        .await
        .unwrap();
    assert_eq!(big.status(), 413);
    assert!(big.text().await.unwrap().contains("Too large"));
}
