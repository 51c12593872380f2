//! Boards: ranking, medians, IQR and stars on a hand-computed fixture, kept current when
//! measurements are verified; published benchmarks in or out.

use crate::harness::{TestApp, spawn_app};
use serde_json::{Value, json};

pub async fn submit(app: &TestApp, token: &str, model: &str, energy: &str) -> Value {
    let body = json!({
        "model": model, "task": "text-generation", "hardware": "NVIDIA A100 80GB PCIe",
        "energy": energy, "duration": "1 h", "queries": 1000, "method": "nvml", "measured_on": "2026-02-01"
    });
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/measurements"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    r.json().await.unwrap()
}

/// The board's rows as "cell | cell | …", tags stripped.
fn rows(html: &str) -> Vec<String> {
    let body = html
        .split("<tbody>")
        .nth(1)
        .unwrap_or("")
        .split("</tbody>")
        .next()
        .unwrap_or("");
    body.split("</tr>")
        .filter(|r| r.contains("<td"))
        .map(|r| {
            r.split_inclusive("</td>")
                .flat_map(|c| c.split_inclusive("</th>"))
                .filter(|c| c.contains("<td") || c.contains("<th"))
                .map(|c| {
                    let mut text = String::new();
                    let mut in_tag = false;
                    for ch in c.chars() {
                        match ch {
                            '<' => in_tag = true,
                            '>' => in_tag = false,
                            _ if !in_tag => text.push(ch),
                            _ => {}
                        }
                    }
                    text.split_whitespace().collect::<Vec<_>>().join(" ")
                })
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect()
}

#[tokio::test]
async fn boards_rank_by_median_and_follow_moderation() {
    let app = spawn_app().await;
    greenai::demo::seed_catalogues(&app.db).await.unwrap();
    app.member("ann@example.nl").await;
    let ann = crate::measurements::api_token(&app).await;
    for e in ["100 Wh", "400 Wh", "200 Wh"] {
        submit(&app, &ann, "Qwen 3 8B", e).await;
    }
    let bo = app.another_visitor();
    bo.member("bo@example.nl").await;
    let bo_token = crate::measurements::api_token(&bo).await;
    submit(&bo, &bo_token, "Qwen 3 14B", "50 Wh").await;

    let html = app
        .get("/leaderboards/text-generation?published=0")
        .await
        .text()
        .await
        .unwrap();
    let lines = rows(&html);
    assert_eq!(lines.len(), 2, "{lines:?}");
    // Compare box, rank, model, device, size (class), median (IQR), n, how much was checked,
    // seconds per query (1 h over 1,000 queries), stars, g CO2e per 1,000 queries at the
    // Netherlands' grid (374.34 g/kWh).
    assert_eq!(
        lines[0],
        // Nobody checked it yet: the line says so.
        " | 1 | Qwen 3 14B provisional | NVIDIA A100 80GB PCIe | 14 B · A | 50.00 (50.00 – 50.00) | 1 | self-reported 1/1 | 3.60 | ★★★★★ | 18.72"
    );
    assert!(html.contains("provisional"));
    // 100, 200, 400 Wh per 1,000 queries: median 200, IQR 150–300; 74.87 g at the NL grid;
    // one star (the top of its size class's range on this device).
    assert_eq!(
        lines[1],
        " | 2 | Qwen 3 8B | NVIDIA A100 80GB PCIe | 8.0 B · A | 200 (150 – 300) | 3 | self-reported 3/3 | 3.60 | ★ | 74.87"
    );
    // More columns: contributors, g CO2e at the measurements' own grid (no region given: the
    // world's 475 g/kWh, so 95 g) and microwave-seconds (0.2 Wh a query is 0.72 s of a
    // 1,000 W microwave). No line states output tokens: that column stays hidden.
    let more = rows(
        &app.get("/leaderboards/text-generation?published=0&cols=more")
            .await
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(
        more[1],
        " | 2 | Qwen 3 8B | NVIDIA A100 80GB PCIe | 8.0 B · A | 200 (150 – 300) | 3 | self-reported 3/3 | 3.60 | ★ | 74.87 | 1 | 95.00 | 0.7200"
    );

    // A flagged measurement counts once a moderator verifies it.
    let pending = submit(&app, &ann, "Qwen 3 8B", "5000 Wh").await;
    assert_eq!(pending["status"], "pending");
    let before: (i32, f64) = sqlx::query_as("select count, median from board_entries b join ai_models a on a.id = b.model_id where a.slug = 'qwen3-8b' and not include_published")
        .fetch_one(&app.db).await.unwrap();
    assert_eq!(before, (3, 200.0));
    let moderator = app.another_visitor();
    moderator.with_role("mod@example.nl", "researcher").await;
    crate::measurements::verify_in_queue(&moderator, pending["id"].as_str().unwrap()).await;
    let after: (i32, f64, f64, f64) = sqlx::query_as("select count, median, q1, q3 from board_entries b join ai_models a on a.id = b.model_id where a.slug = 'qwen3-8b' and not include_published")
        .fetch_one(&app.db).await.unwrap();
    // 100, 200, 400, 5000: median 300, q1 175, q3 1550 (linear interpolation).
    assert_eq!(after, (4, 300.0, 175.0, 1550.0));

    // Published benchmarks come in when asked for, labelled by their own contributors.
    import_ai_energy_score(&app).await;
    let community = rows(
        &app.get("/leaderboards/text-generation?published=0")
            .await
            .text()
            .await
            .unwrap(),
    );
    let all = rows(
        &app.get("/leaderboards/text-generation")
            .await
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(community.len(), 2);
    // Like for like: the board opens on the device with the most data, AI Energy Score's
    // H100 with its 62 models (25 to a page); the community's A100 lines are on the A100's.
    assert_eq!(all.len(), 25);
    assert!(all.iter().all(|l| l.contains("H100")), "{all:?}");
    // Pooled across devices when asked: 62 published models and the community's 2.
    let third = rows(
        &app.get("/leaderboards/text-generation?pool=1&page=3")
            .await
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(third.len(), 14);
    assert!(third[0].starts_with(" | 51 | "), "{}", third[0]);
    assert_eq!(
        app.get("/leaderboards/text-generation?page=0")
            .await
            .status(),
        400
    );
    let nl = app
        .another_visitor()
        .get_with(
            "/leaderboards/text-generation",
            &[("accept-language", "nl")],
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(nl.contains("Tekstgeneratie en chat") && nl.contains("Mediaan"));
    assert_eq!(app.get("/leaderboards/knitting").await.status(), 404);
    // The exports say what the page says.
    let json: Value = app
        .get("/api/v1/leaderboards/text-generation?published=0")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json["unit"], "wh_per_1000_queries");
    assert!(json["licence"].as_str().unwrap().contains("CC BY 4.0"));
    let json_rows = json["rows"].as_array().unwrap();
    assert_eq!(json_rows.len(), community.len());
    assert_eq!(json_rows[0]["model_name"], "Qwen 3 14B");
    assert_eq!(json_rows[1]["median"], 300.0);
    assert_eq!(json_rows[1]["q1"], 175.0);
    assert_eq!(json_rows[1]["count"], 4);
    let csv_text = app
        .get("/leaderboards/text-generation/export.csv?published=0")
        .await
        .text()
        .await
        .unwrap();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        &header[..6],
        [
            "rank",
            "model",
            "model_name",
            "total_params_billions",
            "unit",
            "median"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), json_rows.len());
    for (record, row) in records.iter().zip(json_rows) {
        assert_eq!(record[1], *row["model"].as_str().unwrap());
        assert_eq!(
            record[5].parse::<f64>().unwrap(),
            row["median"].as_f64().unwrap()
        );
    }
    // The whole board is the view the page opens on: the H100's 62 lines.
    let all_csv = app
        .get("/leaderboards/text-generation/export.csv")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(all_csv.lines().count() - 1, 62);

    let index = app.get("/leaderboards").await.text().await.unwrap();
    assert!(index.contains("/leaderboards/text-generation"));
}

/// Imports AI Energy Score's text generation board; returns the file's text.
async fn import_ai_energy_score(app: &TestApp) -> String {
    let text = String::from_utf8(crate::measurements::published(
        "ai-energy-score/text_generation.csv",
    ))
    .unwrap();
    greenai::features::measurements::import::ai_energy_score(
        &app.db,
        &text,
        energy_model::Task::TextGeneration,
    )
    .await
    .unwrap();
    text
}

async fn submit_with(app: &TestApp, token: &str, fields: Value) -> Value {
    let mut body = json!({
        "task": "text-generation", "hardware": "NVIDIA A100 80GB PCIe", "duration": "1 h",
        "queries": 1000, "method": "nvml", "measured_on": "2026-02-01"
    });
    for (k, v) in fields.as_object().unwrap() {
        body[k] = v.clone();
    }
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/measurements"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    r.json().await.unwrap()
}

async fn page(app: &TestApp, path: &str) -> Vec<String> {
    let r = app.get(path).await;
    assert_eq!(r.status(), 200, "{path}");
    rows(&r.text().await.unwrap())
}

/// Model name and median of each line, in order.
fn names_and_medians(lines: &[String]) -> Vec<(String, String)> {
    lines
        .iter()
        .map(|l| {
            let cells: Vec<&str> = l.split(" | ").collect();
            // The model's name, without the badge after it; the median before its spread.
            let name = cells[2].split(" provisional").next().unwrap_or("");
            let median = cells
                .iter()
                .find(|c| c.contains(" (") && c.contains(" – "))
                .and_then(|c| c.split(" (").next())
                .unwrap_or("");
            (name.to_string(), median.to_string())
        })
        .collect()
}

#[tokio::test]
async fn boards_filter_sort_compare_and_answer_conditional_gets() {
    let app = spawn_app().await;
    greenai::demo::seed_catalogues(&app.db).await.unwrap();
    app.member("ann@example.nl").await;
    let ann = crate::measurements::api_token(&app).await;
    submit_with(
        &app,
        &ann,
        json!({"model": "Qwen 3 8B", "energy": "100 Wh"}),
    )
    .await;
    submit_with(
        &app,
        &ann,
        json!({"model": "Qwen 3 8B", "energy": "300 Wh", "hardware": "NVIDIA H100 80GB HBM3",
               "method": "codecarbon", "measured_on": "2026-03-01", "precision": "int4"}),
    )
    .await;
    submit_with(
        &app,
        &ann,
        json!({"model": "Qwen 3 14B", "energy": "50 Wh"}),
    )
    .await;

    let q = |pairs: &str| format!("/leaderboards/text-generation?{pairs}");
    // Like for like: the A100, with the most measurements, by default …
    let all = names_and_medians(&page(&app, &q("")).await);
    assert_eq!(
        all,
        [
            ("Qwen 3 14B".into(), "50.00".into()),
            ("Qwen 3 8B".into(), "100".into())
        ]
    );
    // … and the two devices pooled only when asked for.
    let pooled = names_and_medians(&page(&app, &q("pool=1")).await);
    assert_eq!(
        pooled,
        [
            ("Qwen 3 14B".into(), "50.00".into()),
            ("Qwen 3 8B".into(), "200".into())
        ]
    );
    // Each filter narrows the measurements a line is computed from.
    let h100 = [("Qwen 3 8B".to_string(), "300".to_string())];
    for filter in [
        "hardware=h100-sxm",
        "method=codecarbon",
        "precision=int4",
        "from=2026-02-15",
    ] {
        assert_eq!(
            names_and_medians(&page(&app, &q(filter)).await),
            h100,
            "{filter}"
        );
    }
    assert_eq!(
        names_and_medians(&page(&app, &q("until=2026-02-15&hardware=gpu")).await),
        [
            ("Qwen 3 14B".into(), "50.00".into()),
            ("Qwen 3 8B".into(), "100".into())
        ]
    );
    assert!(page(&app, &q("optimisation=distillation")).await.is_empty());
    assert!(page(&app, &q("source=ai-energy-score")).await.is_empty());
    // Sorting keeps each model's rank by median.
    let by_name = page(&app, &q("sort=name&dir=desc")).await;
    assert!(by_name[0].starts_with(" | 2 | Qwen 3 8B"), "{by_name:?}");
    let by_count = page(&app, &q("sort=count&dir=desc")).await;
    assert!(by_count[0].contains("Qwen 3 8B"), "{by_count:?}");
    let by_params = page(&app, &q("sort=params")).await;
    assert!(by_params[0].contains("Qwen 3 8B"), "{by_params:?}");
    // The export of a filtered view has the page's lines.
    let csv_text = app
        .get("/leaderboards/text-generation/export.csv?hardware=h100-sxm")
        .await
        .text()
        .await
        .unwrap();
    let records: Vec<csv::StringRecord> = csv::Reader::from_reader(csv_text.as_bytes())
        .records()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(records.len(), 1);
    assert_eq!((&records[0][1], &records[0][5]), ("qwen3-8b", "300"));
    let json: Value = app
        .get("/leaderboards/text-generation/export.json?grid=FR&hardware=h100-sxm")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json["filters"]["hardware"], "h100-sxm");
    assert_eq!(json["reference_grid"], "FR");
    let fr = json["reference_grid_g_per_kwh"].as_f64().unwrap();
    let at_fr = json["rows"][0]["co2e_g_reference_grid"].as_f64().unwrap();
    assert!((at_fr - 300.0 / 1000.0 * fr).abs() < 1e-9);

    // A value the board does not know is named, in the visitor's language.
    let bad = app.get(&q("hardware=toaster")).await;
    assert_eq!(bad.status(), 400);
    let text = bad.text().await.unwrap();
    assert!(text.contains("cannot be filtered by hardware") && text.contains("toaster"));
    let bad_nl = app
        .another_visitor()
        .get_with(&q("from=yesterday"), &[("accept-language", "nl")])
        .await;
    assert_eq!(bad_nl.status(), 400);
    let text = bad_nl.text().await.unwrap();
    assert!(text.contains("niet gefilterd"), "{text}");

    // Charts with their text alternative; the compare and model pages.
    let html = app.get(&q("")).await.text().await.unwrap();
    assert!(
        html.contains(r#"<svg class="chart""#) && html.contains("<desc id=\"board-ranges-d\">")
    );
    assert!(html.contains("board-scatter"));
    // A line is a model on a device: the board's tick boxes name both.
    let ids: Vec<&str> = html
        .split(r#"name="m" value=""#)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.iter().all(|id| id.contains('@')), "{ids:?}");
    let compare = app
        .get(&format!(
            "/leaderboards/text-generation/compare?m={}&m={}",
            ids[0], ids[1]
        ))
        .await;
    assert_eq!(compare.status(), 200);
    let compare = compare.text().await.unwrap();
    assert!(compare.contains("Qwen 3 14B") && compare.contains("compare-strip"));
    // Pooled lines are named by their model alone.
    let pooled = app
        .get("/leaderboards/text-generation/compare?pool=1&m=qwen3-8b&m=qwen3-14b")
        .await;
    assert_eq!(pooled.status(), 200);
    assert!(pooled.text().await.unwrap().contains("pooled"));
    // One model is not a comparison: the board's lines come back to pick from, the one
    // ticked still ticked, with the board's filters and reference grid.
    let one = app
        .get(&format!(
            "/leaderboards/text-generation/compare?grid=DE&m={}",
            ids[0]
        ))
        .await;
    assert_eq!(one.status(), 400);
    let one = one.text().await.unwrap();
    assert!(one.contains("Pick 2 to 4 models"), "{one}");
    assert!(
        one.contains(&format!(r#"name="m" value="{}" checked"#, ids[0])),
        "{one}"
    );
    assert!(one.contains(&format!(r#"name="m" value="{}">"#, ids[1])));
    assert!(one.contains(r#"name="grid" value="DE""#), "{one}");
    assert!(
        one.contains("/leaderboards/text-generation?grid=DE"),
        "{one}"
    );
    // The board's compare form carries the grid it shows.
    let de = app
        .get("/leaderboards/text-generation?grid=DE")
        .await
        .text()
        .await
        .unwrap();
    assert!(de.contains(r#"name="grid" value="DE""#));
    let model = app.get("/models/qwen3-8b").await;
    assert_eq!(model.status(), 200);
    let model = model.text().await.unwrap();
    assert!(model.contains("NVIDIA A100 80GB PCIe") && model.contains("H100"));
    assert!(model.contains("strip-text-generation") && model.contains("/measurements/"));
    assert!(model.contains("2 verified measurements"));
    // Its place on each device's board: second of two on the A100, alone on the H100.
    assert!(
        model.contains(">2 / 2</a>") && model.contains(">1 / 1</a>"),
        "{model}"
    );
    assert_eq!(app.get("/models/qwen3-8b?page=zzz").await.status(), 200);
    let model_nl = app
        .another_visitor()
        .get_with("/models/qwen3-8b", &[("accept-language", "nl")])
        .await
        .text()
        .await
        .unwrap();
    assert!(model_nl.contains("Geverifieerde metingen"));

    // Conditional GETs: 304 while the board is unchanged, 200 once it changed. Signed-in
    // pages carry a name and a form token: private.
    assert_eq!(
        app.get(&q("")).await.headers()["cache-control"],
        "private, no-cache"
    );
    let anon = app.another_visitor();
    let first = anon.get(&q("")).await;
    let etag = first.headers()["etag"].to_str().unwrap().to_string();
    let modified = first.headers()["last-modified"]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(first.headers()["cache-control"], "public, max-age=60");
    let again = anon.get_with(&q(""), &[("if-none-match", &etag)]).await;
    assert_eq!(again.status(), 304);
    // The kept page goes out gzipped to clients that take it, and says the same.
    let plain = anon.get(&q("")).await.bytes().await.unwrap();
    let zipped = anon.get_with(&q(""), &[("accept-encoding", "gzip")]).await;
    assert_eq!(zipped.headers()["content-encoding"], "gzip");
    let zipped = zipped.bytes().await.unwrap();
    assert!(
        zipped.len() * 3 < plain.len(),
        "{} vs {}",
        zipped.len(),
        plain.len()
    );
    let mut unzipped = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&zipped[..]),
        &mut unzipped,
    )
    .unwrap();
    assert_eq!(unzipped, plain);
    let refused = anon
        .get_with(&q(""), &[("accept-encoding", "gzip;q=0")])
        .await;
    assert!(refused.headers().get("content-encoding").is_none());
    let since = anon
        .get_with(&q(""), &[("if-modified-since", &modified)])
        .await;
    assert_eq!(since.status(), 304);
    submit_with(
        &app,
        &ann,
        json!({"model": "Qwen 3 14B", "energy": "70 Wh"}),
    )
    .await;
    let changed = anon.get_with(&q(""), &[("if-none-match", &etag)]).await;
    assert_eq!(changed.status(), 200);
    assert_ne!(changed.headers()["etag"].to_str().unwrap(), etag);
    let lines = names_and_medians(&rows(&changed.text().await.unwrap()));
    assert_eq!(lines[0], ("Qwen 3 14B".into(), "60.00".into()));

    // The API's board is kept per version too: JSON, its validators, 304 while unchanged,
    // gzipped for clients that take it, and the new figures once the board changed.
    let api = "/api/v1/leaderboards/text-generation";
    let first = anon.get(api).await;
    assert_eq!(first.headers()["content-type"], "application/json");
    let etag = first.headers()["etag"].to_str().unwrap().to_string();
    let body: Value = first.json().await.unwrap();
    assert_eq!(body["rows"][0]["median"], 60.0);
    assert_eq!(
        anon.get_with(api, &[("if-none-match", &etag)])
            .await
            .status(),
        304
    );
    let zipped = anon.get_with(api, &[("accept-encoding", "gzip")]).await;
    assert_eq!(zipped.headers()["content-encoding"], "gzip");
    submit_with(
        &app,
        &ann,
        json!({"model": "Qwen 3 14B", "energy": "20 Wh"}),
    )
    .await;
    let changed = anon.get_with(api, &[("if-none-match", &etag)]).await;
    assert_eq!(changed.status(), 200);
    let body: Value = changed.json().await.unwrap();
    assert_eq!(body["rows"][0]["median"], 50.0);
    // The page's figures are kept per board version: a new measurement shows at once.
    submit_with(
        &app,
        &ann,
        json!({"model": "Qwen 3 8B", "hardware": "NVIDIA H100 80GB HBM3", "energy": "120 Wh"}),
    )
    .await;
    let model = app.get("/models/qwen3-8b").await.text().await.unwrap();
    assert!(model.contains("3 verified measurements"), "{model}");
}

#[tokio::test]
async fn board_stars_match_ai_energy_score_after_import() {
    let app = spawn_app().await;
    greenai::demo::seed_catalogues(&app.db).await.unwrap();
    let text = import_ai_energy_score(&app).await;
    // AI Energy Score rates each edition on its own: the board over that edition's month.
    let mut compared = 0;
    for (edition, period) in [
        ("Feb 25", "from=2025-02-01&until=2025-02-28"),
        ("Dec 25", "from=2025-12-01&until=2025-12-31"),
    ] {
        let json: Value = app
            .get(&format!(
                "/api/v1/leaderboards/text-generation?source=ai-energy-score&{period}"
            ))
            .await
            .json()
            .await
            .unwrap();
        let rows = json["rows"].as_array().unwrap();
        let mut published = csv::Reader::from_reader(text.as_bytes());
        let mut in_edition = 0;
        for record in published.records() {
            let record = record.unwrap();
            if &record[4] != edition {
                continue;
            }
            let slug = energy_model::formats::model_slug(&record[0]);
            let row = rows
                .iter()
                .find(|r| r["model"] == slug.as_str())
                .unwrap_or_else(|| panic!("{slug} not on the board"));
            assert_eq!(
                row["stars"].as_u64().unwrap().to_string(),
                &record[2],
                "{slug} ({edition})"
            );
            in_edition += 1;
        }
        assert_eq!(in_edition, rows.len());
        compared += in_edition;
    }
    assert_eq!(compared, 62);
}

/// The first edition's task files (no test date, no class): imported, each board's stars are
/// AI Energy Score's, within the task whatever size the catalogue knows of a model; importing
/// again changes nothing.
#[tokio::test]
async fn first_edition_boards_have_ai_energy_scores_stars() {
    let app = spawn_app().await;
    greenai::demo::seed_catalogues(&app.db).await.unwrap();
    let mut compared = 0;
    for (file, task) in [
        ("asr", "speech-recognition"),
        ("image_captioning", "image-captioning"),
        ("image_classification", "image-classification"),
        ("image_generation", "image-generation"),
        ("object_detection", "object-detection"),
        ("question_answering", "question-answering"),
        ("sentence_similarity", "embeddings"),
        ("summarization", "summarization"),
        ("text_classification", "text-classification"),
    ] {
        let text = String::from_utf8(crate::measurements::published(&format!(
            "ai-energy-score/first-edition/{file}.csv"
        )))
        .unwrap();
        let task = energy_model::Task::from_slug(task).unwrap();
        let import =
            || greenai::features::measurements::import::ai_energy_score(&app.db, &text, task);
        let first = import().await.unwrap();
        assert!(first.rejected.is_empty(), "{file}: {:?}", first.rejected);
        let again = import().await.unwrap();
        assert_eq!((again.added, again.unchanged), (0, first.added), "{file}");
        let json: Value = app
            .get(&format!(
                "/api/v1/leaderboards/{}?source=ai-energy-score&from=2025-02-01&until=2025-02-28",
                task.slug()
            ))
            .await
            .json()
            .await
            .unwrap();
        let rows = json["rows"].as_array().unwrap();
        let mut published = csv::Reader::from_reader(text.as_bytes());
        let records: Vec<csv::StringRecord> = published.records().map(Result::unwrap).collect();
        assert_eq!(
            first.added as usize,
            records.len(),
            "{file}: every row stored"
        );
        for record in &records {
            let slug = energy_model::formats::model_slug(&record[0]);
            // A model listed twice is one line (the median of its two figures).
            if records.iter().filter(|r| r[0] == record[0]).count() > 1 {
                continue;
            }
            let row = rows
                .iter()
                .find(|r| r["model"] == slug.as_str())
                .unwrap_or_else(|| panic!("{slug} not on the {file} board"));
            assert_eq!(
                row["stars"].as_u64().unwrap().to_string(),
                &record[2],
                "{slug} ({file})"
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 122);
}

#[tokio::test]
async fn a_deleted_account_leaves_its_verified_figures_on_the_boards() {
    let app = spawn_app().await;
    greenai::demo::seed_catalogues(&app.db).await.unwrap();
    app.member("ann@example.nl").await;
    let ann = crate::measurements::api_token(&app).await;
    submit(&app, &ann, "Qwen 3 8B", "100 Wh").await;
    submit(&app, &ann, "Qwen 3 8B", "300 Wh").await;
    let before = rows(
        &app.another_visitor()
            .get("/leaderboards/text-generation")
            .await
            .text()
            .await
            .unwrap(),
    );
    let done = app
        .submit(
            "/account/delete",
            "/account/delete",
            &[("current_password", crate::accounts::PASSWORD)],
        )
        .await;
    assert_eq!(done.status(), 303);
    let after = rows(
        &app.another_visitor()
            .get("/leaderboards/text-generation")
            .await
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(before, after);
    assert!(after[0].contains("| 200 (150 – 250) |"), "{}", after[0]);
}

#[tokio::test]
async fn a_board_read_while_a_change_commits_shows_the_change_right_after() {
    let app = spawn_app().await;
    greenai::demo::seed_catalogues(&app.db).await.unwrap();
    app.member("ann@example.nl").await;
    let token = crate::measurements::api_token(&app).await;
    submit(&app, &token, "Qwen 3 8B", "100 Wh").await;
    let board = "/leaderboards/text-generation?published=0";
    assert_eq!(rows(&app.get(board).await.text().await.unwrap()).len(), 1);
    // A second model's measurement, written and its board marked, but not yet committed …
    let mut tx = app.db.begin().await.unwrap();
    sqlx::query(
        "insert into measurements (submitter_id, source, model_id, task, hardware_slug,
                                   device_count, energy_j, duration_s, queries, method,
                                   grid_intensity, measured_on, raw, wh_per_1000_queries,
                                   co2e_g, flags, flag_count, status)
         select submitter_id, source, (select id from ai_models where slug = 'qwen3-14b'), task,
                hardware_slug, device_count, energy_j, duration_s, queries, method,
                grid_intensity, measured_on, raw, wh_per_1000_queries, co2e_g, flags,
                flag_count, status
           from measurements limit 1",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    let model: i64 = sqlx::query_scalar("select id from ai_models where slug = 'qwen3-14b'")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    greenai::store::boards::mark(&mut tx, energy_model::Task::TextGeneration, model)
        .await
        .unwrap();
    // … a visitor reads the board in that moment (the old board, rightly) …
    assert_eq!(rows(&app.get(board).await.text().await.unwrap()).len(), 1);
    greenai::store::boards::commit(tx, true).await.unwrap();
    // … and the next read, within the second the versions are trusted, has the new line.
    assert_eq!(rows(&app.get(board).await.text().await.unwrap()).len(), 2);
}

#[tokio::test]
async fn boards_say_how_much_was_checked_and_filter_by_it() {
    let app = spawn_app().await;
    greenai::demo::seed_catalogues(&app.db).await.unwrap();
    app.member("ann@example.nl").await;
    let token = crate::measurements::api_token(&app).await;
    let checked = submit(&app, &token, "Qwen 3 8B", "100 Wh").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    submit(&app, &token, "Qwen 3 8B", "300 Wh").await;
    let researcher = app.another_visitor();
    researcher.with_role("rita@example.nl", "researcher").await;
    let r = crate::measurements::verify_in_queue(&researcher, &checked).await;
    assert_eq!(r.status(), 303);

    let board = "/leaderboards/text-generation?source=community";
    let all = rows(&app.get(board).await.text().await.unwrap());
    assert!(all[0].contains("verified 1/2"), "{all:?}");
    assert!(all[0].contains("self-reported 1/2"), "{all:?}");
    assert!(
        all[0].contains(" | 200 (150 – 250) | "),
        "median of both: {all:?}"
    );
    let only = rows(
        &app.get(&format!("{board}&tier=verified"))
            .await
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(only.len(), 1);
    assert!(
        only[0].contains(" | 100 (100 – 100) | "),
        "the checked one alone: {only:?}"
    );
    let csv = app
        .get("/leaderboards/text-generation/export.csv?source=community")
        .await
        .text()
        .await
        .unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let line: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    let col = |name: &str| line[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(
        (col("verified_count"), col("self_reported_count")),
        ("1", "1")
    );
    let api: Value = app
        .get("/api/v1/leaderboards/text-generation?tier=verified")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(api["filters"]["tier"], "verified");
    assert_eq!(api["rows"][0]["verified_count"], 1);
    assert_eq!(
        app.get(&format!("{board}&tier=whatever")).await.status(),
        400
    );
}

/// Numbers with a decimal point in a text: `12.5`, not `1.000` (Dutch thousands grouping).
fn decimal_points(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for i in 1..chars.len().saturating_sub(1) {
        if chars[i] != '.' || !chars[i - 1].is_ascii_digit() || !chars[i + 1].is_ascii_digit() {
            continue;
        }
        let after = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if after == 3 {
            continue; // 1.000: a thousands separator
        }
        found.push(text.to_string());
    }
    found
}

#[tokio::test]
async fn dutch_boards_write_every_figure_with_a_decimal_comma() {
    let app = spawn_app().await;
    greenai::demo::seed(&app.db).await.unwrap();
    for path in [
        "/leaderboards/text-generation",
        "/leaderboards/text-generation?source=community",
        "/leaderboards/text-generation?hardware=gpu",
        "/leaderboards/text-generation?hardware=all&cols=more",
        "/leaderboards/text-generation?pool=1&cols=more",
    ] {
        let html = app
            .get_with(path, &[("accept-language", "nl")])
            .await
            .text()
            .await
            .unwrap();
        assert!(html.contains("lang=\"nl\""), "{path}");
        // Country names, licences and words in Dutch.
        assert!(html.contains(">Nederland</option>"), "{path}");
        assert!(html.contains("metingen van de gemeenschap"), "{path}");
        // Every cell of every line but the model's and the device's names.
        let figures: Vec<String> = rows(&html)
            .iter()
            .flat_map(|line| {
                line.split(" | ")
                    .enumerate()
                    .filter(|(i, _)| *i != 2 && *i != 3)
                    .map(|(_, cell)| cell.to_string())
                    .collect::<Vec<_>>()
            })
            .collect();
        assert!(!figures.is_empty() || path.contains("community"), "{path}");
        let points: Vec<String> = figures.iter().flat_map(|f| decimal_points(f)).collect();
        assert!(points.is_empty(), "{path}: {points:?}");
    }
    // A measurement's page: its results column, in Dutch.
    let id: String = sqlx::query_scalar("select id::text from measurements limit 1")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let html = app
        .get_with(&format!("/measurements/{id}"), &[("accept-language", "nl")])
        .await
        .text()
        .await
        .unwrap();
    let results = html.split("<dl class=\"facts\">").nth(1).unwrap_or("");
    let results = results.split("</dl>").next().unwrap_or("");
    assert!(decimal_points(results).is_empty(), "{results}");
    assert!(html.contains("g/kWh"), "{html}");
    // The sources: our own licence wording and the editions' months in Dutch.
    let sources = app
        .get_with("/sources", &[("accept-language", "nl")])
        .await
        .text()
        .await
        .unwrap();
    assert!(
        sources.contains("zoals gepubliceerd door AI Energy Score"),
        "{sources}"
    );
    assert!(sources.contains("feb 25, dec 25"), "{sources}");
}

#[tokio::test]
async fn empty_boards_and_empty_results_say_so_and_sorting_shows() {
    let app = spawn_app().await;
    greenai::demo::seed(&app.db).await.unwrap();
    let index = app.get("/leaderboards").await.text().await.unwrap();
    assert!(
        index.contains(r#"<a href="/leaderboards/text-generation">"#),
        "a board with lines is a link"
    );
    assert!(
        !index.contains(r#"<a href="/leaderboards/training">"#),
        "an empty board is not: {index}"
    );
    assert!(index.contains("no measurements yet"));
    let none = app
        .get("/leaderboards/text-generation?source=community&precision=int4")
        .await
        .text()
        .await
        .unwrap();
    assert!(none.contains("Nothing matches these filters."), "{none}");
    assert!(none.contains(r#"<a href="/leaderboards/text-generation">Show the whole board</a>"#));
    let sorted = app
        .get("/leaderboards/text-generation?sort=count&dir=desc")
        .await
        .text()
        .await
        .unwrap();
    assert!(sorted.contains(r#"aria-sort="descending""#));
    assert!(sorted.contains(r#"<span aria-hidden="true"> ▼</span>"#));
}

#[tokio::test]
async fn lines_are_like_for_like_with_stars_per_device_and_pooling_only_when_asked() {
    let app = spawn_app().await;
    greenai::demo::seed_catalogues(&app.db).await.unwrap();
    app.member("ann@example.nl").await;
    let ann = crate::measurements::api_token(&app).await;
    let a100 = "NVIDIA A100 80GB PCIe";
    let rtx = "RTX 4090";
    for (model, hardware, energy) in [
        ("Qwen 3 8B", a100, "100 Wh"),
        ("Qwen 3 8B", a100, "300 Wh"),
        ("Qwen 3 14B", a100, "50 Wh"),
        ("Qwen 3 8B", rtx, "60 Wh"),
        ("Qwen 3 14B", rtx, "120 Wh"),
    ] {
        let stored = submit_with(
            &app,
            &ann,
            json!({"model": model, "hardware": hardware, "energy": energy}),
        )
        .await;
        assert_eq!(stored["status"], "verified", "{stored}");
    }
    // (model, device, median, stars) of a view, from its JSON.
    let lines = |query: &'static str| {
        let app = &app;
        async move {
            let json: Value = app
                .get(&format!("/api/v1/leaderboards/text-generation?{query}"))
                .await
                .json()
                .await
                .unwrap();
            json["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    (
                        r["model"].as_str().unwrap().to_string(),
                        r["device_name"].as_str().unwrap_or("pooled").to_string(),
                        r["median"].as_f64().unwrap(),
                        r["stars"].as_u64().unwrap(),
                    )
                })
                .collect::<Vec<_>>()
        }
    };
    let line =
        |m: &str, d: &str, median: f64, stars: u64| (m.to_string(), d.to_string(), median, stars);
    // By default the device with the most measurements (the A100's 3): 14B is the lowest of
    // size class A there (five stars), 8B's median of 100 and 300 the highest (one).
    let by_default = vec![
        line("qwen3-14b", a100, 50.0, 5),
        line("qwen3-8b", a100, 200.0, 1),
    ];
    assert_eq!(lines("").await, by_default);
    assert_eq!(lines("hardware=data-centre").await, by_default);
    // On the RTX 4090 the order turns: stars are computed per device, never across.
    let consumer = vec![
        line("qwen3-8b", rtx, 60.0, 5),
        line("qwen3-14b", rtx, 120.0, 1),
    ];
    assert_eq!(lines("hardware=consumer").await, consumer);
    // Every device: a line per model × device, ranked together, starred per device.
    assert_eq!(
        lines("hardware=all").await,
        vec![
            line("qwen3-14b", a100, 50.0, 5),
            line("qwen3-8b", rtx, 60.0, 5),
            line("qwen3-14b", rtx, 120.0, 1),
            line("qwen3-8b", a100, 200.0, 1),
        ]
    );
    // The API gives the lines in pages, with the way to the next.
    let json: Value = app
        .get("/api/v1/leaderboards/text-generation?hardware=all&per_page=3")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (json["total"].as_u64(), json["pages"].as_u64()),
        (Some(4), Some(2))
    );
    assert_eq!(json["rows"].as_array().unwrap().len(), 3);
    let next = json["next"].as_str().unwrap().to_string();
    let last: Value = app.get(&next).await.json().await.unwrap();
    assert_eq!(last["rows"][0]["rank"], 4);
    assert!(last["next"].is_null());
    assert_eq!(
        app.get("/api/v1/leaderboards/text-generation?per_page=5000")
            .await
            .status(),
        400
    );
    // Pooled only when asked, and labelled: 8B over 60, 100, 300 (median 100), 14B over 50
    // and 120 (median 85).
    assert_eq!(
        lines("pool=1").await,
        vec![
            line("qwen3-14b", "pooled", 85.0, 5),
            line("qwen3-8b", "pooled", 100.0, 1),
        ]
    );
    let html = app
        .get("/leaderboards/text-generation?pool=1")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Pooled across devices") && html.contains(">pooled</span>"));
    let html = app
        .get("/leaderboards/text-generation")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("the device with the most measurements"),
        "{html}"
    );
    // The selector shows which device that is.
    assert!(
        html.contains(" selected>NVIDIA A100 80GB PCIe (2 models)</option>"),
        "{html}"
    );
}

#[tokio::test]
async fn a_board_draws_time_against_energy_with_its_pareto_frontier() {
    let app = spawn_app().await;
    greenai::demo::seed_catalogues(&app.db).await.unwrap();
    app.member("ann@example.nl").await;
    let ann = crate::measurements::api_token(&app).await;
    // Seconds per query (duration over 1,000 queries) and Wh per 1,000 queries on one device:
    // Qwen VL 1.8 s and 150 Wh, Qwen 8B 3.6 s and 200 Wh (beaten on both by VL), Qwen 14B
    // 7.2 s and 50 Wh. The frontier: Qwen VL, then Qwen 14B.
    for (model, duration, energy) in [
        ("Qwen 3 VL 8B Instruct", "0.5 h", "150 Wh"),
        ("Qwen 3 8B", "1 h", "200 Wh"),
        ("Qwen 3 14B", "2 h", "50 Wh"),
    ] {
        submit_with(
            &app,
            &ann,
            json!({"model": model, "duration": duration, "energy": energy}),
        )
        .await;
    }
    let json: Value = app
        .get("/api/v1/leaderboards/text-generation")
        .await
        .json()
        .await
        .unwrap();
    let seconds: Vec<f64> = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["seconds_per_unit_median"].as_f64().unwrap())
        .collect();
    assert_eq!(seconds, [7.2, 1.8, 3.6]);
    let html = app
        .get("/leaderboards/text-generation")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"id="board-pareto-t""#));
    let caption = html
        .split("On the frontier (no other line is both faster and more frugal):")
        .nth(1)
        .unwrap()
        .split("</p>")
        .next()
        .unwrap()
        .trim()
        .to_string();
    assert_eq!(caption, "Qwen 3 VL 8B Instruct, Qwen 3 14B");
    // The dominated line is drawn hollow, the frontier joined by one line.
    let chart = html.split(r#"id="board-pareto-t""#).nth(1).unwrap();
    let chart = chart.split("</svg>").next().unwrap();
    assert_eq!(chart.matches(r#"class="frontier""#).count(), 1);
    assert_eq!(chart.matches(r#"class="dot hollow""#).count(), 1);
}
