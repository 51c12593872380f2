//! Accounts end to end: registration, verification, login, reset, settings, tokens,
//! privacy, and the security rules around them.

use crate::harness::{TestApp, client, spawn_app};
use reqwest::StatusCode;

/// The CSRF token in a page's forms.
pub fn csrf_of(html: &str) -> String {
    html.split(r#"name="csrf_token" value=""#)
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .to_string()
}

impl TestApp {
    /// GETs `form_page` for a CSRF token, then posts `fields` (plus the token) to `action`.
    pub async fn submit(
        &self,
        form_page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let page = self.get(form_page).await.text().await.unwrap();
        let token = csrf_of(&page);
        assert!(!token.is_empty(), "no CSRF token on {form_page}");
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf_token", &token));
        self.client
            .post(self.url(action))
            .form(&all)
            .send()
            .await
            .unwrap()
    }

    /// The mails queued for an address, newest last: (subject, text).
    pub async fn mails_to(&self, to: &str) -> Vec<(String, String)> {
        sqlx::query_as("select subject, text_body from mail_outbox where lower(to_address) = lower($1) order by created_at, id")
            .bind(to)
            .fetch_all(&self.db)
            .await
            .unwrap()
    }

    /// The path of the last link in the last mail to `to` that contains `marker`.
    pub async fn link_in_mail(&self, to: &str, marker: &str) -> String {
        let mails = self.mails_to(to).await;
        let (_, text) = mails.last().expect("a mail");
        let url = text
            .split_whitespace()
            .find(|w| w.contains(marker))
            .unwrap_or_else(|| panic!("no {marker} link in {text}"));
        url.split_once("://")
            .map(|(_, rest)| &rest[rest.find('/').unwrap()..])
            .unwrap()
            .to_string()
    }

    pub async fn register(&self, email: &str, name: &str, password: &str) -> reqwest::Response {
        self.submit(
            "/register",
            "/register",
            &[
                ("email", email),
                ("display_name", name),
                ("password", password),
            ],
        )
        .await
    }

    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.submit(
            "/login",
            "/login",
            &[("email", email), ("password", password)],
        )
        .await
    }

    /// Registers, verifies and logs in a member; returns nothing, the client holds the session.
    pub async fn member(&self, email: &str) {
        assert_eq!(self.register(email, "Ann", PASSWORD).await.status(), 200);
        let link = self.link_in_mail(email, "/verify/").await;
        assert_eq!(self.get(&link).await.status(), 200);
        assert_eq!(self.login(email, PASSWORD).await.status(), 303);
    }

    pub async fn with_role(&self, email: &str, role: &str) {
        self.member(email).await;
        sqlx::query("update users set role = $2 where email = $1")
            .bind(email)
            .bind(role)
            .execute(&self.db)
            .await
            .unwrap();
    }

    /// A visitor with its own cookies, from another address (through the trusted proxy).
    pub fn visitor_from(&self, ip: &str) -> TestApp {
        TestApp {
            addr: self.addr,
            db: self.db.clone(),
            client: crate::harness::client_from(ip),
        }
    }

    /// A second visitor of the same app, with its own cookies.
    pub fn another_visitor(&self) -> TestApp {
        TestApp {
            addr: self.addr,
            db: self.db.clone(),
            client: client(),
        }
    }
}

pub const PASSWORD: &str = "a long green passphrase";

fn session_cookie(r: &reqwest::Response) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("session="))
        .map(|c| c.split(';').next().unwrap().to_string())
}

#[tokio::test]
async fn register_verify_login_logout() {
    let app = spawn_app().await;
    let page = app.get("/register").await;
    let first_cookie = session_cookie(&page);
    let r = app.register("ann@example.nl", "Ann", PASSWORD).await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("Check your inbox"));
    let mails = app.mails_to("ann@example.nl").await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].0, "Confirm your e-mail address");

    let link = app.link_in_mail("ann@example.nl", "/verify/").await;
    let verified = app.get(&link).await;
    assert_eq!(verified.status(), 200);
    assert!(verified.text().await.unwrap().contains("Address confirmed"));
    // The link works once.
    let again = app.get(&link).await;
    assert_eq!(again.status(), 400);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("This link does not work")
    );

    let wrong = app.login("ann@example.nl", "not the passphrase").await;
    assert_eq!(wrong.status(), 422);
    assert!(
        wrong
            .text()
            .await
            .unwrap()
            .contains("The e-mail address or password is not right")
    );

    let ok = app.login("ANN@example.nl", PASSWORD).await;
    assert_eq!(ok.status(), 303);
    // A plain login lands on the member's overview: what they sent, what to do next.
    assert_eq!(ok.headers()["location"], "/dashboard");
    let overview = app.get("/dashboard").await.text().await.unwrap();
    assert!(overview.contains("Welcome, Ann"), "{overview}");
    for link in [
        "/measurements/new",
        "/measurements/upload",
        "/measurements/mine",
        "/signups",
        "/account",
    ] {
        assert!(overview.contains(&format!("href=\"{link}\"")), "{link}");
    }
    assert!(!overview.contains("/moderation"), "a member has no queue");
    let login_cookie = session_cookie(&ok).expect("a session cookie at login");
    assert_ne!(
        Some(login_cookie.clone()),
        first_cookie,
        "the session id changes at login"
    );
    assert!(
        ok.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("HttpOnly")
    );

    let account = app.get("/account").await;
    assert_eq!(account.status(), 200);
    let html = account.text().await.unwrap();
    assert!(html.contains("ann@example.nl") && html.contains("confirmed"));

    let sessions_before: i64 = sqlx::query_scalar("select count(*) from tower_sessions.session")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let out = app.submit("/account", "/logout", &[]).await;
    assert_eq!(out.status(), 303);
    let sessions_after: i64 = sqlx::query_scalar("select count(*) from tower_sessions.session")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(
        sessions_after,
        sessions_before - 1,
        "logout deletes the session"
    );
    let gone = app.get("/account").await;
    assert_eq!(gone.status(), 303);
    assert_eq!(gone.headers()["location"], "/login?next=%2Faccount");

    let events: Vec<String> = sqlx::query_scalar("select event from audit_events order by id")
        .fetch_all(&app.db)
        .await
        .unwrap();
    assert_eq!(
        events,
        [
            "registered",
            "email_verified",
            "login_failure",
            "login_success",
            "logout"
        ]
    );
}

#[tokio::test]
async fn registration_refuses_bad_input_with_messages_and_keeps_values() {
    let app = spawn_app().await;
    let r = app.register("not-an-address", "", "short").await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("Enter an e-mail address"));
    assert!(html.contains("Enter a display name"));
    assert!(html.contains("Use at least 12 characters"));
    assert!(
        html.contains(r#"value="not-an-address""#),
        "typed values are kept"
    );
    let common = app.register("bo@example.nl", "Bo", "password1234").await;
    assert!(common.text().await.unwrap().contains("too common"));
    let n: i64 = sqlx::query_scalar("select count(*) from users")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(n, 0, "nothing stored");

    let nl = app.another_visitor();
    let page = nl
        .get_with("/register", &[("accept-language", "nl")])
        .await
        .text()
        .await
        .unwrap();
    let token = csrf_of(&page);
    let r = nl
        .client
        .post(nl.url("/register"))
        .header("accept-language", "nl")
        .form(&[
            ("email", "x"),
            ("display_name", "X"),
            ("password", "kort"),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    let html = r.text().await.unwrap();
    assert!(html.contains("Vul een e-mailadres in") && html.contains("Gebruik minstens 12 tekens"));
}

#[tokio::test]
async fn no_account_enumeration() {
    let app = spawn_app().await;
    app.member("ann@example.nl").await;
    let other = app.another_visitor();

    // Registration: the same page for a known and a new address; the owner is told.
    let known = other.register("ann@example.nl", "Impostor", PASSWORD).await;
    let (ks, kb) = (known.status(), known.text().await.unwrap());
    let new = other.register("new@example.nl", "New", PASSWORD).await;
    let (ns, nb) = (new.status(), new.text().await.unwrap());
    assert_eq!(ks, ns);
    assert_eq!(strip_tokens(&kb), strip_tokens(&nb));
    let mails = app.mails_to("ann@example.nl").await;
    assert_eq!(
        mails.last().unwrap().0,
        "Someone tried to register with your address"
    );
    let n: i64 =
        sqlx::query_scalar("select count(*) from users where lower(email) = 'ann@example.nl'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(n, 1);

    // Login: a wrong password and an unknown address read the same.
    let a = other.login("ann@example.nl", "wrong wrong wrong").await;
    let (a_status, a_body) = (a.status(), a.text().await.unwrap());
    let b = other.login("nobody@example.nl", "wrong wrong wrong").await;
    assert_eq!(a_status, b.status());
    assert_eq!(
        strip_tokens(&a_body),
        strip_tokens(&b.text().await.unwrap()).replace("nobody@", "ann@")
    );

    // Reset: the same answer; only the known address gets a mail.
    let before = app.mails_to("nobody@example.nl").await.len();
    let x = other
        .submit(
            "/password/forgot",
            "/password/forgot",
            &[("email", "nobody@example.nl")],
        )
        .await;
    let y = other
        .submit(
            "/password/forgot",
            "/password/forgot",
            &[("email", "ann@example.nl")],
        )
        .await;
    assert_eq!(x.status(), y.status());
    assert_eq!(
        strip_tokens(&x.text().await.unwrap()),
        strip_tokens(&y.text().await.unwrap())
    );
    assert_eq!(app.mails_to("nobody@example.nl").await.len(), before);
    assert_eq!(
        app.mails_to("ann@example.nl").await.last().unwrap().0,
        "Choose a new password"
    );
}

/// A page without the per-session and per-request values that differ between two requests.
fn strip_tokens(html: &str) -> String {
    html.split('"')
        .map(|part| {
            if part.len() == 64 && part.chars().all(|c| c.is_ascii_hexdigit()) {
                "TOKEN"
            } else {
                part
            }
        })
        .collect::<Vec<_>>()
        .join("\"")
}

#[tokio::test]
async fn password_reset_links_work_once_and_expire() {
    let app = spawn_app().await;
    app.member("ann@example.nl").await;
    let other = app.another_visitor();
    other
        .submit(
            "/password/forgot",
            "/password/forgot",
            &[("email", "ann@example.nl")],
        )
        .await;
    let link = app.link_in_mail("ann@example.nl", "/password/reset/").await;

    assert_eq!(other.get("/password/reset/0000").await.status(), 400);
    let weak = other.submit(&link, &link, &[("password", "short")]).await;
    assert_eq!(weak.status(), 422);
    let ok = other
        .submit(&link, &link, &[("password", "a brand new passphrase")])
        .await;
    assert_eq!(ok.status(), 303);
    assert_eq!(ok.headers()["location"], "/login");
    let login_page = other.get("/login").await.text().await.unwrap();
    assert!(
        login_page.contains("Your password has been changed"),
        "flash message"
    );
    assert_eq!(other.get(&link).await.status(), 400, "used");
    assert_eq!(other.login("ann@example.nl", PASSWORD).await.status(), 422);
    assert_eq!(
        other
            .login("ann@example.nl", "a brand new passphrase")
            .await
            .status(),
        303
    );
    // The session that predates the reset is over.
    assert_eq!(app.get("/account").await.status(), 303);
    assert_eq!(
        app.mails_to("ann@example.nl").await.last().unwrap().0,
        "Your password was changed"
    );

    // An expired link does not work.
    let third = app.another_visitor();
    third
        .submit(
            "/password/forgot",
            "/password/forgot",
            &[("email", "ann@example.nl")],
        )
        .await;
    let link = app.link_in_mail("ann@example.nl", "/password/reset/").await;
    sqlx::query(
        "update user_tokens set expires_at = now() - interval '1 minute' where used_at is null",
    )
    .execute(&app.db)
    .await
    .unwrap();
    assert_eq!(third.get(&link).await.status(), 400);
}

#[tokio::test]
async fn forms_without_the_right_csrf_token_or_from_other_sites_are_refused() {
    let app = spawn_app().await;
    let no_token = app
        .client
        .post(app.url("/login"))
        .form(&[("email", "a@b.nl"), ("password", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), StatusCode::FORBIDDEN);
    app.get("/login").await;
    let wrong = app
        .client
        .post(app.url("/login"))
        .form(&[
            ("email", "a@b.nl"),
            ("password", "x"),
            ("csrf_token", &"0".repeat(64)),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    assert!(wrong.text().await.unwrap().contains("Not allowed"));
    let page = app.get("/register").await.text().await.unwrap();
    for (header, value) in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let cross = app
            .client
            .post(app.url("/register"))
            .header(header, value)
            .form(&[
                ("email", "c@d.nl"),
                ("display_name", "C"),
                ("password", PASSWORD),
                ("csrf_token", &csrf_of(&page)),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(cross.status(), StatusCode::FORBIDDEN, "{header}: {value}");
    }
    let n: i64 = sqlx::query_scalar("select count(*) from users")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(n, 0);
}

#[tokio::test]
async fn too_many_attempts_get_429_with_retry_after() {
    let app = spawn_app().await;
    app.member("ann@example.nl").await;
    let attacker = app.another_visitor();
    for _ in 0..5 {
        assert_eq!(
            attacker
                .login("ann@example.nl", "guess guess guess")
                .await
                .status(),
            422
        );
    }
    let blocked = attacker.login("ann@example.nl", PASSWORD).await;
    assert_eq!(blocked.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = blocked.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 0 && retry <= 900);
    assert!(blocked.text().await.unwrap().contains("Too many attempts"));

    // The guesser's address is stopped, not the account: its owner, from another address,
    // gets in with the right password (and a wrong one there still counts for that address).
    let owner = app.visitor_from("198.51.100.20");
    assert_eq!(
        owner
            .login("ann@example.nl", "not it at all")
            .await
            .status(),
        422
    );
    assert_eq!(owner.login("ann@example.nl", PASSWORD).await.status(), 303);
    // Guessing from a second address starts that address's own count at five.
    let second = app.visitor_from("203.0.113.5");
    for _ in 0..5 {
        assert_eq!(
            second.login("ann@example.nl", "guess again").await.status(),
            422
        );
    }
    assert_eq!(second.login("ann@example.nl", PASSWORD).await.status(), 429);
    // The forwarded address is the one audited.
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_events where event = 'login_failure' and ip = '203.0.113.5'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(audited, 6);

    // Same address (127.0.0.1) as the member's registration above: 4 more fit in the hour.
    let spammer = app.another_visitor();
    // Mistakes in the form do not use up the allowance.
    for _ in 0..6 {
        let r = spammer.register("short@example.nl", "S", "too short").await;
        assert_eq!(r.status(), 422);
    }
    for i in 0..4 {
        let r = spammer
            .register(&format!("s{i}@example.nl"), "S", PASSWORD)
            .await;
        assert_eq!(r.status(), 200);
    }
    // Over the limit: the form comes back as typed, saying how long to wait.
    let over = spammer.register("s9@example.nl", "S", PASSWORD).await;
    assert_eq!(over.status(), 429);
    let html = over.text().await.unwrap();
    assert!(
        html.contains("value=\"s9@example.nl\"") && html.contains("Try again in"),
        "{html}"
    );
    for _ in 0..5 {
        spammer
            .submit(
                "/password/forgot",
                "/password/forgot",
                &[("email", "x@example.nl")],
            )
            .await;
    }
    let r = spammer
        .submit(
            "/password/forgot",
            "/password/forgot",
            &[("email", "x@example.nl")],
        )
        .await;
    assert_eq!(r.status(), 429);
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_ends_other_sessions() {
    let app = spawn_app().await;
    app.member("ann@example.nl").await;
    let laptop = app.another_visitor();
    assert_eq!(laptop.login("ann@example.nl", PASSWORD).await.status(), 303);

    let wrong = app
        .submit(
            "/account",
            "/account/password",
            &[
                ("current_password", "nope nope nope"),
                ("new_password", "another long passphrase"),
            ],
        )
        .await;
    assert_eq!(wrong.status(), 422);
    assert!(
        wrong
            .text()
            .await
            .unwrap()
            .contains("This is not your current password")
    );
    let ok = app
        .submit(
            "/account",
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "another long passphrase"),
            ],
        )
        .await;
    assert_eq!(ok.status(), 303);
    assert_eq!(
        app.get("/account").await.status(),
        200,
        "this session goes on"
    );
    assert_eq!(
        laptop.get("/account").await.status(),
        303,
        "the other session ended"
    );
    assert_eq!(
        app.mails_to("ann@example.nl").await.last().unwrap().0,
        "Your password was changed"
    );
}

#[tokio::test]
async fn changing_the_email_address_is_confirmed_by_the_new_address() {
    let app = spawn_app().await;
    app.member("ann@example.nl").await;
    let r = app
        .submit(
            "/account",
            "/account/email",
            &[
                ("current_password", PASSWORD),
                ("new_email", "ann@new.example"),
            ],
        )
        .await;
    assert_eq!(r.status(), 200);
    let link = app
        .link_in_mail("ann@new.example", "/account/email/confirm/")
        .await;
    let done = app.get(&link).await;
    assert_eq!(done.status(), 200);
    let email: String = sqlx::query_scalar("select email from users")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(email, "ann@new.example");
    assert_eq!(
        app.mails_to("ann@example.nl").await.last().unwrap().0,
        "Your e-mail address was changed"
    );
    assert_eq!(app.get(&link).await.status(), 400);
    let bad = app
        .submit(
            "/account",
            "/account/email",
            &[
                ("current_password", "wrong wrong wrong"),
                ("new_email", "x"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
}

#[tokio::test]
async fn the_chosen_language_is_kept_with_the_account() {
    let app = spawn_app().await;
    app.member("ann@example.nl").await;
    let r = app
        .submit("/account", "/account/language", &[("language", "nl")])
        .await;
    assert_eq!(r.status(), 303);
    let lang: String = sqlx::query_scalar("select language from users")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(lang, "nl");
    // A new device without the cookie gets Dutch after logging in.
    let phone = app.another_visitor();
    phone.login("ann@example.nl", PASSWORD).await;
    let html = phone.get("/account").await.text().await.unwrap();
    assert!(html.contains(r#"<html lang="nl">"#));
    // And mails come in Dutch.
    phone
        .submit(
            "/account",
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "nog een lange zin hier"),
            ],
        )
        .await;
    assert_eq!(
        app.mails_to("ann@example.nl").await.last().unwrap().0,
        "Je wachtwoord is gewijzigd"
    );
}

#[tokio::test]
async fn api_tokens_are_shown_once_record_their_use_and_can_be_revoked() {
    let app = spawn_app().await;
    app.member("ann@example.nl").await;
    let page = app
        .submit(
            "/account/tokens",
            "/account/tokens",
            &[("name", "laptop script")],
        )
        .await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    let token = html
        .split("<code class=\"token\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    assert!(token.starts_with("gah_") && token.len() == 68);
    let stored: Vec<u8> = sqlx::query_scalar("select token_hash from api_tokens")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_ne!(stored, token.as_bytes(), "only the digest is stored");

    let list = app.get("/account/tokens").await.text().await.unwrap();
    assert!(!list.contains(&token), "shown only once");
    assert!(list.contains(&token[..12]) && list.contains("never"));

    let api = reqwest::Client::new();
    let me = api
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    let body: serde_json::Value = me.json().await.unwrap();
    assert_eq!(body["display_name"], "Ann");
    let used: Option<time::OffsetDateTime> =
        sqlx::query_scalar("select last_used_at from api_tokens")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert!(used.is_some());
    assert_eq!(
        api.get(app.url("/api/v1/me"))
            .bearer_auth("gah_wrong")
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(
        api.get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );

    let id: uuid::Uuid = sqlx::query_scalar("select id from api_tokens")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let action = format!("/account/tokens/{id}/revoke");
    assert_eq!(
        app.submit("/account/tokens", &action, &[]).await.status(),
        303
    );
    let revoked = api
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 401);
    assert_eq!(
        revoked.headers()["content-type"],
        "application/problem+json"
    );
    let events: Vec<String> =
        sqlx::query_scalar("select event from audit_events where event like 'token%' order by id")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(events, ["token_created", "token_revoked"]);
}

#[tokio::test]
async fn my_data_can_be_exported_and_my_account_deleted() {
    let app = spawn_app().await;
    greenai::demo::seed_catalogues(&app.db).await.unwrap();
    app.member("ann@example.nl").await;
    let token = crate::measurements::api_token(&app).await;
    let sent = crate::measurements::post_api(
        &app,
        &token,
        &serde_json::json!({
            "model": "meta-llama/Llama-3.1-8B-Instruct", "task": "text-generation",
            "hardware": "1 x NVIDIA A100 80GB PCIe", "energy": "250 Wh", "duration": "1 h",
            "queries": 1000, "method": "nvml", "measured_on": "2026-02-01",
            "notes": "my own note"
        }),
    )
    .await;
    assert_eq!(sent.status(), 201);
    let export = app.get("/account/export").await;
    assert_eq!(export.status(), 200);
    assert!(
        export.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let data: serde_json::Value = export.json().await.unwrap();
    assert_eq!(data["account"]["email"], "ann@example.nl");
    assert!(data["security_events"].as_array().unwrap().len() >= 3);
    // What they measured is theirs too: every field they sent, and what became of it.
    let measurements = data["measurements"].as_array().unwrap();
    assert_eq!(measurements.len(), 1, "{data}");
    assert_eq!(measurements[0]["energy_j"], 900_000.0);
    assert_eq!(measurements[0]["notes"], "my own note");
    assert_eq!(measurements[0]["status"], "verified");
    assert!(data["codecarbon"]["experiments"].is_array());

    let page = app.get("/account/delete").await.text().await.unwrap();
    assert!(
        page.contains("former member"),
        "the page explains before confirming"
    );
    let wrong = app
        .submit(
            "/account/delete",
            "/account/delete",
            &[("current_password", "wrong wrong wrong")],
        )
        .await;
    assert_eq!(wrong.status(), 422);
    let done = app
        .submit(
            "/account/delete",
            "/account/delete",
            &[("current_password", PASSWORD)],
        )
        .await;
    assert_eq!(done.status(), 303);
    let (email, name, deleted): (String, String, bool) =
        sqlx::query_as("select email, display_name, deleted_at is not null from users")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert!(!email.contains("ann"), "{email}");
    assert_eq!(name, "former member");
    assert!(deleted);
    assert_eq!(
        app.get("/account/export").await.status(),
        303,
        "the export is gone"
    );
    let again = app.another_visitor();
    assert_eq!(again.login("ann@example.nl", PASSWORD).await.status(), 422);
    assert_eq!(
        app.mails_to("ann@example.nl").await.last().unwrap().0,
        "Your account has been deleted"
    );
    // The address is free again.
    assert_eq!(
        again
            .register("ann@example.nl", "Ann again", PASSWORD)
            .await
            .status(),
        200
    );
    assert_eq!(
        app.mails_to("ann@example.nl").await.last().unwrap().0,
        "Confirm your e-mail address"
    );
}

#[tokio::test]
async fn admins_grant_roles_and_see_the_audit_log() {
    let app = spawn_app().await;
    app.with_role("admin@example.nl", "admin").await;
    let member = app.another_visitor();
    member.member("bo@example.nl").await;
    assert_eq!(member.get("/admin/users").await.status(), 403);

    let users = app.get("/admin/users").await.text().await.unwrap();
    assert!(users.contains("bo@example.nl"));
    let bo: uuid::Uuid = sqlx::query_scalar("select id from users where email = 'bo@example.nl'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let action = format!("/admin/users/{bo}/role");
    assert_eq!(
        app.submit("/admin/users", &action, &[("role", "researcher")])
            .await
            .status(),
        303
    );
    let role: String = sqlx::query_scalar("select role from users where id = $1")
        .bind(bo)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(role, "researcher");
    assert_eq!(
        app.submit("/admin/users", &action, &[("role", "emperor")])
            .await
            .status(),
        400
    );
    let me: uuid::Uuid =
        sqlx::query_scalar("select id from users where email = 'admin@example.nl'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(
        app.submit(
            "/admin/users",
            &format!("/admin/users/{me}/role"),
            &[("role", "member")]
        )
        .await
        .status(),
        400
    );

    let audit = app.get("/admin/audit").await.text().await.unwrap();
    assert!(audit.contains("role_changed") && audit.contains("researcher"));
    assert!(audit.contains("login_success"));

    // Lists that grow are paged, 100 to a page, nobody left out.
    sqlx::query(
        "insert into users (email, display_name, password_hash)
         select 'u' || lpad(n::text, 3, '0') || '@example.nl', 'U' || n, 'x' from generate_series(1, 150) n",
    )
    .execute(&app.db)
    .await
    .unwrap();
    sqlx::query(
        "insert into audit_events (event, detail) select 'login_failure', '{}'::jsonb from generate_series(1, 250)",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let first = app.get("/admin/users").await.text().await.unwrap();
    assert!(first.contains("/admin/users?page=2"), "{first}");
    let second = app.get("/admin/users?page=2").await.text().await.unwrap();
    let listed = |html: &str| html.matches("<tr><td>").count();
    assert_eq!(
        listed(&first) + listed(&second),
        152,
        "every account on one of the pages"
    );
    let last = app.get("/admin/audit?page=3").await.text().await.unwrap();
    assert!(last.contains("aria-current=\"page\">3<"), "{last}");
    assert_eq!(app.get("/admin/audit?page=nonsense").await.status(), 200);
}

#[tokio::test]
async fn behind_https_cookies_are_secure_and_host_prefixed() {
    let app =
        crate::harness::spawn_app_configured(|c| c.base_url = "https://hub.example".into()).await;
    // Cookies sent by hand: a cookie store would keep Secure cookies from plain http.
    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let set_cookie = |r: &reqwest::Response, prefix: &str| {
        r.headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .find(|c| c.starts_with(prefix))
    };
    let r = bare.get(app.url("/login")).send().await.unwrap();
    let csrf = set_cookie(&r, "__Host-csrf=").expect("__Host- CSRF cookie");
    assert!(
        r.headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .contains("max-age=")
    );
    let pair = csrf.split(';').next().unwrap().to_string();
    let token = csrf_of(&r.text().await.unwrap());
    let registered = bare
        .post(app.url("/register"))
        .header("cookie", &pair)
        .form(&[
            ("csrf_token", token.as_str()),
            ("email", "ann@example.nl"),
            ("display_name", "Ann"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(registered.status(), 200);
    let link = app.link_in_mail("ann@example.nl", "/verify/").await;
    assert_eq!(bare.get(app.url(&link)).send().await.unwrap().status(), 200);
    let r = bare
        .post(app.url("/login"))
        .header("cookie", &pair)
        .form(&[
            ("csrf_token", token.as_str()),
            ("email", "ann@example.nl"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let session = set_cookie(&r, "__Host-session=").expect("__Host- session cookie");
    for cookie in [&csrf, &session] {
        for attribute in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
            assert!(cookie.contains(attribute), "{cookie} lacks {attribute}");
        }
        assert!(
            !cookie.contains("Domain="),
            "__Host- cookies have no Domain"
        );
    }
    assert!(
        session.contains("Expires=") || session.contains("Max-Age="),
        "idle expiry: {session}"
    );
    let plain = spawn_app().await.get("/login").await;
    let cookie = plain.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("csrf=") && !cookie.contains("Secure"));
}

#[tokio::test]
async fn hashes_with_old_parameters_are_replaced_at_login() {
    let app = spawn_app().await;
    // create-admin hashes at production parameters; this app runs the test parameters.
    greenai::features::accounts::create_admin(&app.db, "admin@example.nl", PASSWORD)
        .await
        .unwrap()
        .unwrap();
    let before: String = sqlx::query_scalar("select password_hash from users")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert!(before.contains("m=19456,t=2,p=1"));
    assert_eq!(app.login("admin@example.nl", PASSWORD).await.status(), 303);
    let after: String = sqlx::query_scalar("select password_hash from users")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert!(after.contains("m=8,t=1,p=1"), "{after}");
    assert_eq!(
        app.get("/account").await.status(),
        200,
        "the rehash does not end the session"
    );
}

#[tokio::test]
async fn after_login_only_paths_of_this_site_are_followed() {
    let app = spawn_app().await;
    app.member("ann@example.nl").await;
    let go = |next: &'static str| {
        let v = app.another_visitor();
        async move {
            let page = v
                .get(&format!("/login?next={next}"))
                .await
                .text()
                .await
                .unwrap();
            let token = csrf_of(&page);
            let r = v
                .client
                .post(v.url("/login"))
                .form(&[
                    ("email", "ann@example.nl"),
                    ("password", PASSWORD),
                    ("next", next),
                    ("csrf_token", &token),
                ])
                .send()
                .await
                .unwrap();
            r.headers()["location"].to_str().unwrap().to_string()
        }
    };
    assert_eq!(go("/models").await, "/models");
    assert_eq!(go("//evil.example/x").await, "/dashboard");
    assert_eq!(go("https://evil.example/").await, "/dashboard");
    assert_eq!(go("/\\evil.example").await, "/dashboard");
}
