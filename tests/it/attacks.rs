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
