//! Research topics: the workflow with its bad paths, capacity under concurrent decisions,
//! mails in each recipient's language, and sign-ups in the export and erased with the account.

use crate::accounts::csrf_of;
use crate::harness::{TestApp, spawn_app};

async fn clear_limits(app: &TestApp) {
    sqlx::query("delete from rate_limits")
        .execute(&app.db)
        .await
        .unwrap();
}

async fn text(app: &TestApp, path: &str) -> String {
    app.get(path).await.text().await.unwrap()
}

/// A researcher's new topic; returns its id.
pub async fn topic(researcher: &TestApp, capacity: &str, supervisors: &str) -> String {
    let r = researcher
        .submit(
            "/topics/new",
            "/topics",
            &[
                ("line", "energy-efficiency"),
                ("title", "Measure Llama 3.1 8B on consumer GPUs"),
                (
                    "summary",
                    "Measure and share the energy of one model on the GPUs people own.",
                ),
                ("description", "## What\n\nMeasure with **CodeCarbon**."),
                ("kind", "contributor-project"),
                ("capacity", capacity),
                ("deadline", "2099-12-31"),
                ("status", "open"),
                ("supervisors", supervisors),
            ],
        )
        .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let location = r.headers()["location"].to_str().unwrap().to_string();
    location
        .trim_start_matches("/topics/")
        .trim_end_matches("/dashboard")
        .to_string()
}

const MOTIVATION: &str = "I measured my own RTX 4090 for a year and want to learn to do it well.";

async fn mails_to(app: &TestApp, to: &str) -> Vec<(String, String)> {
    sqlx::query_as(
        "select subject, text_body from mail_outbox where to_address = $1 order by created_at, id",
    )
    .bind(to)
    .fetch_all(&app.db)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_student_signs_up_and_a_supervisor_decides() {
    let app = spawn_app().await;
    let rita = app.another_visitor();
    rita.with_role("rita@example.nl", "researcher").await;
    clear_limits(&app).await;
    let id = topic(&rita, "1", "rita@example.nl").await;
    let path = format!("/topics/{id}");
    assert!(text(&app, "/topics").await.contains("Measure Llama 3.1 8B"));
    assert!(text(&app, &path).await.contains("<h2>What</h2>"));

    // A Dutch-speaking student.
    let sam = app.another_visitor();
    sam.member("sam@example.nl").await;
    clear_limits(&app).await;
    sqlx::query("update users set language = 'nl' where email = 'sam@example.nl'")
        .execute(&app.db)
        .await
        .unwrap();
    // Too short a motivation: the message (in the student's language), the input kept.
    let signup = format!("{path}/signup");
    let r = sam
        .submit(
            &path,
            &signup,
            &[("motivation", "Short."), ("level", "master")],
        )
        .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("tussen 50 en 5000") && page.contains(">Short.</textarea>"),
        "{page}"
    );
    let fields = [
        ("motivation", MOTIVATION),
        ("level", "master"),
        ("organisation", "TU Delft"),
        ("hours_per_week", "8"),
    ];
    let r = sam.submit(&path, &signup, &fields).await;
    assert_eq!(r.status(), 303);
    // Once only.
    let r = sam.submit(&path, &signup, &fields).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("al aangemeld"));
    // Mails: the student's in Dutch, the supervisor's in English.
    let to_sam = mails_to(&app, "sam@example.nl").await;
    assert_eq!(to_sam.last().unwrap().0, "Je aanmelding is binnen");
    let to_rita = mails_to(&app, "rita@example.nl").await;
    assert_eq!(to_rita.last().unwrap().0, "A new sign-up for your topic");
    // Their own sign-ups; nobody else's.
    let mine = text(&sam, "/signups").await;
    assert!(mine.contains("wacht op een besluit"), "{mine}");
    let signup_id: String = sqlx::query_scalar("select id::text from signups")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let kim = app.another_visitor();
    kim.member("kim@example.nl").await;
    clear_limits(&app).await;
    let token = csrf_of(&text(&kim, "/signups").await);
    let r = kim
        .client
        .post(kim.url(&format!("/signups/{signup_id}/withdraw")))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(kim.get(&format!("{path}/dashboard")).await.status(), 403);
    // The supervisor sees the candidate and accepts, with a message mailed in Dutch.
    let dashboard = text(&rita, &format!("{path}/dashboard")).await;
    assert!(dashboard.contains(MOTIVATION) && dashboard.contains("TU Delft"));
    let r = rita
        .submit(
            &format!("{path}/dashboard"),
            &format!("/signups/{signup_id}/decide"),
            &[("decision", "accept"), ("message", "Welkom!")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let (subject, body) = mails_to(&app, "sam@example.nl").await.pop().unwrap();
    assert_eq!(subject, "Een besluit over je aanmelding");
    assert!(
        body.contains("geaccepteerd") && body.contains("Welkom!"),
        "{body}"
    );
    // Full: a new sign-up goes on the waitlist, and accepting it would pass capacity.
    let r = kim.submit(&path, &signup, &fields).await;
    assert_eq!(r.status(), 303);
    let (kim_signup, status): (String, String) = sqlx::query_as(
        "select s.id::text, s.status from signups s join users u on u.id = s.user_id
          where u.email = 'kim@example.nl'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(status, "waitlisted");
    let r = rita
        .submit(
            &format!("{path}/dashboard"),
            &format!("/signups/{kim_signup}/decide"),
            &[("decision", "accept")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let status: String = sqlx::query_scalar("select status from signups where id = $1::uuid")
        .bind(&kim_signup)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(status, "waitlisted", "capacity 1 is taken");
    // The CSV for the topic's staff.
    let csv = rita.get(&format!("{path}/signups.csv")).await;
    assert_eq!(csv.status(), 200);
    assert!(csv.text().await.unwrap().contains("sam@example.nl"));
    // After the deadline nobody signs up.
    sqlx::query("update topics set capacity = 5, deadline = '2020-01-01'")
        .execute(&app.db)
        .await
        .unwrap();
    let lou = app.another_visitor();
    lou.member("lou@example.nl").await;
    clear_limits(&app).await;
    let r = lou.submit(&path, &signup, &fields).await;
    assert_eq!(r.status(), 422);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Sign-ups for this topic are closed")
    );
    assert!(!text(&app, "/topics").await.contains("Measure Llama 3.1 8B"));
    // An unverified member may not sign up.
    sqlx::query("update topics set deadline = '2099-12-31'")
        .execute(&app.db)
        .await
        .unwrap();
    sqlx::query("update users set email_verified_at = null where email = 'lou@example.nl'")
        .execute(&app.db)
        .await
        .unwrap();
    let token = csrf_of(&text(&lou, &path).await);
    let r = lou
        .client
        .post(lou.url(&signup))
        .form(&[
            ("csrf_token", token.as_str()),
            ("motivation", MOTIVATION),
            ("level", "master"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn accepted_sign_ups_never_exceed_capacity_however_many_decide_at_once() {
    let app = spawn_app().await;
    let rita = app.another_visitor();
    rita.with_role("rita@example.nl", "researcher").await;
    let otto = app.another_visitor();
    otto.with_role("otto@example.nl", "researcher").await;
    clear_limits(&app).await;
    let id = topic(&rita, "3", "rita@example.nl\notto@example.nl").await;
    // Ten candidates.
    sqlx::query(
        "insert into users (email, display_name, password_hash, email_verified_at)
         select 'c' || i || '@example.nl', 'Candidate ' || i, '!', now() from generate_series(1, 10) i",
    )
    .execute(&app.db)
    .await
    .unwrap();
    sqlx::query(
        "insert into signups (topic_id, user_id, motivation, level)
         select $1::uuid, id, repeat('m', 60), 'master' from users where email like 'c%@example.nl'",
    )
    .bind(&id)
    .execute(&app.db)
    .await
    .unwrap();
    let ids: Vec<String> = sqlx::query_scalar("select id::text from signups")
        .fetch_all(&app.db)
        .await
        .unwrap();
    let dashboard = format!("/topics/{id}/dashboard");
    let tokens = [
        csrf_of(&text(&rita, &dashboard).await),
        csrf_of(&text(&otto, &dashboard).await),
    ];
    let mut decisions = Vec::new();
    for (n, signup) in ids.iter().enumerate() {
        let who = if n % 2 == 0 { &rita } else { &otto };
        let (client, url, token) = (
            who.client.clone(),
            who.url(&format!("/signups/{signup}/decide")),
            tokens[n % 2].clone(),
        );
        decisions.push(tokio::spawn(async move {
            client
                .post(url)
                .form(&[("csrf_token", token.as_str()), ("decision", "accept")])
                .send()
                .await
                .unwrap()
                .status()
        }));
    }
    for d in decisions {
        assert_eq!(d.await.unwrap(), 303);
    }
    let accepted: i64 =
        sqlx::query_scalar("select count(*) from signups where status = 'accepted'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(accepted, 3);
}

#[tokio::test]
async fn sign_ups_are_in_the_export_and_erased_with_the_account() {
    let app = spawn_app().await;
    let rita = app.another_visitor();
    rita.with_role("rita@example.nl", "researcher").await;
    clear_limits(&app).await;
    let id = topic(&rita, "2", "rita@example.nl").await;
    app.member("sam@example.nl").await;
    let path = format!("/topics/{id}");
    let r = app
        .submit(
            &path,
            &format!("{path}/signup"),
            &[("motivation", MOTIVATION), ("level", "phd")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let export: serde_json::Value = app.get("/account/export").await.json().await.unwrap();
    assert_eq!(export["topic_signups"][0]["motivation"], MOTIVATION);
    let r = app
        .submit(
            "/account/delete",
            "/account/delete",
            &[("current_password", crate::accounts::PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), 303);
    let left: i64 = sqlx::query_scalar("select count(*) from signups")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(left, 0);
}

#[tokio::test]
async fn undecided_sign_ups_close_politely_and_declined_ones_are_erased_later() {
    let app = spawn_app().await;
    let rita = app.another_visitor();
    rita.with_role("rita@example.nl", "researcher").await;
    clear_limits(&app).await;
    let id = topic(&rita, "2", "rita@example.nl").await;
    sqlx::query(
        "insert into users (email, display_name, password_hash, email_verified_at, language)
         values ('p@example.nl', 'P', '!', now(), 'nl'), ('d@example.nl', 'D', '!', now(), 'en')",
    )
    .execute(&app.db)
    .await
    .unwrap();
    sqlx::query(
        "insert into signups (topic_id, user_id, motivation, level, status)
         select $1::uuid, id, repeat('m', 60), 'master',
                case when email = 'p@example.nl' then 'pending' else 'declined' end
           from users where email in ('p@example.nl', 'd@example.nl')",
    )
    .bind(&id)
    .execute(&app.db)
    .await
    .unwrap();
    let config = crate::harness::test_config(None);
    // Within the time to decide: nothing happens.
    sqlx::query("update topics set deadline = current_date - 10")
        .execute(&app.db)
        .await
        .unwrap();
    let done = greenai::features::topics::housekeeping::run(&app.db, &config)
        .await
        .unwrap();
    assert_eq!((done.closed, done.erased), (0, 0));
    // 31 days after the deadline: the pending one is closed, with a mail in Dutch.
    sqlx::query("update topics set deadline = current_date - 31")
        .execute(&app.db)
        .await
        .unwrap();
    let done = greenai::features::topics::housekeeping::run(&app.db, &config)
        .await
        .unwrap();
    assert_eq!((done.closed, done.erased), (1, 0));
    assert_eq!(
        mails_to(&app, "p@example.nl").await.pop().unwrap().0,
        "Je aanmelding is gesloten"
    );
    // 181 days after: declined and closed sign-ups are erased.
    sqlx::query("update topics set deadline = current_date - 181")
        .execute(&app.db)
        .await
        .unwrap();
    let done = greenai::features::topics::housekeeping::run(&app.db, &config)
        .await
        .unwrap();
    assert_eq!(done.erased, 2);
}

#[tokio::test]
async fn a_gap_in_the_data_becomes_a_topic_whose_progress_follows_the_measurements() {
    let app = spawn_app().await;
    greenai::demo::seed_catalogues(&app.db).await.unwrap();
    let rita = app.another_visitor();
    rita.with_role("rita@example.nl", "researcher").await;
    clear_limits(&app).await;
    let gaps = text(&rita, "/research/gaps").await;
    assert!(gaps.contains("Desktop GPUs"), "{gaps}");
    let r = rita
        .submit(
            "/research/gaps",
            "/research/gaps/topic",
            &[("task", "text-generation"), ("hardware", "consumer")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let edit = r.headers()["location"].to_str().unwrap().to_string();
    let id = edit
        .trim_start_matches("/topics/")
        .trim_end_matches("/edit")
        .to_string();
    let draft = text(&rita, &edit).await;
    assert!(
        draft.contains("Measure Text generation and chat: Desktop GPUs"),
        "{draft}"
    );
    sqlx::query("update topics set status = 'open'")
        .execute(&app.db)
        .await
        .unwrap();
    // A participant signs up and measures on a desktop GPU; a measurement on a data-centre
    // GPU does not count.
    app.member("sam@example.nl").await;
    let path = format!("/topics/{id}");
    let r = app
        .submit(
            &path,
            &format!("{path}/signup"),
            &[("motivation", MOTIVATION), ("level", "professional")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let token = crate::measurements::api_token(&app).await;
    for hardware in ["RTX 4090", "RTX 4090", "NVIDIA A100 80GB PCIe"] {
        let r = crate::measurements::post_api(
            &app,
            &token,
            &serde_json::json!({
                "model": "Qwen 3 8B", "task": "text-generation", "hardware": hardware,
                "energy": "60 Wh", "duration": "1 h", "queries": 1000, "method": "nvml",
                "measured_on": "2026-02-01"
            }),
        )
        .await;
        assert_eq!(r.status(), 201);
    }
    let page = text(&app, &path).await;
    assert!(page.contains(r#"<progress max="10" value="2">"#), "{page}");
    assert!(page.contains("/leaderboards/text-generation?hardware=consumer"));
}

#[tokio::test]
async fn the_topics_feed_is_atom() {
    let app = spawn_app().await;
    let rita = app.another_visitor();
    rita.with_role("rita@example.nl", "researcher").await;
    topic(&rita, "1", "rita@example.nl").await;
    let xml = text(&app, "/topics/feed.atom").await;
    let doc = roxmltree::Document::parse(&xml).expect("well-formed");
    let entries = doc
        .root_element()
        .children()
        .filter(|c| c.tag_name().name() == "entry")
        .count();
    assert_eq!(entries, 1);
}
