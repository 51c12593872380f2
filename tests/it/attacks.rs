//! What a hostile visitor tries: parallel logins against the limit, reset links that cost a
//! hash, and control characters or oversized values where text goes in.

use crate::accounts::{PASSWORD, csrf_of};
use crate::harness::spawn_app;

#[tokio::test]
async fn parallel_logins_are_counted_before_their_passwords_are_checked() {
    let app = spawn_app().await;
    app.member("ann@example.nl").await;
    let attacker = app.another_visitor();
    let token = csrf_of(&attacker.get("/login").await.text().await.unwrap());
    let mut tries = Vec::new();
    for n in 0..40 {
        let (client, url, token) = (
            attacker.client.clone(),
            attacker.url("/login"),
            token.clone(),
        );
        // One of them has the right password: it may not slip through once five failed.
        let password = if n == 39 {
            PASSWORD.to_string()
        } else {
            format!("wrong guess {n}")
        };
        tries.push(tokio::spawn(async move {
            client
                .post(url)
                .form(&[
                    ("csrf_token", token.as_str()),
                    ("email", "ann@example.nl"),
                    ("password", password.as_str()),
                ])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for t in tries {
        statuses.push(t.await.unwrap());
    }
    let checked = statuses.iter().filter(|s| **s != 429).count();
    assert_eq!(checked, 5, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 35);
    // Every attempt is in the audit log, the refused ones too.
    let audited: i64 =
        sqlx::query_scalar("select count(*) from audit_events where event = 'login_failure'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    let succeeded = statuses.iter().filter(|s| **s == 303).count() as i64;
    assert_eq!(audited + succeeded, 40);
}

#[tokio::test]
async fn a_reset_link_is_checked_and_counted_before_a_password_is_hashed() {
    let app = spawn_app().await;
    let token = csrf_of(&app.get("/password/forgot").await.text().await.unwrap());
    let mut last = 0;
    for _ in 0..11 {
        last = app
            .client
            .post(app.url("/password/reset/not-a-token"))
            .form(&[
                ("csrf_token", token.as_str()),
                ("password", "a long new green passphrase"),
            ])
            .send()
            .await
            .unwrap()
            .status()
            .as_u16();
        if last == 429 {
            break;
        }
        assert_eq!(last, 400, "an unknown link is said to be invalid");
    }
    assert_eq!(last, 429);
}

#[tokio::test]
async fn control_characters_and_oversized_values_get_a_4xx_never_a_500() {
    let app = spawn_app().await;
    let token = csrf_of(&app.get("/login").await.text().await.unwrap());
    let post = |fields: Vec<(&'static str, String)>| {
        let app = &app;
        let token = token.clone();
        async move {
            let mut all = fields;
            all.push(("csrf_token", token));
            app.client
                .post(app.url("/login"))
                .form(&all)
                .send()
                .await
                .unwrap()
        }
    };
    let nul = post(vec![
        ("email", "a\0b@example.org".into()),
        ("password", "whatever".into()),
    ])
    .await;
    assert_eq!(nul.status(), 400);
    assert!(nul.text().await.unwrap().contains("control characters"));
    let long = post(vec![
        ("email", format!("{}@example.org", "a".repeat(3000))),
        ("password", "whatever".into()),
    ])
    .await;
    assert_eq!(long.status(), 422);
    for path in [
        "/models/%00",
        "/api/v1/measurements?model=%00",
        "/insights?q=%1b",
        "/leaderboards/text-generation?hardware=%00",
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status(), 400, "{path}");
    }
    let api = app.get("/api/v1/measurements?model=%00").await;
    assert!(
        api.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("json")
    );
}

#[tokio::test]
async fn a_new_password_ends_older_reset_links_and_api_tokens_and_guesses_are_throttled() {
    let app = spawn_app().await;
    app.member("ann@example.nl").await;
    let token = crate::measurements::api_token(&app).await;
    let me = reqwest::Client::new()
        .get(app.url("/api/v1/me"))
        .header("authorization", format!("bearer {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200, "the scheme is case-insensitive");
    let visitor = app.another_visitor();
    for _ in 0..2 {
        let r = visitor
            .submit(
                "/password/forgot",
                "/password/forgot",
                &[("email", "ann@example.nl")],
            )
            .await;
        assert_eq!(r.status(), 200);
    }
    let mails = app.mails_to("ann@example.nl").await;
    let links: Vec<String> = mails
        .iter()
        .filter_map(|(_, text)| {
            text.split_whitespace()
                .find(|w| w.contains("/password/reset/"))
                .map(|url| url[url.find("/password/reset/").unwrap()..].to_string())
        })
        .collect();
    assert_eq!(links.len(), 2);
    let r = visitor
        .submit(
            &links[1],
            &links[1],
            &[("password", "a brand new green passphrase")],
        )
        .await;
    assert_eq!(r.status(), 303);
    // The older link died with the old password.
    let r = visitor
        .submit(
            "/password/forgot",
            &links[0],
            &[("password", "yet another green passphrase")],
        )
        .await;
    assert_eq!(r.status(), 400);
    // So did the API token.
    let me = reqwest::Client::new()
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 401);
    // Guessing the current password from an open session: five tries, then 429.
    let fresh = app.another_visitor();
    assert_eq!(
        fresh
            .login("ann@example.nl", "a brand new green passphrase")
            .await
            .status(),
        303
    );
    let mut statuses = Vec::new();
    for n in 0..6 {
        let r = fresh
            .submit(
                "/account/delete",
                "/account/delete",
                &[("current_password", format!("guess {n}").as_str())],
            )
            .await;
        statuses.push(r.status().as_u16());
    }
    assert_eq!(statuses, [422, 422, 422, 422, 422, 429]);
}

#[tokio::test]
async fn one_idempotency_key_with_different_bodies_stores_one_and_refuses_the_rest() {
    let app = spawn_app().await;
    greenai::demo::seed_catalogues(&app.db).await.unwrap();
    app.member("ann@example.nl").await;
    let token = crate::measurements::api_token(&app).await;
    let mut sent = Vec::new();
    for n in 0..10 {
        let (url, token) = (app.url("/api/v1/measurements"), token.clone());
        sent.push(tokio::spawn(async move {
            reqwest::Client::new()
                .post(url)
                .bearer_auth(token)
                .header("idempotency-key", "one-key")
                .json(&serde_json::json!({
                    "model": "Qwen 3 8B", "task": "text-generation",
                    "hardware": "NVIDIA A100 80GB PCIe", "energy": format!("{} Wh", 100 + n),
                    "duration": "1 h", "queries": 1000, "method": "nvml", "measured_on": "2026-02-01"
                }))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for s in sent {
        statuses.push(s.await.unwrap());
    }
    statuses.sort();
    assert_eq!(statuses, [201, 422, 422, 422, 422, 422, 422, 422, 422, 422]);
    let stored: i64 = sqlx::query_scalar("select count(*) from measurements")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(stored, 1);
    // A key that cannot be kept is refused, not ignored.
    for key in ["k".repeat(201), "sleutel met spatie".to_string()] {
        let r = reqwest::Client::new()
            .post(app.url("/api/v1/measurements"))
            .bearer_auth(&token)
            .header("idempotency-key", key)
            .json(&serde_json::json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400);
    }
}

#[tokio::test]
async fn exports_never_start_a_formula_and_private_pages_are_not_stored() {
    let app = spawn_app().await;
    greenai::demo::seed_catalogues(&app.db).await.unwrap();
    sqlx::query("insert into ai_models (slug, name) values ('formula', '=1+2')")
        .execute(&app.db)
        .await
        .unwrap();
    app.member("ann@example.nl").await;
    let token = crate::measurements::api_token(&app).await;
    let r = crate::measurements::post_api(
        &app,
        &token,
        &serde_json::json!({
            "model": "formula", "task": "text-generation", "hardware": "NVIDIA A100 80GB PCIe",
            "energy": "100 Wh", "duration": "1 h", "queries": 1000, "method": "nvml",
            "measured_on": "2026-02-01"
        }),
    )
    .await;
    assert_eq!(r.status(), 201);
    let csv = app
        .get("/leaderboards/text-generation/export.csv")
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.contains(",'=1+2,"), "{csv}");
    let tokens = app.get("/account/tokens").await;
    assert_eq!(tokens.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn metrics_ask_for_their_token_once_one_is_set() {
    let app = crate::harness::spawn_app_configured(|c| {
        c.metrics_token = Some(greenai::infra::config::Secret::new("metrics-secret-token"));
    })
    .await;
    assert_eq!(app.get("/metrics").await.status(), 403);
    let ok = reqwest::Client::new()
        .get(app.url("/metrics"))
        .bearer_auth("metrics-secret-token")
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
}

#[tokio::test]
async fn a_researcher_does_not_verify_their_own_measurement() {
    let app = spawn_app().await;
    greenai::demo::seed_catalogues(&app.db).await.unwrap();
    app.with_role("rita@example.nl", "researcher").await;
    let token = crate::measurements::api_token(&app).await;
    // 5 kWh for 1,000 queries of an 8 B model is flagged: it waits for a check.
    let r: serde_json::Value = crate::measurements::post_api(
        &app,
        &token,
        &serde_json::json!({
            "model": "Qwen 3 8B", "task": "text-generation", "hardware": "NVIDIA A100 80GB PCIe",
            "energy": "5000 Wh", "duration": "1 h", "queries": 1000, "method": "nvml",
            "measured_on": "2026-02-01"
        }),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(r["status"], "pending");
    let field = format!("m_{}", r["id"].as_str().unwrap());
    let done = crate::measurements::verify_in_queue(&app, r["id"].as_str().unwrap()).await;
    // Refused with the reason on the queue, the tick kept.
    assert_eq!(done.status(), 422);
    let html = done.text().await.unwrap();
    assert!(html.contains("role=\"alert\""), "{html}");
    assert!(
        html.contains(&format!("name=\"{field}\" checked")),
        "{html}"
    );
    let status: String = sqlx::query_scalar("select status from measurements")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(status, "pending");
}

#[tokio::test]
async fn invisible_characters_in_names_and_unreadable_api_queries_are_refused_plainly() {
    let app = spawn_app().await;
    let r = app
        .register("ann@example.nl", "Ann\u{202E}lanimirc", PASSWORD)
        .await;
    assert_eq!(r.status(), 422);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("without invisible characters")
    );
    let r = app.get("/api/v1/measurements?limit=many").await;
    assert_eq!(r.status(), 400);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("problem+json")
    );
}

#[tokio::test]
async fn upload_previews_nobody_imported_are_expired() {
    let app = spawn_app().await;
    app.member("ann@example.nl").await;
    sqlx::query(
        "insert into pending_uploads (user_id, file_name, content, model, task, queries_per_run, created_at)
         select id, 'old.csv', '\\x00'::bytea, 'm', 'text-generation', '1', now() - interval '2 days' from users
         union all
         select id, 'new.csv', '\\x00'::bytea, 'm', 'text-generation', '1', now() from users",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let expired = greenai::features::measurements::upload::expire(&app.db)
        .await
        .unwrap();
    assert_eq!(expired, 1);
    let left: Vec<String> = sqlx::query_scalar("select file_name from pending_uploads")
        .fetch_all(&app.db)
        .await
        .unwrap();
    assert_eq!(left, ["new.csv"]);
}

#[tokio::test]
async fn anonymous_forms_keep_their_token_in_a_signed_cookie_not_a_session_row() {
    let app = spawn_app().await;
    let sessions = || async {
        sqlx::query_scalar::<_, i64>("select count(*) from tower_sessions.session")
            .fetch_one(&app.db)
            .await
            .unwrap()
    };
    let visitor = app.another_visitor();
    for page in [
        "/login",
        "/register",
        "/password/forgot",
        "/login",
        "/register",
    ] {
        let r = visitor.get(page).await;
        assert_eq!(r.status(), 200);
        assert!(
            r.headers()
                .get_all("set-cookie")
                .iter()
                .all(|c| !c.to_str().unwrap().starts_with("session="))
        );
    }
    assert_eq!(sessions().await, 0, "showing forms wrote session rows");
    // A page without a form makes no token, so it sets no cookie.
    let board = app.another_visitor().get("/models").await;
    assert!(board.headers().get("set-cookie").is_none());

    // The token is the cookie's: another visitor's token (another cookie) does not pass,
    // nor does a token without any cookie.
    let token = csrf_of(&visitor.get("/password/forgot").await.text().await.unwrap());
    let stranger = app.another_visitor();
    stranger.get("/password/forgot").await;
    for client in [&stranger.client, &reqwest::Client::new()] {
        let r = client
            .post(app.url("/password/forgot"))
            .form(&[("csrf_token", token.as_str()), ("email", "x@example.nl")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
    }
    // A planted cookie with a made-up token does not pass either.
    let r = reqwest::Client::new()
        .post(app.url("/password/forgot"))
        .header("cookie", format!("csrf={}", "ab".repeat(32)))
        .form(&[
            ("csrf_token", "ab".repeat(32).as_str()),
            ("email", "x@example.nl"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // Its own token does, and a session is written once there is something to keep.
    let r = visitor
        .client
        .post(app.url("/password/forgot"))
        .form(&[("csrf_token", token.as_str()), ("email", "x@example.nl")])
        .send()
        .await
        .unwrap();
    assert_ne!(r.status(), 403);
    app.member("ann@example.nl").await;
    assert!(sessions().await >= 1);
}
