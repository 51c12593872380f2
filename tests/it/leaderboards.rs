//! Boards: ranking, medians, IQR and stars on a hand-computed fixture, kept current when
//! measurements are verified; published benchmarks in or out.

use crate::harness::{TestApp, spawn_app};
use serde_json::{Value, json};

async fn submit(app: &TestApp, token: &str, model: &str, energy: &str) -> Value {
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
            r.split("</td>")
                .filter(|c| c.contains("<td"))
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
    // Compare box, rank, model, params, median, IQR, count, contributors, hardware, stars,
    // g CO2e per 1,000 queries at the world grid (no region given: 475 g/kWh) and at the
    // Netherlands' (374.34 g/kWh), microwave-seconds.
    assert_eq!(
        lines[0],
        " | 1 | Qwen 3 14B provisional | 14 B | 50.00 | 50.00 – 50.00 | 1 | 1 | NVIDIA A100 80GB PCIe | ★★★★★ | 23.75 | 18.72 | 0.1800"
    );
    assert!(html.contains("provisional"));
    // 100, 200, 400 Wh per 1,000 queries: median 200, IQR 150–300; CO2e medians 95 g (own
    // grid) and 74.87 g (NL); 0.2 Wh a query is 0.72 s of a 1,000 W microwave; one star (the
    // top of its size class's range).
    assert_eq!(
        lines[1],
        " | 2 | Qwen 3 8B | 8.0 B | 200 | 150 – 300 | 3 | 1 | NVIDIA A100 80GB PCIe | ★ | 95.00 | 74.87 | 0.7200"
    );

    // A flagged measurement counts once a moderator verifies it.
    let pending = submit(&app, &ann, "Qwen 3 8B", "5000 Wh").await;
    assert_eq!(pending["status"], "pending");
    let before: (i32, f64) = sqlx::query_as("select count, median from board_entries b join ai_models a on a.id = b.model_id where a.slug = 'qwen3-8b' and not include_published")
        .fetch_one(&app.db).await.unwrap();
    assert_eq!(before, (3, 200.0));
    let moderator = app.another_visitor();
    moderator.with_role("mod@example.nl", "researcher").await;
    let field = format!("m_{}", pending["id"].as_str().unwrap());
    moderator
        .submit(
            "/moderation",
            "/moderation",
            &[(field.as_str(), "on"), ("action", "verify")],
        )
        .await;
    let after: (i32, f64, f64, f64) = sqlx::query_as("select count, median, q1, q3 from board_entries b join ai_models a on a.id = b.model_id where a.slug = 'qwen3-8b' and not include_published")
        .fetch_one(&app.db).await.unwrap();
    // 100, 200, 400, 5000: median 300, q1 175, q3 1550 (linear interpolation).
    assert_eq!(after, (4, 300.0, 175.0, 1550.0));

    // Published benchmarks come in when asked for, labelled by their own contributors.
    let text = std::fs::read_to_string(
        crate::measurements::shared_data().join("ai-energy-score/text_generation.csv"),
    )
    .unwrap();
    greenai::measurements::import::ai_energy_score(
        &app.db,
        &text,
        energy_model::Task::TextGeneration,
    )
    .await
    .unwrap();
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
    // 62 published models and the community's 2, 50 to a page.
    assert_eq!(all.len(), 50);
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
    let all_csv = app
        .get("/leaderboards/text-generation/export.csv")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(all_csv.lines().count() - 1, 64);

    let index = app.get("/leaderboards").await.text().await.unwrap();
    assert!(index.contains("/leaderboards/text-generation"));
}
