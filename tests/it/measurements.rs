//! Measurements through every way in, with good and bad input; moderation; the page.

use crate::accounts::{PASSWORD, csrf_of};
use crate::harness::{TestApp, spawn_app};
use serde_json::{Value, json};

include!("../../data/published/published.rs");

/// A clean measurement: an A100 at 250 W for an hour, 1,000 chat queries.
fn good() -> Vec<(&'static str, &'static str)> {
    vec![
        ("model", "Qwen 3 8B"),
        ("task", "text-generation"),
        ("hardware", "NVIDIA A100 80GB PCIe"),
        ("device_count", "1"),
        ("energy_value", "0,25"),
        ("energy_unit", "kWh"),
        ("duration_value", "1"),
        ("duration_unit", "h"),
        ("queries", "1.000"),
        ("output_tokens", "300000"),
        ("precision", "bf16"),
        ("opt_quantization", "on"),
        ("method", "nvml"),
        ("region", "NL"),
        ("measured_on", "2026-01-15"),
        ("notes", "vLLM 0.6, batch 8"),
    ]
}

fn with(
    fields: &[(&'static str, &'static str)],
    changes: &[(&'static str, &'static str)],
) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<_> = fields
        .iter()
        .filter(|(k, _)| !changes.iter().any(|(c, _)| c == k))
        .cloned()
        .collect();
    out.extend_from_slice(changes);
    out
}

async fn count(app: &TestApp) -> i64 {
    sqlx::query_scalar("select count(*) from measurements")
        .fetch_one(&app.db)
        .await
        .unwrap()
}

async fn setup() -> TestApp {
    let app = spawn_app().await;
    greenai::demo::seed_catalogues(&app.db).await.unwrap();
    app.member("ann@example.nl").await;
    app
}

#[tokio::test]
async fn a_verified_member_submits_by_form_and_everyone_sees_it() {
    let app = setup().await;
    let r = app
        .submit("/measurements/new", "/measurements/new", &good())
        .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let path = r.headers()["location"].to_str().unwrap().to_string();
    let html = app.get(&path).await.text().await.unwrap();
    assert!(html.contains("Your measurement is stored and published"));
    // Published at once, and honest that nobody has checked it yet.
    assert!(html.contains("Qwen 3 8B") && html.contains("self-reported, not checked yet"));
    assert!(html.contains("250")); // Wh per 1,000 queries
    assert!(html.contains("0,25 kWh"), "the value as typed");
    // 0.25 kWh × 374.34 g/kWh (NL) = 93.6 g
    assert!(html.contains("93.6 g CO2e"), "{html}");
    assert!(html.contains("a 1,000 W microwave running for 0.9 seconds"));
    let (status, wh, co2e): (String, f64, f64) =
        sqlx::query_as("select status, wh_per_1000_queries, co2e_g from measurements")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(status, "verified");
    assert!((wh - 250.0).abs() < 1e-9);
    assert!((co2e - 93.585).abs() < 1e-6);
    let anyone = app.another_visitor();
    let public = anyone.get_with(&path, &[("accept-language", "nl")]).await;
    assert_eq!(public.status(), 200);
    let public = public.text().await.unwrap();
    assert!(public.contains("geverifieerd"));
    assert!(
        public.contains("Kwantisatie") && public.contains("NVML / Zeus (GPU-tellers)"),
        "names, not slugs"
    );
    let mine = app.get("/measurements/mine").await.text().await.unwrap();
    assert!(mine.contains(&path));
}

#[tokio::test]
async fn bad_form_input_is_explained_per_field_and_nothing_is_stored() {
    let app = setup().await;
    let bad = with(
        &good(),
        &[
            ("energy_value", "-3"),
            ("duration_value", "abc"),
            ("queries", "0"),
            ("task", "knitting"),
            ("hardware", "Commodore 64"),
            ("pue", "7"),
            ("measured_on", "2099-01-01"),
            ("source_url", "javascript:alert(1)"),
        ],
    );
    let r = app
        .submit("/measurements/new", "/measurements/new", &bad)
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    for message in [
        "This cannot be negative",
        "is not a number",
        "Give the number of queries measured",
        "Choose a task from the list",
        // An unknown device is no reason to refuse: a warning beside the field.
        "We do not know this device yet",
        "This must lie between 1.0 and 3.0",
        "This date lies in the future",
        "Enter a link starting with https://",
    ] {
        assert!(html.contains(message), "missing: {message}");
    }
    assert!(
        html.contains(r#"value="Commodore 64""#),
        "typed values are kept"
    );
    assert_eq!(count(&app).await, 0);

    sqlx::query("update users set language = 'nl'")
        .execute(&app.db)
        .await
        .unwrap();
    let nl = app.another_visitor();
    nl.login("ann@example.nl", PASSWORD).await;
    let page = nl
        .get_with("/measurements/new", &[("accept-language", "nl")])
        .await
        .text()
        .await
        .unwrap();
    let mut fields = with(&good(), &[("energy_value", "12"), ("energy_unit", "W")]);
    let token = csrf_of(&page);
    fields.push(("csrf_token", &token));
    let r = nl
        .client
        .post(nl.url("/measurements/new"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    let html = r.text().await.unwrap();
    assert!(
        html.contains("is een eenheid van een vermogen"),
        "messages in the account's language: {html}"
    );
}

#[tokio::test]
async fn unusual_figures_are_confirmed_then_moderated() {
    let app = setup().await;
    // 5 kWh in an hour on one A100 is 5 kW: far above its 300 W.
    let flagged = with(&good(), &[("energy_value", "5")]);
    let first = app
        .submit("/measurements/new", "/measurements/new", &flagged)
        .await;
    assert_eq!(first.status(), 200);
    let html = first.text().await.unwrap();
    assert!(
        html.contains(
            "more than 1.5 × the 300 W this device is rated for (its TDP in our hardware catalogue)"
        ),
        "{html}"
    );
    assert!(html.contains("confirm_flags"));
    assert_eq!(count(&app).await, 0, "not stored before confirming");
    let confirmed = app
        .submit(
            "/measurements/new",
            "/measurements/new",
            &with(&flagged, &[("confirm_flags", "on")]),
        )
        .await;
    assert_eq!(confirmed.status(), 303);
    let path = confirmed.headers()["location"]
        .to_str()
        .unwrap()
        .to_string();
    let id = path.rsplit('/').next().unwrap().to_string();
    let (status, flags): (String, i32) =
        sqlx::query_as("select status, flag_count from measurements")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!((status.as_str(), flags), ("pending", 1));
    assert_eq!(
        app.another_visitor().get(&path).await.status(),
        404,
        "pending is not public"
    );
    assert_eq!(app.get(&path).await.status(), 200, "the submitter sees it");

    let moderator = app.another_visitor();
    moderator.with_role("mod@example.nl", "researcher").await;
    let queue = moderator.get("/moderation").await.text().await.unwrap();
    assert!(queue.contains(&id) && queue.contains("more than 1.5"));
    let field = format!("m_{id}");
    let no_reason = moderator
        .submit(
            "/moderation",
            "/moderation",
            &[(field.as_str(), "on"), ("action", "reject")],
        )
        .await;
    assert_eq!(
        no_reason.status(),
        422,
        "refused on the queue, the tick kept"
    );
    assert_eq!(
        count_status(&app, "pending").await,
        1,
        "a rejection needs a reason"
    );
    let rejected = moderator
        .submit(
            "/moderation",
            "/moderation",
            &[
                (field.as_str(), "on"),
                ("action", "reject"),
                ("reason", "5 kW on one A100 is not possible"),
            ],
        )
        .await;
    assert_eq!(rejected.status(), 303);
    assert_eq!(count_status(&app, "rejected").await, 1);
    let mail = app.mails_to("ann@example.nl").await;
    assert_eq!(mail.last().unwrap().0, "Your measurement was not accepted");
    assert!(
        mail.last()
            .unwrap()
            .1
            .contains("5 kW on one A100 is not possible")
    );
    let page = app.get(&path).await.text().await.unwrap();
    assert!(
        page.contains("— rejected (Ann): 5 kW on one A100 is not possible"),
        "history shows what, who and why: {page}"
    );
    sqlx::query("update users set language = 'nl' where email = 'mod@example.nl'")
        .execute(&app.db)
        .await
        .unwrap();
    let nl = moderator.get(&path).await.text().await.unwrap();
    assert!(
        nl.contains("— afgewezen (Ann)"),
        "in the visitor's language"
    );
    let history: Vec<(Option<String>, String)> =
        sqlx::query_as("select from_status, to_status from measurement_history order by id")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(history, vec![(Some("pending".into()), "rejected".into())]);
}

async fn count_status(app: &TestApp, status: &str) -> i64 {
    sqlx::query_scalar("select count(*) from measurements where status = $1")
        .bind(status)
        .fetch_one(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn moderators_verify_in_bulk_and_submitters_withdraw() {
    let app = setup().await;
    let flagged = with(&good(), &[("energy_value", "5"), ("confirm_flags", "on")]);
    for _ in 0..3 {
        assert_eq!(
            app.submit("/measurements/new", "/measurements/new", &flagged)
                .await
                .status(),
            303
        );
    }
    let ids: Vec<uuid::Uuid> =
        sqlx::query_scalar("select id from measurements order by created_at")
            .fetch_all(&app.db)
            .await
            .unwrap();
    let withdraw = format!("/measurements/{}/withdraw", ids[2]);
    assert_eq!(
        app.submit("/measurements/mine", &withdraw, &[])
            .await
            .status(),
        303
    );
    let moderator = app.another_visitor();
    moderator.with_role("mod@example.nl", "admin").await;
    let f0 = format!("m_{}", ids[0]);
    let f1 = format!("m_{}", ids[1]);
    let r = moderator
        .submit(
            "/moderation",
            "/moderation",
            &[
                (f0.as_str(), "on"),
                (f1.as_str(), "on"),
                ("action", "verify"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(count_status(&app, "verified").await, 2);
    assert_eq!(count_status(&app, "withdrawn").await, 1);
    // Another member cannot withdraw someone else's measurement.
    let other = app.another_visitor();
    other.member("bo@example.nl").await;
    assert_eq!(
        other
            .submit(
                "/measurements/mine",
                &format!("/measurements/{}/withdraw", ids[0]),
                &[]
            )
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn unknown_models_are_refused_unless_proposed_and_unverified_members_wait() {
    let app = setup().await;
    let unknown = with(&good(), &[("model", "GreenLM 2 Tiny")]);
    let r = app
        .submit("/measurements/new", "/measurements/new", &unknown)
        .await;
    assert_eq!(r.status(), 422);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("We do not know this model")
    );
    let proposed = with(&unknown, &[("propose_model", "on")]);
    assert_eq!(
        app.submit("/measurements/new", "/measurements/new", &proposed)
            .await
            .status(),
        303
    );
    let status: String =
        sqlx::query_scalar("select status from ai_models where slug = 'greenlm-2-tiny'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(status, "pending");
    // Clean as it is, the measurement of a proposed model waits for a researcher: it is
    // not public (page, API) until one verifies it, which approves the model too.
    let (id, held): (uuid::Uuid, String) = sqlx::query_as(
        "select m.id, m.status from measurements m join ai_models a on a.id = m.model_id
          where a.slug = 'greenlm-2-tiny'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(held, "pending");
    let outsider = app.another_visitor();
    assert_eq!(
        outsider.get(&format!("/measurements/{id}")).await.status(),
        404
    );
    let listed = outsider
        .get("/api/v1/measurements?model=greenlm-2-tiny")
        .await
        .text()
        .await
        .unwrap();
    assert!(!listed.contains(&id.to_string()), "{listed}");
    let researcher = app.another_visitor();
    researcher.with_role("rita@example.nl", "researcher").await;
    let queue = researcher.get("/moderation").await.text().await.unwrap();
    assert!(
        queue.contains(&id.to_string()) && queue.contains("The model is new"),
        "{queue}"
    );
    let r = verify_in_queue(&researcher, &id.to_string()).await;
    assert_eq!(r.status(), 303);
    let status: String =
        sqlx::query_scalar("select status from ai_models where slug = 'greenlm-2-tiny'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(status, "approved");
    assert_eq!(
        outsider.get(&format!("/measurements/{id}")).await.status(),
        200
    );
    // "meta-llama/…" style ids meet the catalogue entry.
    let by_id = with(&good(), &[("model", "Qwen/Qwen3-8B")]);
    assert_eq!(
        app.submit("/measurements/new", "/measurements/new", &by_id)
            .await
            .status(),
        303
    );

    let newcomer = app.another_visitor();
    newcomer.register("new@example.nl", "New", PASSWORD).await;
    newcomer.login("new@example.nl", PASSWORD).await;
    let r = newcomer.get("/measurements/new").await;
    assert_eq!(r.status(), 403);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Confirm your e-mail address first")
    );
}

async fn upload(
    app: &TestApp,
    file: Vec<u8>,
    name: &str,
    model: &str,
    task: &str,
    queries: &str,
) -> reqwest::Response {
    upload_with(
        app,
        file,
        name,
        &[
            ("model", model),
            ("task", task),
            ("queries_per_run", queries),
        ],
    )
    .await
}

/// Posts the upload form with these fields and a file.
async fn upload_with(
    app: &TestApp,
    file: Vec<u8>,
    name: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let page = app.get("/measurements/upload").await.text().await.unwrap();
    let mut form = reqwest::multipart::Form::new().text("csrf_token", csrf_of(&page));
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    let form = form.part(
        "file",
        reqwest::multipart::Part::bytes(file).file_name(name.to_string()),
    );
    app.client
        .post(app.url("/measurements/upload"))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// The id of the upload a preview page shows (from its cancel form, which every preview has).
fn previewed_upload(html: &str) -> String {
    html.split(r#"/cancel""#)
        .next()
        .and_then(|s| s.rsplit('/').next())
        .filter(|id| id.len() == 36)
        .unwrap_or_else(|| panic!("no preview: {html}"))
        .to_string()
}

/// A researcher ticks one measurement in the moderation queue and verifies it.
pub async fn verify_in_queue(researcher: &TestApp, id: &str) -> reqwest::Response {
    let field = format!("m_{id}");
    researcher
        .submit(
            "/moderation",
            "/moderation",
            &[(field.as_str(), "on"), ("action", "verify")],
        )
        .await
}

/// Uploads a CodeCarbon file (as Qwen 3 8B summarisation runs), then commits its preview;
/// returns the commit's answer (303 to the progress page).
pub async fn preview_and_commit(app: &TestApp, file: Vec<u8>) -> reqwest::Response {
    let preview = upload(
        app,
        file,
        "emissions.csv",
        "Qwen 3 8B",
        "summarization",
        "1",
    )
    .await;
    assert_eq!(preview.status(), 200);
    let html = preview.text().await.unwrap();
    let id = previewed_upload(&html);
    app.submit(
        "/measurements/upload",
        &format!("/measurements/upload/{id}/commit"),
        &[],
    )
    .await
}

#[tokio::test]
async fn codecarbon_files_are_previewed_then_imported_all_at_once() {
    let app = setup().await;
    let cases = [
        (
            "codecarbon/m1-pro-codecarbon-3.0.4.csv",
            "summarization",
            "1",
            4,
            3.99221787671858e-05,
        ),
        (
            "codecarbon/m1-pro-summarization-codecarbon.csv",
            "summarization",
            "1",
            6,
            1.9738477047602982e-05,
        ),
        (
            "codecarbon/v100-bert-pruning-codecarbon-2.4.2.csv",
            "fine-tuning",
            "",
            6934,
            255.36454757911335,
        ),
    ];
    for (file, task, queries, rows, kwh) in cases {
        let bytes = published(file);
        let before = count(&app).await;
        let preview = upload(&app, bytes.clone(), file, "Qwen 3 8B", task, queries).await;
        assert_eq!(preview.status(), 200, "{file}");
        let html = preview.text().await.unwrap();
        assert!(html.contains(&format!("<dd>{rows}</dd>")), "{file}: {html}");
        // The figure column is headed by what it holds: per 1,000 queries, or per run.
        let unit = if queries.is_empty() {
            "kWh per run"
        } else {
            "Wh per 1,000 queries"
        };
        assert!(html.contains(&format!(">{unit}</th>")), "{file}: {html}");
        assert!(!html.contains(" kWh</td>\n") || queries.is_empty());
        assert_eq!(count(&app).await, before, "the preview stores nothing");
        let id = previewed_upload(&html);
        let r = app
            .submit(
                "/measurements/upload",
                &format!("/measurements/upload/{id}/commit"),
                &[],
            )
            .await;
        assert_eq!(r.status(), 303, "{file}");
        let progress = r.headers()["location"].to_str().unwrap().to_string();
        follow_until_done(&app, &progress, rows).await;
        assert_eq!(count(&app).await - before, rows as i64, "{file}");
        let total: f64 = sqlx::query_scalar("select sum(energy_j) / 3.6e6 from measurements where upload_id = (select upload_id from measurements order by created_at desc limit 1)")
            .fetch_one(&app.db).await.unwrap();
        assert!(
            (total - kwh).abs() <= 1e-9 * kwh,
            "{file}: stored {total} kWh, file {kwh} kWh"
        );
        // The same file again: every run is already there, so nothing is offered to store —
        // the preview says so and offers only to cancel.
        let again = upload(&app, bytes, file, "Qwen 3 8B", task, queries)
            .await
            .text()
            .await
            .unwrap();
        let facts = |html: &str| -> Vec<String> {
            html.split("<dd>")
                .skip(1)
                .map(|d| d.split('<').next().unwrap().to_string())
                .collect()
        };
        let f = facts(&again);
        assert_eq!(f[1], "0", "{file}: nothing new to store: {again}");
        assert_eq!(f[3], rows.to_string(), "{file}: all skipped: {again}");
        assert!(again.contains("nothing to add"), "{again}");
        assert!(!again.contains("/commit\""), "{file}: no commit button");
        let id = previewed_upload(&again);
        let r = app
            .submit(
                "/measurements/upload",
                &format!("/measurements/upload/{id}/cancel"),
                &[],
            )
            .await;
        assert_eq!(r.status(), 303);
        assert_eq!(r.headers()["location"], "/measurements/upload");
        let form = app.get("/measurements/upload").await.text().await.unwrap();
        assert!(form.contains("The preview is cancelled"), "{form}");
        let left: i64 =
            sqlx::query_scalar("select count(*) from pending_uploads where id = $1::uuid")
                .bind(&id)
                .fetch_one(&app.db)
                .await
                .unwrap();
        assert_eq!(left, 0, "a cancelled preview keeps no file");
        // A committed or cancelled preview cannot be committed (again).
        let r = app
            .submit(
                "/measurements/upload",
                &format!("/measurements/upload/{id}/commit"),
                &[],
            )
            .await;
        assert_eq!(r.status(), 404);
        assert_eq!(
            count(&app).await - before,
            rows as i64,
            "{file}: runs are imported once"
        );
    }
    let rejected = upload(
        &app,
        published(cases[2].0),
        "x.csv",
        "Qwen 3 8B",
        "fine-tuning",
        "",
    )
    .await;
    let html = rejected.text().await.unwrap();
    assert!(
        html.contains("Row 1979: “duration” is empty."),
        "rejected rows are named"
    );
}

/// Follows the progress page (which refreshes itself while importing) until the import ends.
async fn follow_until_done(app: &TestApp, path: &str, expected_added: usize) {
    for _ in 0..600 {
        let html = app.get(path).await.text().await.unwrap();
        if html.contains("Done. Measurements added:") {
            assert!(html.contains(&format!("added: {expected_added}")), "{html}");
            assert!(!html.contains("progress.js") && !html.contains("Check again"));
            return;
        }
        // Running: the progress, a link to check again, and the script that updates it in
        // place (never a meta refresh, which moves the page under its reader).
        assert!(
            html.contains("<progress")
                && html.contains("Check again")
                && html.contains("progress-"),
            "{html}"
        );
        assert!(!html.contains("http-equiv=\"refresh\""), "{html}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the import of {path} did not finish");
}

#[tokio::test]
async fn broken_uploads_are_refused_with_a_reason() {
    let app = setup().await;
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            b"duration,energy_consumed\n1,0.1\n\xff\xfe,2\n".to_vec(),
            "is not UTF-8 text",
        ),
        (
            b"just,some,columns\n1,2,3\n".to_vec(),
            "has no “duration” column",
        ),
        (Vec::new(), "Choose a file to upload"),
        (
            b"duration,energy_consumed\n-1,0\n".to_vec(),
            "No row of this file can be stored",
        ),
        (
            vec![b'x'; greenai::features::measurements::bulk::MAX_BYTES + 10],
            "larger than 10 MB",
        ),
    ];
    for (bytes, message) in cases {
        let r = upload(&app, bytes, "e.csv", "Qwen 3 8B", "summarization", "1").await;
        assert_eq!(r.status(), 422, "{message}");
        assert!(r.text().await.unwrap().contains(message), "{message}");
    }
    let unknown_model = upload(
        &app,
        b"duration,energy_consumed\n1,0.1\n".to_vec(),
        "e.csv",
        "Nope 9000",
        "summarization",
        "7",
    )
    .await;
    assert_eq!(unknown_model.status(), 422);
    let html = unknown_model.text().await.unwrap();
    // The message points at the box that is there, the summary links to it, and what the
    // uploader chose is kept (only the file has to be chosen again).
    assert!(html.contains("We do not know this model"), "{html}");
    assert!(html.contains(r##"href="#model-error""##), "{html}");
    assert!(html.contains(r#"name="propose_model""#), "{html}");
    assert!(html.contains(r#"value="Nope 9000""#), "{html}");
    assert!(
        html.contains(r#"<option value="summarization" selected>"#),
        "{html}"
    );
    assert!(html.contains(r#"value="7""#), "{html}");
    assert_eq!(count(&app).await, 0);
    let pending: i64 = sqlx::query_scalar("select count(*) from pending_uploads")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(pending, 0);
    // Ticked, the model is proposed with the file, and its runs wait for a moderator.
    let proposed = upload_with(
        &app,
        b"timestamp,duration,energy_consumed,run_id\n2026-01-05T10:00:00,60,0.001,r-1\n2026-01-05T11:00:00,60,0.0011,r-2\n".to_vec(),
        "e.csv",
        &[
            ("model", "Nope 9000"),
            ("task", "summarization"),
            ("queries_per_run", "10"),
            ("propose_model", "on"),
        ],
    )
    .await;
    let status = proposed.status();
    let body = proposed.text().await.unwrap();
    assert_eq!(status, 200, "{body}");
    let id = previewed_upload(&body);
    let r = app
        .submit(
            "/measurements/upload",
            &format!("/measurements/upload/{id}/commit"),
            &[],
        )
        .await;
    let progress = r.headers()["location"].to_str().unwrap().to_string();
    follow_until_done(&app, &progress, 2).await;
    let held: Vec<(String, String)> = sqlx::query_as(
        "select me.status::text, mo.status::text from measurements me join ai_models mo on mo.id = me.model_id where mo.name = 'Nope 9000'",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(held.len(), 2);
    assert!(
        held.iter().all(|(m, _)| m == "pending"),
        "runs of a proposed model wait: {held:?}"
    );
}

pub async fn api_token(app: &TestApp) -> String {
    let html = app
        .submit("/account/tokens", "/account/tokens", &[("name", "script")])
        .await
        .text()
        .await
        .unwrap();
    html.split("<code class=\"token\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string()
}

fn api_body() -> Value {
    json!({
        "model": "meta-llama/Llama-3.1-8B-Instruct",
        "task": "text-generation",
        "hardware": "1 x NVIDIA A100 80GB PCIe",
        "energy": "250 Wh",
        "duration": "1 h",
        "queries": 1000,
        "method": "nvml",
        "measured_on": "2026-02-01"
    })
}

#[tokio::test]
async fn the_api_validates_like_the_form_and_honours_idempotency_keys() {
    let app = setup().await;
    let token = api_token(&app).await;
    let api = reqwest::Client::new();
    let post = |body: Value, key: Option<&'static str>| {
        let mut req = api
            .post(app.url("/api/v1/measurements"))
            .bearer_auth(&token)
            .json(&body);
        if let Some(k) = key {
            req = req.header("idempotency-key", k);
        }
        req.send()
    };
    let first = post(api_body(), Some("abc")).await.unwrap();
    assert_eq!(first.status(), 201);
    let body: Value = first.json().await.unwrap();
    assert_eq!(body["status"], "verified");
    let again = post(api_body(), Some("abc")).await.unwrap();
    assert_eq!(again.status(), 201);
    assert_eq!(
        again.json::<Value>().await.unwrap()["id"],
        body["id"],
        "a retry returns the first answer"
    );
    assert_eq!(count(&app).await, 1);
    let mut other = api_body();
    other["energy"] = json!("300 Wh");
    let reused = post(other, Some("abc")).await.unwrap();
    assert_eq!(reused.status(), 422);
    assert_eq!(
        reused.json::<Value>().await.unwrap()["problems"][0]["code"],
        "idempotency_key_reused"
    );

    let mut bad = api_body();
    bad["energy"] = json!("250 W");
    bad["queries"] = json!(0);
    bad["measured_on"] = json!("someday");
    let r = post(bad, None).await.unwrap();
    assert_eq!(r.status(), 422);
    let problems = r.json::<Value>().await.unwrap()["problems"].clone();
    let codes: Vec<(String, String)> = problems
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["field"].as_str().unwrap().into(),
                p["code"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        vec![
            ("energy".into(), "wrong_unit_kind".into()),
            ("queries".into(), "zero_queries".into()),
            ("measured_on".into(), "invalid_date".into()),
        ]
    );
    assert!(problems[0]["message"].as_str().unwrap().contains("power"));
    let broken = api
        .post(app.url("/api/v1/measurements"))
        .bearer_auth(&token)
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(broken.status(), 422);
    let no_token = api
        .post(app.url("/api/v1/measurements"))
        .json(&api_body())
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), 401);
    let bad_token = api
        .post(app.url("/api/v1/measurements"))
        .bearer_auth("gah_nope")
        .json(&api_body())
        .send()
        .await
        .unwrap();
    assert_eq!(bad_token.status(), 401);
    assert_eq!(count(&app).await, 1, "nothing else stored");
}

#[tokio::test]
async fn published_measurements_list_with_filters_and_cursors() {
    let app = setup().await;
    let token = api_token(&app).await;
    let api = reqwest::Client::new();
    for i in 0..5 {
        let mut b = api_body();
        b["energy"] = json!(format!("{} Wh", 200 + i));
        assert_eq!(
            api.post(app.url("/api/v1/measurements"))
                .bearer_auth(&token)
                .json(&b)
                .send()
                .await
                .unwrap()
                .status(),
            201
        );
    }
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let page: Value = api
            .get(app.url(&format!(
                "/api/v1/measurements?limit=2&task=text-generation&cursor={cursor}"
            )))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        for item in page["items"].as_array().unwrap() {
            seen.push(item["energy_j"].as_f64().unwrap());
            // Dates as written, not time's [year, day of the year].
            assert_eq!(item["measured_on"], "2026-02-01");
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = c.to_string(),
            None => break,
        }
    }
    assert_eq!(seen.len(), 5);
    let none: Value = api
        .get(app.url("/api/v1/measurements?task=training"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(none["items"].as_array().unwrap().len(), 0);
    assert_eq!(
        api.get(app.url("/api/v1/measurements?cursor=garbage"))
            .send()
            .await
            .unwrap()
            .status(),
        400
    );
}

#[tokio::test]
async fn published_benchmarks_import_once() {
    let app = spawn_app().await;
    let text = String::from_utf8(published("ai-energy-score/text_generation.csv")).unwrap();
    let first = greenai::features::measurements::import::ai_energy_score(
        &app.db,
        &text,
        energy_model::Task::TextGeneration,
    )
    .await
    .unwrap();
    assert_eq!((first.added, first.unchanged), (62, 0));
    assert!(first.rejected.is_empty(), "{:?}", first.rejected);
    let second = greenai::features::measurements::import::ai_energy_score(
        &app.db,
        &text,
        energy_model::Task::TextGeneration,
    )
    .await
    .unwrap();
    assert_eq!((second.added, second.unchanged), (0, 62));
    let (source, citation): (String, String) =
        sqlx::query_as("select source, citation from measurements limit 1")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(source, "published");
    assert!(citation.contains("AI Energy Score"));
    let ml = greenai::features::measurements::import::ml_energy(
        &app.db,
        &published_dir().join("ml-energy"),
    )
    .await
    .unwrap();
    assert_eq!(ml.added + ml.rejected.len() as u64, 1858);
    assert!(
        ml.rejected.is_empty(),
        "{:?}",
        &ml.rejected[..ml.rejected.len().min(3)]
    );
    let again = greenai::features::measurements::import::ml_energy(
        &app.db,
        &published_dir().join("ml-energy"),
    )
    .await
    .unwrap();
    assert_eq!(again.added, 0);
}

#[tokio::test]
async fn the_openapi_document_matches_the_api_routes() {
    let app = spawn_app().await;
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let paths = doc["paths"].as_object().unwrap();
    let in_doc: std::collections::BTreeSet<(String, String)> = paths
        .iter()
        .flat_map(|(p, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.to_uppercase(), p.clone()))
        })
        .collect();
    let in_code: std::collections::BTreeSet<(String, String)> = crate::roles::routes_in_code()
        .into_iter()
        .filter(|(_, p)| {
            p.starts_with("/api/v1/")
                || p == "/measurements/{id}/boamps.json"
                || p == "/editions/{slug}/{file}"
        })
        .collect();
    assert_eq!(in_doc, in_code);
    assert!(doc["components"]["schemas"]["MeasurementIn"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

#[tokio::test]
async fn pending_measurements_can_be_edited_by_their_submitter() {
    let app = setup().await;
    let flagged = with(&good(), &[("energy_value", "5"), ("confirm_flags", "on")]);
    let r = app
        .submit("/measurements/new", "/measurements/new", &flagged)
        .await;
    let path = r.headers()["location"].to_str().unwrap().to_string();
    let edit = format!("{path}/edit");
    let form = app.get(&edit).await.text().await.unwrap();
    assert!(
        form.contains(r#"value="5 kWh""#) || form.contains(r#"value="5""#),
        "the typed values come back"
    );
    let stranger = app.another_visitor();
    stranger.member("bo@example.nl").await;
    assert_eq!(stranger.get(&edit).await.status(), 404);
    let fixed = app
        .submit(&edit, &edit, &with(&good(), &[("energy_value", "0,2")]))
        .await;
    assert_eq!(fixed.status(), 303);
    let (status, wh): (String, f64) =
        sqlx::query_as("select status, wh_per_1000_queries from measurements")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(status, "verified", "no flags left after the edit");
    assert!((wh - 200.0).abs() < 1e-9);
    // The edit that verified it put it on its board, in the same transaction.
    let entry: (i32, f64) =
        sqlx::query_as("select count, median from board_entries where not include_published")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(entry.0, 1);
    assert!((entry.1 - 200.0).abs() < 1e-9);
    assert_eq!(
        app.get(&edit).await.status(),
        404,
        "only pending measurements are edited"
    );
    let history: Vec<String> =
        sqlx::query_scalar("select to_status from measurement_history order by id")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(history, ["verified"]);
}

#[tokio::test]
async fn odd_input_never_gives_a_server_error() {
    let app = setup().await;
    let token = api_token(&app).await;
    let api = reqwest::Client::new();
    let odd = [
        json!({"energy": "NaN Wh"}),
        json!({"energy": "1e309 kWh", "queries": -5, "device_count": 1.5}),
        json!({"energy": "∞ J", "model": "🙂", "task": "text-generation", "hardware": "\u{0000}"}),
        json!({"queries": {"nested": true}, "optimisations": ["teleportation"], "pue": "x"}),
        json!([1, 2, 3]),
        json!("just a string"),
    ];
    for body in odd {
        let r = api
            .post(app.url("/api/v1/measurements"))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap();
        // A NUL cannot be stored: refused (400) before it is even checked, naming its field.
        let expected = if body["hardware"] == "\u{0}" {
            400
        } else {
            422
        };
        assert_eq!(r.status(), expected, "{body}");
        let problems = r.json::<Value>().await.unwrap();
        assert!(
            problems["problems"]
                .as_array()
                .is_some_and(|p| !p.is_empty()),
            "{body}"
        );
    }
    let huge = "x".repeat(greenai::web::state::BODY_LIMIT + 1);
    let r = api
        .post(app.url("/api/v1/measurements"))
        .bearer_auth(&token)
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert_eq!(r.headers()["content-type"], "application/problem+json");

    // One row too many.
    let mut csv = String::from("duration,energy_consumed\n");
    for _ in 0..=greenai::features::measurements::bulk::MAX_ROWS {
        csv.push_str("1,0.1\n");
    }
    let r = upload(
        &app,
        csv.into_bytes(),
        "big.csv",
        "Qwen 3 8B",
        "summarization",
        "1",
    )
    .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("more than 100000 rows"));

    // A file over the upload route's limit: 413 with a page that says so, not a 400.
    let over = vec![b'1'; greenai::features::measurements::bulk::MAX_BYTES + 128 * 1024];
    let r = upload(&app, over, "huge.csv", "Qwen 3 8B", "summarization", "1").await;
    assert_eq!(r.status(), 413);
    assert!(r.text().await.unwrap().contains("larger than we accept"));
    assert_eq!(count(&app).await, 0);
}

#[tokio::test]
async fn a_run_repeated_within_a_file_is_stored_once() {
    let app = setup().await;
    let user: uuid::Uuid = sqlx::query_scalar("select id from users")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let text = String::from_utf8(published("codecarbon/m1-pro-codecarbon-3.0.4.csv")).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let body: Vec<&str> = lines.filter(|l| !l.trim().is_empty()).collect();
    // Every run twice.
    let doubled = format!("{header}\n{}\n{}\n", body.join("\n"), body.join("\n"));
    let choice = greenai::features::measurements::bulk::Choice {
        model: "Qwen 3 8B",
        task: "summarization",
        queries: "1",
        propose: false,
        catalogue: catalogue(&app).await,
    };
    let imported = greenai::features::measurements::bulk::import(
        &app.db,
        user,
        doubled.as_bytes(),
        &choice,
        greenai::web::i18n::Lang::En,
    )
    .await
    .unwrap()
    .unwrap();
    // A run written twice (as CodeCarbon's append mode does) is one run, with its last row.
    assert_eq!(imported.rows, 2 * body.len());
    assert_eq!(imported.repeated, body.len());
    assert_eq!(imported.accepted, body.len());
    assert_eq!(imported.added, body.len() as u64);
    assert_eq!(count(&app).await, body.len() as i64);
}

#[tokio::test]
async fn api_problems_come_as_problem_json_in_the_requesters_language() {
    let app = setup().await;
    let token = api_token(&app).await;
    let mut bad = api_body();
    bad["energy"] = json!("250 W");
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/measurements"))
        .bearer_auth(&token)
        .header("accept-language", "nl")
        .json(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["status"], 422);
    assert_eq!(body["title"], "Verbeter dit eerst");
    assert_eq!(body["problems"][0]["field"], "energy");
    assert_eq!(body["detail"], body["problems"][0]["message"]);
    assert!(body["request_id"].as_str().is_some_and(|id| id.len() > 8));
    assert_eq!(count(&app).await, 0);
}

#[tokio::test]
async fn an_import_that_died_is_shown_failed_and_the_file_can_be_uploaded_again() {
    let app = setup().await;
    let file = published("codecarbon/m1-pro-codecarbon-3.0.4.csv");
    let preview = upload(
        &app,
        file.clone(),
        "e.csv",
        "Qwen 3 8B",
        "summarization",
        "1",
    )
    .await;
    assert_eq!(preview.status(), 200);
    // The server died while importing: the row says "importing", nothing moved for a while.
    let id: uuid::Uuid = sqlx::query_scalar(
        "update pending_uploads set state = 'importing', progress_at = now() - interval '6 minutes'
          returning id",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    let html = app
        .get(&format!("/measurements/upload/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("http-equiv=\"refresh\""), "{html}");
    assert!(html.contains("stopped before it finished"), "{html}");
    assert_eq!(count(&app).await, 0);
    // The same file again goes all the way.
    let again = upload(&app, file, "e.csv", "Qwen 3 8B", "summarization", "1").await;
    let html = again.text().await.unwrap();
    let commit = html
        .split(r#"action="/measurements/upload/"#)
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    let r = app
        .submit(
            "/measurements/upload",
            &format!("/measurements/upload/{commit}"),
            &[],
        )
        .await;
    assert_eq!(r.status(), 303);
    let progress = r.headers()["location"].to_str().unwrap().to_string();
    follow_until_done(&app, &progress, 4).await;
    assert_eq!(count(&app).await, 4);
}

#[tokio::test]
async fn the_bulk_path_stores_odd_text_exactly() {
    use greenai::features::measurements::write::{BulkRow, Origin, Shared, Writer};
    let app = setup().await;
    let user: uuid::Uuid = sqlx::query_scalar("select id from users")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let model: i64 = sqlx::query_scalar("select id from ai_models where slug = 'qwen3-8b'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let odd = "Qwen \"8B\", tuned;\nline two \\ tab\t ✓ {a,b} NULL";
    let raw = energy_model::RawMeasurement {
        model: odd.into(),
        task: "text-generation".into(),
        hardware: "NVIDIA A100 80GB PCIe".into(),
        energy: "250 Wh".into(),
        duration: "1 h".into(),
        queries: "1000".into(),
        method: "nvml".into(),
        measured_on: "2026-02-01".into(),
        optimisations: vec!["quantization".into(), "pruning".into()],
        ..Default::default()
    };
    let hardware = catalogue(&app).await;
    let valid = energy_model::validation::validate(
        &raw,
        &greenai::features::measurements::rules::context(&hardware, false),
    )
    .unwrap();
    let mut writer = Writer::begin(&app.db).await.unwrap();
    let stored = writer
        .copy_in(
            &Shared {
                model_id: model,
                origin: Origin::Community { submitter: user },
                upload_id: None,
            },
            [BulkRow {
                valid,
                raw: raw.clone(),
                run_id: Some("run \"1\", odd".into()),
                details: energy_model::submission::Details {
                    tool: Some("a \"quoted\", odd\nvalue".into()),
                    ..Default::default()
                },
            }]
            .into_iter(),
            |_| async {},
        )
        .await
        .unwrap();
    writer.commit().await.unwrap();
    assert_eq!(stored, 1);
    let (model_typed, run, optimisations, notes): (String, String, Vec<String>, Option<String>) =
        sqlx::query_as("select raw->>'model', run_id, optimisations, notes from measurements")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(model_typed, odd);
    assert_eq!(run, "run \"1\", odd");
    assert_eq!(optimisations, ["quantization", "pruning"]);
    assert_eq!(notes, None, "no notes is NULL, not an empty text");
    // Stored verified, so its board has it.
    let html = app
        .get("/leaderboards/text-generation")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Qwen3-8B") || html.contains("Qwen 3 8B"),
        "{html}"
    );
}

fn codecarbon_fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("crates/energy-model/tests/fixtures/codecarbon")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[tokio::test]
async fn ordinary_machines_files_are_stored_against_what_codecarbon_measured() {
    let app = setup().await;
    let user: uuid::Uuid = sqlx::query_scalar("select id from users")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let choice = greenai::features::measurements::bulk::Choice {
        model: "Qwen 3 8B",
        task: "text-generation",
        queries: "100",
        propose: false,
        catalogue: catalogue(&app).await,
    };
    for file in ["v2.2.2-desktop-cpu-only.csv", "v3.0.7-windows-laptop.csv"] {
        let imported = greenai::features::measurements::bulk::import(
            &app.db,
            user,
            &codecarbon_fixture(file),
            &choice,
            greenai::web::i18n::Lang::En,
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(imported.added, 2, "{file}: {:?}", imported.rejected);
    }
    let stored: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
        "select h.name, m.status, m.details->>'tool_version', m.region_code
           from measurements m join hardware h on h.slug = m.hardware_slug
          order by m.measured_on, m.created_at",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    let names: Vec<&str> = stored.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "Intel Core i7-7700K",
            "Intel Core i7-7700K",
            "NVIDIA GeForce RTX 3060 Mobile",
            "NVIDIA GeForce RTX 3060 Mobile"
        ]
    );
    assert!(stored.iter().all(|s| s.1 == "verified"), "{stored:?}");
    assert_eq!(stored[0].2, "2.2.2");
    assert_eq!(
        stored.iter().map(|s| s.3.as_deref()).collect::<Vec<_>>(),
        [Some("NL"), Some("NL"), Some("ES"), Some("FR")]
    );
    // The page keeps CPU, GPU and RAM energy apart, and says how CodeCarbon measured.
    let id: uuid::Uuid = sqlx::query_scalar(
        "select id from measurements where details->>'tool_version' = '2.2.2' limit 1",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    let html = app
        .get(&format!("/measurements/{id}"))
        .await
        .text()
        .await
        .unwrap();
    for expected in [
        "codecarbon 2.2.2",
        "Energy of the CPU",
        "Energy of the GPU",
        "Energy of the memory",
        "power measured",
        "Intel Core i7-7700K",
    ] {
        assert!(html.contains(expected), "{expected}: {html}");
    }
}

#[tokio::test]
async fn a_device_nobody_knows_yet_is_accepted_flagged_and_kept_as_typed() {
    let app = setup().await;
    let token = api_token(&app).await;
    let mut body = api_body();
    body["hardware"] = json!("1 x Acme Tensor Brick 9000");
    let r = post_api(&app, &token, &body).await;
    assert_eq!(r.status(), 201);
    let answer: Value = r.json().await.unwrap();
    assert_eq!(answer["status"], "pending", "a researcher looks first");
    assert_eq!(answer["flags"][0]["code"], "unknown_hardware");
    assert!(
        answer["flags"][0]["message"]
            .as_str()
            .unwrap()
            .contains("could not be checked against a TDP")
    );
    let (slug, typed): (String, String) =
        sqlx::query_as("select hardware_slug, raw->>'hardware' from measurements")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(slug, "unknown-device");
    assert_eq!(typed, "1 x Acme Tensor Brick 9000");
    let html = app
        .get(&format!("/measurements/{}", answer["id"].as_str().unwrap()))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Acme Tensor Brick 9000"), "{html}");
    assert!(html.contains("Device not in the catalogue yet"), "{html}");

    // In a CodeCarbon file, such rows are accepted with the warning, not rejected.
    let user: uuid::Uuid = sqlx::query_scalar("select id from users")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let file = String::from_utf8(codecarbon_fixture("v2.7-experiment-after-run.csv"))
        .unwrap()
        .replace("1 x NVIDIA GeForce RTX 4090", "1 x Acme Tensor Brick 9000");
    let imported = greenai::features::measurements::bulk::import(
        &app.db,
        user,
        file.as_bytes(),
        &greenai::features::measurements::bulk::Choice {
            model: "Qwen 3 8B",
            task: "text-generation",
            queries: "100",
            propose: false,
            catalogue: catalogue(&app).await,
        },
        greenai::web::i18n::Lang::En,
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!((imported.added, imported.rejected.len()), (1, 0));
    let pending: i64 = sqlx::query_scalar(
        "select count(*) from measurements where hardware_slug = 'unknown-device' and status = 'pending'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(pending, 2);
}

/// Posts a measurement to the API with `token`.
pub async fn post_api(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url("/api/v1/measurements"))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap()
}

/// Submits a measurement through the API with `hardware` typed as given; returns its id.
async fn submit_with_hardware(app: &TestApp, token: &str, hardware: &str, energy: &str) -> String {
    let mut body = api_body();
    body["hardware"] = json!(hardware);
    body["energy"] = json!(energy);
    let r = post_api(app, token, &body).await;
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn researchers_grow_the_catalogue_from_the_queue() {
    let app = setup().await;
    let token = api_token(&app).await;
    // Two spellings of a card the catalogue lacks, one of a known card in an odd spelling.
    let brick = submit_with_hardware(&app, &token, "1 x Acme Tensor Brick 7000", "250 Wh").await;
    submit_with_hardware(&app, &token, "acme tensor brick 7000", "260 Wh").await;
    submit_with_hardware(&app, &token, "Ann's big card", "250 Wh").await;

    let researcher = app.another_visitor();
    researcher.with_role("rita@example.nl", "researcher").await;
    let page = researcher
        .get("/moderation/hardware")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Acme Tensor Brick 7000"), "{page}");
    assert!(
        page.contains("pending measurements: 2"),
        "grouped by spelling: {page}"
    );
    assert!(page.contains("Ann&#39;s big card"), "{page}");

    // A spelling of a device the catalogue has: mapped, its measurement checked again.
    let r = researcher
        .submit(
            "/moderation/hardware",
            "/moderation/hardware/map",
            &[
                ("spelling", "Ann's big card"),
                ("device", "NVIDIA A100 80GB PCIe"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let (slug, status): (String, String) = sqlx::query_as(
        "select hardware_slug, status from measurements where raw->>'hardware' = 'Ann''s big card'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_ne!(slug, "unknown-device");
    assert_eq!(
        status, "verified",
        "no flag was left: verified as a clean submission"
    );

    // A new device, with its source: both spellings of it move, and the next one resolves.
    let bad = researcher
        .submit(
            "/moderation/hardware",
            "/moderation/hardware/add",
            &[
                ("spelling", "Acme Tensor Brick 7000"),
                ("name", "Acme Tensor Brick 7000"),
                ("kind", "gpu"),
                ("tdp", "-5"),
                ("source", "not a link"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    let html = bad.text().await.unwrap();
    assert!(html.contains("Give a number above zero"), "{html}");
    assert!(html.contains("Give the web address"), "{html}");
    let r = researcher
        .submit(
            "/moderation/hardware",
            "/moderation/hardware/add",
            &[
                ("spelling", "Acme Tensor Brick 7000"),
                ("name", "Acme Tensor Brick 7000"),
                ("kind", "gpu"),
                ("tdp", "300"),
                ("source", "https://acme.example/brick-7000"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let moved: Vec<(String, String)> = sqlx::query_as(
        "select hardware_slug, status from measurements
          where lower(raw->>'hardware') like '%acme tensor brick 7000%' order by created_at",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(
        moved,
        vec![
            ("acme-tensor-brick-7000".to_string(), "verified".to_string()),
            ("acme-tensor-brick-7000".to_string(), "verified".to_string())
        ]
    );
    let history = app
        .get(&format!("/measurements/{brick}"))
        .await
        .text()
        .await
        .unwrap();
    let entries = history
        .split(r#"<ol class="history">"#)
        .nth(1)
        .and_then(|h| h.split("</ol>").next())
        .unwrap_or("");
    assert!(entries.contains(": Acme Tensor Brick 7000"), "{history}");
    // The catalogue page lists it with its source; the next submission resolves at once.
    let catalogue = app.get("/hardware?q=acme").await.text().await.unwrap();
    assert!(
        catalogue.contains("https://acme.example/brick-7000"),
        "{catalogue}"
    );
    let mut body = api_body();
    body["hardware"] = json!("2 x Acme Tensor Brick 7000");
    body["energy"] = json!("500 Wh");
    let answer: Value = post_api(&app, &token, &body).await.json().await.unwrap();
    assert_eq!(answer["status"], "verified", "{answer}");
    // Boards filter by the added device like by any other.
    let board = app
        .get("/leaderboards/text-generation?hardware=acme-tensor-brick-7000")
        .await;
    assert_eq!(board.status(), 200);
    assert!(
        board
            .text()
            .await
            .unwrap()
            .contains("Acme Tensor Brick 7000")
    );
    // Members cannot do this.
    let r = app
        .submit(
            "/measurements/new",
            "/moderation/hardware/map",
            &[("spelling", "x"), ("device", "H100")],
        )
        .await;
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn every_measurement_says_how_much_was_checked() {
    let app = setup().await;
    let token = api_token(&app).await;
    // Clean: stored verified, but nobody has checked it: self-reported.
    let clean = submit_with_hardware(&app, &token, "NVIDIA A100 80GB PCIe", "250 Wh").await;
    // Flagged (a device nobody knows): pending until a researcher verifies it.
    let flagged = submit_with_hardware(&app, &token, "Acme Tensor Brick 3000", "250 Wh").await;
    let tiers = || async {
        sqlx::query_as::<_, (String, String, String)>(
            "select id::text, status, tier from measurements order by created_at",
        )
        .fetch_all(&app.db)
        .await
        .unwrap()
    };
    assert_eq!(
        tiers().await,
        vec![
            (clean.clone(), "verified".into(), "self-reported".into()),
            (flagged.clone(), "pending".into(), "self-reported".into())
        ]
    );
    let page = app
        .get(&format!("/measurements/{clean}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("self-reported, not checked yet"), "{page}");

    // A researcher checks both from the queue, in one decision.
    let researcher = app.another_visitor();
    researcher.with_role("rita@example.nl", "researcher").await;
    let queue = researcher.get("/moderation").await.text().await.unwrap();
    assert!(
        queue.contains(&clean) && queue.contains(&flagged),
        "{queue}"
    );
    let (f0, f1) = (format!("m_{clean}"), format!("m_{flagged}"));
    let r = researcher
        .submit(
            "/moderation",
            "/moderation",
            &[
                (f0.as_str(), "on"),
                (f1.as_str(), "on"),
                ("action", "verify"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        tiers().await,
        vec![
            (clean.clone(), "verified".into(), "verified".into()),
            (flagged.clone(), "verified".into(), "verified".into())
        ]
    );
    let page = app
        .get(&format!("/measurements/{clean}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("verified by a researcher"), "{page}");
    let history = page.split(r#"<ol class="history">"#).nth(1).unwrap_or("");
    assert_eq!(
        history
            .split("</ol>")
            .next()
            .unwrap_or("")
            .matches("<li>")
            .count(),
        2,
        "submitted, then verified by the researcher: {page}"
    );
    let queue = researcher.get("/moderation").await.text().await.unwrap();
    assert!(!queue.contains(&clean), "checked ones leave the queue");

    // Published benchmarks are their own tier.
    let text = String::from_utf8(published("ai-energy-score/text_generation.csv")).unwrap();
    greenai::features::measurements::import::ai_energy_score(
        &app.db,
        &text,
        energy_model::Task::TextGeneration,
    )
    .await
    .unwrap();
    let published: i64 = sqlx::query_scalar(
        "select count(*) from measurements where source = 'published' and tier = 'published'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(published, 62);
}

#[tokio::test]
async fn the_api_and_the_form_record_the_tool_and_how_it_measured() {
    let app = setup().await;
    let token = api_token(&app).await;
    let mut body = api_body();
    body["method"] = json!("codecarbon");
    body["tool_version"] = json!("3.0.7");
    body["tracking_mode"] = json!("process");
    let r = post_api(&app, &token, &body).await;
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let details: Value = sqlx::query_scalar("select details from measurements")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(
        details,
        json!({"tool": "codecarbon", "tool_version": "3.0.7", "tracking_mode": "process"})
    );
    let page = app
        .get(&format!("/measurements/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("codecarbon 3.0.7") && page.contains("estimated for the process"));
    body["tracking_mode"] = json!("guessed");
    let r = post_api(&app, &token, &body).await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        r.json::<Value>().await.unwrap()["problems"][0]["field"],
        "tracking_mode"
    );
    // The form takes them too.
    let fields = with(
        &good(),
        &[("tool_version", "2.2.2"), ("tracking_mode", "machine")],
    );
    let r = app
        .submit("/measurements/new", "/measurements/new", &fields)
        .await;
    assert_eq!(r.status(), 303);
    let versions: Vec<Option<String>> =
        sqlx::query_scalar("select details->>'tool_version' from measurements order by created_at")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(versions, [Some("3.0.7".into()), Some("2.2.2".into())]);
}

#[tokio::test]
async fn admins_correct_and_merge_devices_people_added() {
    let app = setup().await;
    let token = api_token(&app).await;
    submit_with_hardware(&app, &token, "Zork Accelerator 5", "250 Wh").await;
    let staff = app.another_visitor();
    staff.with_role("ada@example.nl", "admin").await;
    let added = staff
        .submit(
            "/moderation/hardware",
            "/moderation/hardware/add",
            &[
                ("spelling", "Zork Accelerator 5"),
                ("name", "Zork Accelerator 5"),
                ("kind", "gpu"),
                ("tdp", "900"),
                ("source", "https://zork.example/a5"),
            ],
        )
        .await;
    assert_eq!(added.status(), 303);
    // A wrong figure corrected.
    let r = staff
        .submit(
            "/admin/hardware",
            "/admin/hardware/zork-accelerator-5",
            &[
                ("name", "Zork Accelerator 5"),
                ("kind", "gpu"),
                ("tdp", "300"),
                ("source", "https://zork.example/a5-datasheet"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let tdp: Option<f64> =
        sqlx::query_scalar("select tdp_watts from hardware where slug = 'zork-accelerator-5'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(tdp, Some(300.0));
    // It was an A100 all along: merged, its measurement and its name move there.
    let r = staff
        .submit(
            "/admin/hardware",
            "/admin/hardware/zork-accelerator-5/merge",
            &[("into", "NVIDIA A100 80GB PCIe")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let left: i64 =
        sqlx::query_scalar("select count(*) from hardware where slug = 'zork-accelerator-5'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(left, 0);
    let device: String = sqlx::query_scalar(
        "select h.name from measurements m join hardware h on h.slug = m.hardware_slug",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(device, "NVIDIA A100 80GB PCIe");
    assert_eq!(
        catalogue(&app)
            .await
            .resolve("Zork Accelerator 5")
            .map(|r| r.device.name.clone())
            .as_deref(),
        Some("NVIDIA A100 80GB PCIe")
    );
}

/// A CodeCarbon file of `rows` runs on a V100 PCIe (rated 250 W): the first `hot` draw 600 W
/// (flagged: above 1.5 × its rating), the rest 180 W.
fn v100_file(rows: usize, hot: usize, prefix: &str) -> Vec<u8> {
    let mut csv = String::from("timestamp,run_id,duration,energy_consumed,gpu_count,gpu_model\n");
    for i in 0..rows {
        let kwh = if i < hot { 0.01 } else { 0.003 };
        csv.push_str(&format!(
            "2026-01-05T10:{:02}:{:02},{prefix}-{i},60,{kwh},1,1 x Tesla V100-PCIE-32GB\n",
            i / 60,
            i % 60
        ));
    }
    csv.into_bytes()
}

#[tokio::test]
async fn a_big_upload_waits_as_one_group_and_is_decided_at_once() {
    let app = setup().await;
    let r = preview_and_commit(&app, v100_file(130, 70, "a")).await;
    follow_until_done(&app, r.headers()["location"].to_str().unwrap(), 130).await;
    let upload: uuid::Uuid = sqlx::query_scalar("select distinct upload_id from measurements")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let moderator = app.another_visitor();
    moderator.with_role("mod@example.nl", "researcher").await;

    // The queue shows the upload once, summarised, and no row of it among single measurements.
    let queue = moderator.get("/moderation").await.text().await.unwrap();
    for fact in [
        "Rows waiting</dt><dd>130</dd>",
        "Not yet published (pending)</dt><dd>70</dd>",
        "With flags</dt><dd>70</dd>",
        "power above the device’s rating: 70",
        "Verify all 130 rows",
        "Nothing waits for moderation.",
    ] {
        assert!(queue.contains(fact), "{fact}: {queue}");
    }
    assert!(
        !queue.contains("name=\"m_"),
        "upload rows are not listed one by one"
    );

    // Opened, its rows come 50 to a page, the flagged ones first.
    let rows = format!("/moderation?upload={upload}");
    let first = moderator.get(&rows).await.text().await.unwrap();
    assert!(first.contains("130 measurements wait"), "{first}");
    assert_eq!(first.matches("name=\"m_").count(), 50);
    assert!(
        first.contains(&format!("/moderation?upload={upload}&#38;page=3")),
        "{first}"
    );
    let third = moderator
        .get(&format!("{rows}&page=3"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(third.matches("name=\"m_").count(), 30);
    for odd in ["0", "-1", "x", "99999999999999999999"] {
        assert_eq!(
            moderator.get(&format!("{rows}&page={odd}")).await.status(),
            200,
            "{odd}"
        );
    }

    // One outlier is rejected from its page first: its submitter gets one mail about it.
    let outlier: uuid::Uuid = sqlx::query_scalar(
        "select id from measurements where flag_count > 0 order by created_at limit 1",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    let field = format!("m_{outlier}");
    let upload_s = upload.to_string();
    let before = app.mails_to("ann@example.nl").await.len();
    let r = moderator
        .submit(
            &rows,
            "/moderation",
            &[
                (field.as_str(), "on"),
                ("upload", upload_s.as_str()),
                ("action", "reject"),
                ("reason", "600 W on a 250 W card"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        r.headers()["location"],
        format!("{rows}&page=1").as_str(),
        "back to the upload's rows, which still wait"
    );
    let mails = app.mails_to("ann@example.nl").await;
    assert_eq!(mails.len(), before + 1);
    assert_eq!(mails[before].0, "Your measurement was not accepted");

    // A whole-upload rejection without a reason is refused, the page shown again.
    let decide = format!("/moderation/uploads/{upload}");
    let refused = moderator
        .submit(
            "/moderation",
            &decide,
            &[("action", "reject"), ("reason", "")],
        )
        .await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("Give a reason"));

    // The rest is verified as one decision.
    let r = moderator
        .submit("/moderation", &decide, &[("action", "verify")])
        .await;
    assert_eq!(r.status(), 303);
    let states: Vec<(String, String, i64)> = sqlx::query_as(
        "select status, tier, count(*) from measurements group by 1, 2 order by 1, 2",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(
        states,
        vec![
            ("rejected".into(), "self-reported".into(), 1),
            ("verified".into(), "verified".into(), 129)
        ]
    );
    let history: i64 = sqlx::query_scalar(
        "select count(*) from measurement_history h join users u on u.id = h.actor_id where u.email = 'mod@example.nl'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(history, 130, "each decision is in each row's history");
    let queue = moderator.get("/moderation").await.text().await.unwrap();
    assert!(!queue.contains(&upload_s), "nothing of it waits any more");
    assert_eq!(
        moderator
            .submit("/moderation", &decide, &[("action", "verify")])
            .await
            .status(),
        404
    );

    // Another upload rejected whole: one mail for all its rows, not one a row.
    let r = preview_and_commit(&app, v100_file(40, 40, "b")).await;
    follow_until_done(&app, r.headers()["location"].to_str().unwrap(), 40).await;
    let second: uuid::Uuid =
        sqlx::query_scalar("select upload_id from measurements where status = 'pending' limit 1")
            .fetch_one(&app.db)
            .await
            .unwrap();
    let r = moderator
        .submit(
            "/moderation",
            &format!("/moderation/uploads/{second}"),
            &[("action", "reject"), ("reason", "every run draws 600 W")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let mails = app.mails_to("ann@example.nl").await;
    assert_eq!(mails.len(), before + 2, "{mails:?}");
    assert_eq!(
        mails[before + 1].0,
        "40 of your measurements were not accepted"
    );

    // The last rows of an upload decided from its own page: back to the queue, not to an
    // upload that no longer waits.
    let r = preview_and_commit(&app, v100_file(2, 0, "c")).await;
    follow_until_done(&app, r.headers()["location"].to_str().unwrap(), 2).await;
    let third: Vec<uuid::Uuid> =
        sqlx::query_scalar("select id from measurements where run_id like 'c-%' order by run_id")
            .fetch_all(&app.db)
            .await
            .unwrap();
    let third_upload: uuid::Uuid =
        sqlx::query_scalar("select upload_id from measurements where run_id = 'c-0'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    let (a, b, u) = (
        format!("m_{}", third[0]),
        format!("m_{}", third[1]),
        third_upload.to_string(),
    );
    let r = moderator
        .submit(
            &format!("/moderation?upload={u}"),
            "/moderation",
            &[
                (a.as_str(), "on"),
                (b.as_str(), "on"),
                ("upload", u.as_str()),
                ("action", "verify"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/moderation");
    assert_eq!(moderator.get("/moderation").await.status(), 200);

    // "My measurements" pages through all 172, 100 to a page.
    let mine = app.get("/measurements/mine").await.text().await.unwrap();
    assert!(mine.contains("172 measurements, newest first"), "{mine}");
    assert!(mine.contains("/measurements/mine?page=2"));
    let page2 = app
        .get("/measurements/mine?page=2")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        page2.matches("<tr><td><a href=\"/measurements/").count(),
        72
    );
}

/// The hardware catalogue as the app's database holds it (what every server loads).
async fn catalogue(app: &TestApp) -> std::sync::Arc<energy_model::Catalogue> {
    greenai::store::catalogue::Hardware::load(&app.db)
        .await
        .unwrap()
        .now()
}

fn eco2ai_fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("crates/energy-model/tests/fixtures/eco2ai")
            .join(name),
    )
    .unwrap()
}

/// eco2ai's emission.csv goes through the same upload, preview and commit as CodeCarbon's:
/// its runs stored as eco2ai's, with the GPUs it counted; the real tool's file of two
/// three-second CPU runs previews as two runs of its CPU, both flagged for a moderator.
#[tokio::test]
async fn an_eco2ai_file_is_uploaded_like_a_codecarbon_one() {
    let app = setup().await;
    let preview = upload(
        &app,
        eco2ai_fixture("gpu-region.csv"),
        "emission.csv",
        "Qwen 3 8B",
        "summarization",
        "1000",
    )
    .await;
    assert_eq!(preview.status(), 200);
    let html = preview.text().await.unwrap();
    assert!(html.contains("<dd>2</dd>"), "{html}");
    let id = previewed_upload(&html);
    let done = app
        .submit(
            "/measurements/upload",
            &format!("/measurements/upload/{id}/commit"),
            &[],
        )
        .await;
    assert_eq!(done.status(), 303);
    let progress = done.headers()["location"].to_str().unwrap().to_string();
    follow_until_done(&app, &progress, 2).await;
    let stored: Vec<(String, i32, String, f64)> = sqlx::query_as(
        "select method, device_count, hardware_slug, energy_j from measurements
          where submitter_id is not null order by energy_j desc",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(stored.len(), 2, "{stored:?}");
    assert!(stored.iter().all(|s| s.0 == "eco2ai" && s.2 == stored[0].2));
    assert_eq!((stored[0].1, stored[1].1), (2, 1));
    assert!((stored[0].3 - 0.4113029175 * 3.6e6).abs() < 1e-6);

    let before = count(&app).await;
    let preview = upload(
        &app,
        eco2ai_fixture("emission-0.3.12-cpu.csv"),
        "emission.csv",
        "Qwen 3 8B",
        "summarization",
        "100",
    )
    .await;
    let html = preview.text().await.unwrap();
    let flagged = "<dt>Of which flagged for moderation</dt><dd>2</dd>";
    assert!(html.contains(flagged), "{html}");
    assert!(html.contains("<td>AMD EPYC</td>"), "{html}");
    assert!(
        html.contains("ec672d5c-3c88-46f5-8f70-9032aab76174"),
        "{html}"
    );
    assert_eq!(count(&app).await, before, "a preview stores nothing");
}

/// The preview counts every row of the file: rows refused (each once, however many of its
/// cells are wrong, and past the 200 problems it lists), and rows folded into the run they
/// repeat.
#[tokio::test]
async fn the_preview_counts_rows_not_messages() {
    let app = setup().await;
    let mut file = String::from("timestamp,run_id,duration,energy_consumed,cpu_model\n");
    file.push_str("2025-07-31T12:00:00,good,60,0.002,Apple M1 Pro\n");
    file.push_str("2025-07-31T12:00:00,grown,30,0.001,Apple M1 Pro\n");
    file.push_str("2025-07-31T12:01:00,grown,60,0.002,Apple M1 Pro\n");
    for i in 0..250 {
        // Both figures missing: two problems, one row.
        file.push_str(&format!("2025-07-31T12:00:00,bad-{i},,,Apple M1 Pro\n"));
    }
    let preview = upload(
        &app,
        file.into_bytes(),
        "emissions.csv",
        "Qwen 3 8B",
        "summarization",
        "1",
    )
    .await;
    assert_eq!(preview.status(), 200);
    let html = preview.text().await.unwrap();
    let fact = |dt: &str, dd: &str| format!("<dt>{dt}</dt><dd>{dd}</dd>");
    assert!(html.contains(&fact("Rows in the file", "253")), "{html}");
    assert!(
        html.contains(&fact("New measurements to store", "2")),
        "{html}"
    );
    assert!(
        html.contains("<dd>1</dd>") && html.contains("Rows folded into their run"),
        "{html}"
    );
    assert!(
        html.contains(&fact("Rows rejected (not stored)", "250")),
        "{html}"
    );
    assert!(
        html.contains("… and 300 more problems, not listed."),
        "{html}"
    );
}

/// A measurement and a search of them go out as BoAmps reports: the page's link for whoever
/// may see it, the API's list with its filters and cursor; an unknown format is refused.
#[tokio::test]
async fn measurements_go_out_as_boamps_reports() {
    let app = setup().await;
    let token = api_token(&app).await;
    let api = reqwest::Client::new();
    let mut ids = Vec::new();
    for _ in 0..2 {
        let r = api
            .post(app.url("/api/v1/measurements"))
            .bearer_auth(&token)
            .json(&api_body())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let body: Value = r.json().await.unwrap();
        ids.push(body["id"].as_str().unwrap().to_string());
    }
    let page = app
        .get(&format!("/measurements/{}", ids[0]))
        .await
        .text()
        .await
        .unwrap();
    let link = format!("/measurements/{}/boamps.json", ids[0]);
    assert!(page.contains(&link), "{page}");
    // A public measurement says how to cite it.
    assert!(
        page.contains("Cite this measurement") && page.contains("@misc{greenaihub-m-"),
        "{page}"
    );
    assert!(page.contains("licence CC-BY-4.0"), "{page}");
    let r = app.another_visitor().get(&link).await;
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains(".boamps.json")
    );
    let text = r.text().await.unwrap();
    let report: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report["header"]["formatVersion"], "1.1.0");
    assert_eq!(report["header"]["reportId"], ids[0].as_str());
    assert_eq!(report["task"]["taskStage"], "inference");
    let energy_j: f64 = sqlx::query_scalar("select energy_j from measurements where id = $1::uuid")
        .bind(&ids[0])
        .fetch_one(&app.db)
        .await
        .unwrap();
    let back = energy_model::formats::boamps::parse(&text).unwrap();
    assert_eq!(back[0].energy, format!("{} kWh", energy_j / 3.6e6));
    assert_eq!(
        app.another_visitor()
            .get("/measurements/00000000-0000-0000-0000-000000000000/boamps.json")
            .await
            .status(),
        404
    );

    let list = app
        .get("/api/v1/measurements?format=boamps&limit=1&task=text-generation")
        .await;
    assert_eq!(list.status(), 200);
    let next = list.headers()["link"].to_str().unwrap().to_string();
    assert!(
        next.contains("task=text-generation") && next.contains("cursor="),
        "{next}"
    );
    let reports: Vec<Value> = list.json().await.unwrap();
    assert_eq!(reports.len(), 1);
    let path = next
        .trim_start_matches('<')
        .split('>')
        .next()
        .unwrap()
        .to_string();
    let rest: Vec<Value> = app.get(&path).await.json().await.unwrap();
    assert_eq!(rest.len(), 1);
    assert_ne!(
        rest[0]["header"]["reportId"],
        reports[0]["header"]["reportId"]
    );
    assert_eq!(
        app.get("/api/v1/measurements?format=xml").await.status(),
        400
    );
}

/// Boavizta's example BoAmps report goes through the upload like a CodeCarbon file: one run,
/// its two GPUs, its method; the same report again adds nothing.
#[tokio::test]
async fn a_boamps_report_is_uploaded_like_a_codecarbon_file() {
    let app = setup().await;
    let report = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("crates/energy-model/tests/fixtures/boamps/energy-report-llm-inference.json"),
    )
    .unwrap();
    let preview = upload(
        &app,
        report.clone(),
        "report.json",
        "Qwen 3 8B",
        "text-generation",
        "1",
    )
    .await;
    assert_eq!(preview.status(), 200);
    let html = preview.text().await.unwrap();
    assert!(
        html.contains("<dt>New measurements to store</dt><dd>1</dd>"),
        "{html}"
    );
    let id = previewed_upload(&html);
    let done = app
        .submit(
            "/measurements/upload",
            &format!("/measurements/upload/{id}/commit"),
            &[],
        )
        .await;
    assert_eq!(done.status(), 303);
    let progress = done.headers()["location"].to_str().unwrap().to_string();
    follow_until_done(&app, &progress, 1).await;
    let (method, count, energy_j): (String, i32, f64) = sqlx::query_as(
        "select method, device_count, energy_j from measurements where submitter_id is not null",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!((method.as_str(), count), ("codecarbon", 2));
    assert!((energy_j - 0.00267074 * 3.6e6).abs() < 1e-6);
    let again = upload(
        &app,
        report,
        "report.json",
        "Qwen 3 8B",
        "text-generation",
        "1",
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(
        again.contains("<dt>Runs already imported (skipped)</dt><dd>1</dd>"),
        "{again}"
    );
}
