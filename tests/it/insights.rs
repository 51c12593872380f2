//! Insights: writing (Markdown made harmless, bounded fields), the claim checked against the
//! data, search by stem in both languages and by trigrams, helpful votes under concurrency,
//! who may edit and hide, first-post review, rate limits and the Atom feed.

use crate::accounts::csrf_of;
use crate::harness::{TestApp, spawn_app};
use serde_json::{Value, json};

/// Posts an insight through the form; returns the response (303 to its page when stored).
async fn post(app: &TestApp, fields: &[(&str, &str)]) -> reqwest::Response {
    app.submit("/insights/new", "/insights", fields).await
}

/// The id of the insight a post redirected to.
fn id_of(r: &reqwest::Response) -> String {
    let location = r.headers()["location"].to_str().unwrap();
    location.trim_start_matches("/insights/").to_string()
}

async fn researcher(app: &TestApp, email: &str) -> TestApp {
    let r = app.another_visitor();
    r.with_role(email, "researcher").await;
    clear_limits(app).await;
    r
}

/// Setting up several accounts from one address uses up its registration allowance.
async fn clear_limits(app: &TestApp) {
    sqlx::query("delete from rate_limits")
        .execute(&app.db)
        .await
        .unwrap();
}

async fn text(app: &TestApp, path: &str) -> String {
    app.get(path).await.text().await.unwrap()
}

#[tokio::test]
async fn markdown_is_rendered_harmlessly_and_fields_are_bounded() {
    let app = spawn_app().await;
    let rita = researcher(&app, "rita@example.nl").await;
    let body = "## Tip\n\n<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n[bad](javascript:alert(2)) and [ML.ENERGY](https://ml.energy/leaderboard)\n\n- one\n- two";
    let r = post(
        &rita,
        &[
            ("title", "Measure before you optimise"),
            ("body", body),
            ("category", "measuring"),
            ("lang", "en"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    let page = text(&app, &format!("/insights/{}", id_of(&r))).await;
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(!page.contains("<img src=x") && !page.contains("href=\"javascript:"));
    assert!(page.contains("<h2>Tip</h2>") && page.contains("<li>one</li>"));
    assert!(page.contains(r#"rel="nofollow ugc noopener""#));
    // Too long a text is refused with the field's message, the input kept (a megabyte of
    // Markdown renders harmlessly too: web::markdown's tests).
    let huge = "a".repeat(30_000);
    let r = post(
        &rita,
        &[
            ("title", &"t".repeat(151)),
            ("body", &huge),
            ("category", "measuring"),
            ("lang", "en"),
        ],
    )
    .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Give a title of 3 to 150 characters."),
        "{page}"
    );
    assert!(page.contains("Write a text of at most 20000 characters."));
    assert!(page.contains(&"t".repeat(151)), "the input is kept");
    // In Dutch, in Dutch.
    rita.get("/language/nl?next=/").await;
    let nl = post(
        &rita,
        &[
            ("title", "ab"),
            ("body", "x"),
            ("category", "koken"),
            ("lang", "nl"),
        ],
    )
    .await;
    assert_eq!(nl.status(), 422);
    let page = nl.text().await.unwrap();
    assert!(
        page.contains("Geef een titel") && page.contains("Kies een categorie"),
        "{page}"
    );
}

#[tokio::test]
async fn search_finds_stems_in_both_languages_and_near_matches() {
    let app = spawn_app().await;
    let rita = researcher(&app, "rita@example.nl").await;
    for (title, body, lang) in [
        (
            "Kwantisatie van grote taalmodellen",
            "Met int8 gebruiken de modellen minder energie per vraag.",
            "nl",
        ),
        (
            "Quantization halves the energy of a model",
            "We measured int4 quantization on one GPU.",
            "en",
        ),
        (
            "Solar power for training",
            "Schedule training when the sun shines.",
            "en",
        ),
    ] {
        let r = post(
            &rita,
            &[
                ("title", title),
                ("body", body),
                ("category", "quantisation"),
                ("lang", lang),
            ],
        )
        .await;
        assert_eq!(r.status(), 303);
    }
    let titles = |json: &Value| -> Vec<String> {
        json["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["title"].as_str().unwrap().to_string())
            .collect()
    };
    let search = |q: &str| {
        let app = &app;
        let q = q.to_string();
        async move {
            let json: Value = app
                .get(&format!("/api/v1/insights?q={q}"))
                .await
                .json()
                .await
                .unwrap();
            json
        }
    };
    // Dutch stemming: "modellen" is "model", so it finds the English insight's "model" too.
    let found = titles(&search("modellen").await);
    assert_eq!(found.len(), 2, "{found:?}");
    // English stemming finds the Dutch insight's "modellen" through "models".
    assert!(
        titles(&search("models").await).contains(&"Kwantisatie van grote taalmodellen".to_string())
    );
    // A spelling the stemmer does not join: trigrams do.
    let near = titles(&search("quantisation").await);
    assert!(
        near.contains(&"Quantization halves the energy of a model".to_string()),
        "{near:?}"
    );
    assert!(!near.contains(&"Solar power for training".to_string()));
    // Matches are marked on the page, escaped.
    let page = text(&app, "/insights?q=energie").await;
    assert!(page.contains("<mark>energie</mark>"), "{page}");
    // Filters.
    let json: Value = app
        .get("/api/v1/insights?lang=nl")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json["total"], 1);
}

/// Submits a measurement through the API; returns its id.
async fn measured(app: &TestApp, token: &str, energy: &str, precision: &str) -> String {
    let r = crate::measurements::post_api(
        app,
        token,
        &json!({
            "model": "Qwen 3 8B", "task": "text-generation", "hardware": "NVIDIA A100 80GB PCIe",
            "energy": energy, "duration": "1 h", "queries": 1000, "method": "nvml",
            "measured_on": "2026-02-01", "precision": precision
        }),
    )
    .await;
    assert_eq!(r.status(), 201);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["status"], "verified");
    body["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_claim_is_checked_against_the_current_verified_figures() {
    let app = spawn_app().await;
    greenai::demo::seed_catalogues(&app.db).await.unwrap();
    app.member("ann@example.nl").await;
    let token = crate::measurements::api_token(&app).await;
    let mut int8 = Vec::new();
    for e in ["10 Wh", "20 Wh", "30 Wh"] {
        int8.push(measured(&app, &token, e, "int8").await);
    }
    let mut fp16 = Vec::new();
    for e in ["40 Wh", "50 Wh"] {
        fp16.push(measured(&app, &token, e, "fp16").await);
    }
    let rita = researcher(&app, "rita@example.nl").await;
    let claim = |a: &[String], b: &[String], a_label: &str, b_label: &str| {
        vec![
            ("title".to_string(), "int8 saves energy".to_string()),
            ("body".to_string(), "See the figures.".to_string()),
            ("category".to_string(), "quantisation".to_string()),
            ("lang".to_string(), "en".to_string()),
            ("models".to_string(), "Qwen 3 8B".to_string()),
            (
                "measurements".to_string(),
                format!("/measurements/{}", a[0]),
            ),
            ("claim_a_label".to_string(), a_label.to_string()),
            ("claim_a".to_string(), a.join("\n")),
            ("claim_b_label".to_string(), b_label.to_string()),
            ("claim_b".to_string(), b.join(", ")),
        ]
    };
    let fields = claim(&int8, &fp16, "int8", "fp16");
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = post(&rita, &fields).await;
    assert_eq!(r.status(), 303);
    let path = format!("/insights/{}", id_of(&r));
    // int8: 10, 20, 30 (median 20, IQR 15–25); fp16: 40, 50 (median 45): −55.56 %.
    let page = text(&app, &path).await;
    assert!(
        page.contains("The data supports this claim: the median changes by -55.56 %."),
        "{page}"
    );
    assert!(page.contains("<td class=\"num\">20.00</td><td class=\"num\">15.00 – 25.00</td><td class=\"num\">3</td>"), "{page}");
    // The insight shows on the model's page.
    assert!(text(&app, "/models/qwen3-8b").await.contains(&path));
    // A researcher rejects one of the int8 measurements: 20, 30 (median 25) against 45.
    let field = format!("m_{}", int8[0]);
    let moderator = rita;
    let r = moderator
        .submit(
            &format!("/measurements/{}", int8[0]),
            "/moderation",
            &[
                (field.as_str(), "on"),
                ("action", "reject"),
                ("reason", "wrong units"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let page = text(&app, &path).await;
    assert!(page.contains("the median changes by -44.44 %."), "{page}");
    assert!(page.contains("1 of the measurements this claim names is no longer verified"));
    assert!(
        page.contains("rejected since"),
        "the linked measurement says so"
    );
    // A claim the data contradicts is named as such.
    let fields = claim(&fp16, &int8, "fp16", "int8");
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = post(&moderator, &fields).await;
    let page = text(&app, &format!("/insights/{}", id_of(&r))).await;
    assert!(
        page.contains("The data does not support this claim: the median changes by +80.00 %."),
        "{page}"
    );
    // Sides of different models or tasks are refused.
    let other = app.another_visitor();
    other.member("bo@example.nl").await;
    let bo = crate::measurements::api_token(&other).await;
    let r = crate::measurements::post_api(
        &app,
        &bo,
        &json!({
            "model": "Qwen 3 14B", "task": "text-generation", "hardware": "NVIDIA A100 80GB PCIe",
            "energy": "90 Wh", "duration": "1 h", "queries": 1000, "method": "nvml",
            "measured_on": "2026-02-01"
        }),
    )
    .await;
    let mixed: Value = r.json().await.unwrap();
    let fields = claim(
        &[mixed["id"].as_str().unwrap().to_string()],
        &fp16,
        "14B",
        "8B fp16",
    );
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = post(&moderator, &fields).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("one model and one task"));
}

#[tokio::test]
async fn helpful_votes_count_once_each_however_many_click_at_once() {
    let app = spawn_app().await;
    let rita = researcher(&app, "rita@example.nl").await;
    let r = post(
        &rita,
        &[
            ("title", "Batch your queries"),
            ("body", "Bigger batches, less energy per query."),
            ("category", "inference"),
            ("lang", "en"),
        ],
    )
    .await;
    let id = id_of(&r);
    let mut voters = Vec::new();
    for i in 0..6 {
        let v = app.another_visitor();
        v.member(&format!("voter{i}@example.nl")).await;
        clear_limits(&app).await;
        let token = csrf_of(&text(&v, &format!("/insights/{id}")).await);
        voters.push((v, token));
    }
    let mut clicks = Vec::new();
    for (v, token) in &voters {
        for _ in 0..3 {
            let (client, url, token) = (
                v.client.clone(),
                v.url(&format!("/insights/{id}/helpful")),
                token.clone(),
            );
            clicks.push(tokio::spawn(async move {
                client
                    .post(url)
                    .form(&[("csrf_token", token)])
                    .send()
                    .await
                    .unwrap()
                    .status()
            }));
        }
    }
    for c in clicks {
        assert_eq!(c.await.unwrap(), 303);
    }
    let count: i32 = sqlx::query_scalar("select helpful_count from insights where id = $1::uuid")
        .bind(&id)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(count, 6);
    let votes: i64 = sqlx::query_scalar("select count(*) from insight_votes")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(votes, 6);
}

#[tokio::test]
async fn first_posts_wait_for_review_only_authors_edit_and_only_researchers_hide() {
    let app = spawn_app().await;
    app.member("ann@example.nl").await;
    let fields = [
        ("title", "Distil first"),
        (
            "body",
            "A distilled model answered as well at a third of the energy.",
        ),
        ("category", "distillation"),
        ("lang", "en"),
    ];
    let r = post(&app, &fields).await;
    assert_eq!(r.status(), 303);
    let id = id_of(&r);
    let path = format!("/insights/{id}");
    // Waiting: its author sees it, nobody else does, and it is not listed.
    assert!(text(&app, &path).await.contains("a researcher reviews it"));
    let anonymous = app.another_visitor();
    assert_eq!(anonymous.get(&path).await.status(), 404);
    assert!(!text(&anonymous, "/insights").await.contains("Distil first"));
    let rita = researcher(&app, "rita@example.nl").await;
    assert!(
        text(&rita, "/moderation/insights")
            .await
            .contains("Distil first")
    );
    let r = rita
        .submit(
            "/moderation/insights",
            &format!("/moderation/insights/{id}"),
            &[("action", "publish")],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(anonymous.get(&path).await.status(), 200);
    // The second insight needs no review.
    let r = post(
        &app,
        &[
            ("title", "And then quantise"),
            ("body", "int8 after distillation."),
            ("category", "quantisation"),
            ("lang", "en"),
        ],
    )
    .await;
    assert_eq!(
        anonymous
            .get(&format!("/insights/{}", id_of(&r)))
            .await
            .status(),
        200
    );

    // Only its author edits; the history keeps the version replaced.
    let bo = app.another_visitor();
    bo.member("bo@example.nl").await;
    clear_limits(&app).await;
    assert_eq!(bo.get(&format!("{path}/edit")).await.status(), 403);
    let token = csrf_of(&text(&bo, &path).await);
    let r = bo
        .client
        .post(bo.url(&format!("{path}/edit")))
        .form(&[
            ("csrf_token", token.as_str()),
            ("title", "Mine now"),
            ("body", "x"),
            ("category", "other"),
            ("lang", "en"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let mut edited = fields.to_vec();
    edited[0] = ("title", "Distil first, then measure");
    let r = app
        .submit(&format!("{path}/edit"), &format!("{path}/edit"), &edited)
        .await;
    assert_eq!(r.status(), 303);
    let page = text(&anonymous, &path).await;
    assert!(page.contains("Distil first, then measure") && page.contains("edited (1)"));
    assert!(
        text(&anonymous, &format!("{path}/history"))
            .await
            .contains("<h2>Distil first</h2>")
    );

    // Members report; only researchers hide, with a reason mailed to the author.
    let r = bo
        .submit(&path, &format!("{path}/report"), &[("reason", "off topic")])
        .await;
    assert_eq!(r.status(), 303);
    let r = bo
        .client
        .post(bo.url(&format!("/moderation/insights/{id}")))
        .form(&[
            ("csrf_token", token.as_str()),
            ("action", "hide"),
            ("reason", "no"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // The report with the state of what it reports, in words.
    let queue = text(&rita, "/moderation/insights").await;
    assert!(
        queue.contains("off topic") && queue.contains("(visible)"),
        "{queue}"
    );
    let r = rita
        .submit(
            "/moderation/insights",
            &format!("/moderation/insights/{id}"),
            &[("action", "hide"), ("reason", "Needs sources")],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(anonymous.get(&path).await.status(), 404);
    let (subject, body): (String, String) = sqlx::query_as(
        "select subject, text_body from mail_outbox where to_address = 'ann@example.nl' order by created_at desc, id desc limit 1",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(subject, "A moderator hid your post");
    assert!(body.contains("Needs sources") && body.contains(&path));
    // Comments: posted by members, hidden by researchers.
    let r = rita
        .submit(
            "/moderation/insights",
            &format!("/moderation/insights/{id}"),
            &[("action", "restore")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let r = bo
        .submit(
            &path,
            &format!("{path}/comments"),
            &[("body", "Which GPU was this?")],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert!(
        text(&anonymous, &path)
            .await
            .contains("Which GPU was this?")
    );
    // Its author deletes it: gone for everyone.
    let r = app.submit(&path, &format!("{path}/delete"), &[]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(anonymous.get(&path).await.status(), 404);
}

#[tokio::test]
async fn new_accounts_post_a_few_insights_an_hour() {
    let app = spawn_app().await;
    let rita = researcher(&app, "rita@example.nl").await;
    for n in 0..3 {
        let title = format!("Tip number {n}");
        let r = post(
            &rita,
            &[
                ("title", &title),
                ("body", "Short."),
                ("category", "other"),
                ("lang", "en"),
            ],
        )
        .await;
        assert_eq!(r.status(), 303);
    }
    let r = post(
        &rita,
        &[
            ("title", "One too many"),
            ("body", "Short."),
            ("category", "other"),
            ("lang", "en"),
        ],
    )
    .await;
    assert_eq!(r.status(), 429);
    assert!(r.headers().get("retry-after").is_some());
    // Too many links in one post is a message, not a post.
    sqlx::query("delete from rate_limits")
        .execute(&app.db)
        .await
        .unwrap();
    let links = (0..16)
        .map(|i| format!("[{i}](https://example.org/{i})"))
        .collect::<Vec<_>>()
        .join(" ");
    let r = post(
        &rita,
        &[
            ("title", "Linky"),
            ("body", &links),
            ("category", "other"),
            ("lang", "en"),
        ],
    )
    .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("at most 15 links"));
}

#[tokio::test]
async fn the_feed_is_valid_atom_per_category() {
    let app = spawn_app().await;
    let rita = researcher(&app, "rita@example.nl").await;
    for (title, category) in [
        ("Prune & <measure>", "pruning"),
        ("Green power", "renewables"),
    ] {
        post(
            &rita,
            &[
                ("title", title),
                ("body", "**Bold** claim."),
                ("category", category),
                ("lang", "en"),
            ],
        )
        .await;
    }
    let r = app.get("/insights/feed.atom").await;
    assert_eq!(
        r.headers()["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let xml = r.text().await.unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    for required in ["id", "title", "updated"] {
        assert!(
            feed.children().any(|c| c.tag_name().name() == required),
            "{required}"
        );
    }
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.tag_name().name() == "entry")
        .collect();
    assert_eq!(entries.len(), 2);
    for e in &entries {
        for required in ["id", "title", "updated", "author", "link", "content"] {
            assert!(
                e.children().any(|c| c.tag_name().name() == required),
                "{required}"
            );
        }
    }
    assert!(xml.contains("Prune &amp; &lt;measure&gt;"));
    let pruning = app
        .get("/insights/feed.atom?category=pruning")
        .await
        .text()
        .await
        .unwrap();
    let doc = roxmltree::Document::parse(&pruning).unwrap();
    assert_eq!(
        doc.root_element()
            .children()
            .filter(|c| c.tag_name().name() == "entry")
            .count(),
        1
    );
}

#[tokio::test]
async fn the_insight_queue_pages_through_what_waits() {
    let app = spawn_app().await;
    app.with_role("rita@example.nl", "researcher").await;
    sqlx::query(
        "insert into insights (author_id, title, body, body_html, category, lang, status)
         select (select id from users limit 1), 'Waiting ' || lpad(n::text, 3, '0'), 'b', '<p>b</p>', 'other', 'en', 'pending'
           from generate_series(1, 120) n",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let first = text(&app, "/moderation/insights").await;
    assert!(
        first.contains("(120)"),
        "the count is of all, not of the page"
    );
    assert_eq!(first.matches("Waiting ").count(), 50);
    assert!(
        first.contains("/moderation/insights?waiting=3&#38;reports=1"),
        "{first}"
    );
    let third = text(&app, "/moderation/insights?waiting=3").await;
    assert_eq!(third.matches("Waiting ").count(), 20);
    let mut seen = std::collections::BTreeSet::new();
    for page in 1..=3 {
        let html = text(&app, &format!("/moderation/insights?waiting={page}")).await;
        for t in html.split("Waiting ").skip(1) {
            seen.insert(t[..3].to_string());
        }
    }
    assert_eq!(seen.len(), 120, "each waits on exactly one page");
}
