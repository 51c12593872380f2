//! CodeCarbon's live API, driven by the real `codecarbon` package from PyPI (installed by
//! this test into a virtual environment under `target/`): a tracker with `save_to_api=True`
//! pointed at a test server logs a run, which is stored once, with the energy it sent.

use crate::harness::{TestApp, spawn_app, spawn_app_configured};
use crate::measurements::api_token;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

/// The version the platform documents and this test pins.
const CODECARBON: &str = "codecarbon==3.3.2";

/// A Python with `codecarbon` installed, made once per `target/` folder.
fn codecarbon_python() -> PathBuf {
    crate::harness::python_with("codecarbon-venv", CODECARBON)
}

/// The tracker as a member would write it, measuring a few seconds of work; every request it
/// makes is recorded beside it (the real client, observed).
const TRACKER: &str = r#"
import json, os, time
import requests

import threading
sent = []
in_flight = [0]
lock = threading.Lock()
real_post = requests.post
def post(url, json=None, **kwargs):
    # CodeCarbon gives up on an answer after 2 s; a test server on a loaded machine may
    # answer later, having stored the interval, which this record would then miss.
    kwargs["timeout"] = 60
    with lock:
        in_flight[0] += 1
    try:
        response = real_post(url, json=json, **kwargs)
        sent.append({"url": url, "status": response.status_code, "body": json})
        return response
    finally:
        with lock:
            in_flight[0] -= 1
requests.post = post

from codecarbon import OfflineEmissionsTracker

tracker = OfflineEmissionsTracker(
    country_iso_code="NLD",
    save_to_api=True,
    api_endpoint=os.environ["ENDPOINT"],
    api_key=os.environ["TOKEN"],
    experiment_id=os.environ["EXPERIMENT"],
    measure_power_secs=1,
    api_call_interval=1,
    output_dir=os.environ["OUT"],
    log_level="error",
    allow_multiple_runs=True,
)
tracker.start()
end = time.time() + 6
x = 0
while time.time() < end:
    x += sum(i * i for i in range(20000))
tracker.stop()
# The tracker's timer thread may still be sending an interval when stop() returns (a loaded
# machine): the record waits for it, as the server stores it.
deadline = time.time() + 60
while in_flight[0] > 0 and time.time() < deadline:
    time.sleep(0.1)
time.sleep(1.5)
while in_flight[0] > 0 and time.time() < deadline:
    time.sleep(0.1)
with open(os.environ["RECORD"], "w") as f:
    json.dump(sent, f)
"#;

async fn experiment(app: &TestApp) -> String {
    let page = app
        .submit(
            "/measurements/codecarbon",
            "/measurements/codecarbon",
            &[
                ("name", "Llama on my workstation"),
                ("model", "meta-llama/Llama-3.1-8B-Instruct"),
                ("task", "text-generation"),
                ("queries", "100"),
            ],
        )
        .await;
    assert!(page.status() == 303, "{}", page.status());
    sqlx::query_scalar::<_, uuid::Uuid>("select id from codecarbon_experiments")
        .fetch_one(&app.db)
        .await
        .unwrap()
        .to_string()
}

async fn run_state(app: &TestApp) -> Vec<(String, Option<uuid::Uuid>)> {
    sqlx::query_as("select state, measurement_id from codecarbon_runs")
        .fetch_all(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_real_codecarbon_tracker_logs_one_run_with_the_energy_it_sent() {
    // Quiet long enough that a tracker slowed by a busy machine (its intervals a second
    // apart, sometimes three) is not cut off.
    let app = spawn_app_configured(|c| c.codecarbon_quiet_secs = 10).await;
    greenai::demo::seed_catalogues(&app.db).await.unwrap();
    app.member("cc@example.nl").await;
    let token = api_token(&app).await;
    let experiment = experiment(&app).await;
    let python = codecarbon_python();
    let out = tempfile::tempdir().unwrap();
    let record = out.path().join("sent.json");
    let script = out.path().join("track.py");
    std::fs::write(&script, TRACKER).unwrap();
    let (endpoint, token_env, out_dir, record_env) = (
        app.url("/api/codecarbon"),
        token.clone(),
        out.path().to_path_buf(),
        record.clone(),
    );
    let ran = tokio::task::spawn_blocking(move || {
        Command::new(python)
            .arg(&script)
            .env("ENDPOINT", endpoint)
            .env("TOKEN", token_env)
            .env("EXPERIMENT", &experiment)
            .env("OUT", &out_dir)
            .env("RECORD", &record_env)
            .output()
            .expect("the tracker runs")
    })
    .await
    .unwrap();
    assert!(
        ran.status.success(),
        "the tracker failed: {}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let sent: Vec<Value> = serde_json::from_slice(&std::fs::read(&record).unwrap()).unwrap();
    let runs: Vec<&Value> = sent
        .iter()
        .filter(|r| r["url"].as_str().unwrap().ends_with("/runs"))
        .collect();
    assert_eq!(runs.len(), 1, "one run: {sent:?}");
    assert_eq!(runs[0]["status"], 201);
    let emissions: Vec<&Value> = sent
        .iter()
        .filter(|r| r["url"].as_str().unwrap().ends_with("/emissions"))
        .collect();
    assert!(emissions.len() >= 2, "intervals were sent: {sent:?}");
    assert!(
        emissions.iter().all(|e| e["status"] == 201),
        "{emissions:?}"
    );
    let sent_kwh: f64 = emissions
        .iter()
        .map(|e| e["body"]["energy_consumed"].as_f64().unwrap())
        .sum();
    assert!(sent_kwh > 0.0);

    // A retry of an interval (same request again) is counted once.
    let again = reqwest::Client::new()
        .post(app.url("/api/codecarbon/emissions"))
        .header("x-api-token", &token)
        .json(&emissions[0]["body"])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 201);

    // The run is quiet now: the finisher stores it (after 10 s here).
    let deadline = Instant::now() + Duration::from_secs(60);
    let measurement = loop {
        let states = run_state(&app).await;
        assert_eq!(states.len(), 1, "{states:?}");
        if states[0].0 != "open" {
            assert_eq!(states[0].0, "stored", "{states:?}");
            break states[0].1.expect("its measurement");
        }
        assert!(Instant::now() < deadline, "the run was never stored");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let (count, energy_j, method, details): (i64, f64, String, Value) = sqlx::query_as(
        "select count(*) over (), energy_j, method, details from measurements
          where submitter_id = (select id from users where email = 'cc@example.nl')",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(count, 1, "the run appears once");
    assert!(
        (energy_j / 3.6e6 - sent_kwh).abs() <= sent_kwh * 1e-9,
        "stored {} kWh, sent {sent_kwh} kWh",
        energy_j / 3.6e6
    );
    assert_eq!(method, "codecarbon");
    assert_eq!(details["tool"], "codecarbon");
    assert_eq!(details["tool_version"], "3.3.2");
    // The same tracker's own file agrees: its last row is the run's total. What the client
    // sent can be less — it drops an interval shorter than a second and does not resend one it
    // failed to send, which on a loaded machine was half of a six-second run — but never more.
    let csv = std::fs::read_to_string(out.path().join("emissions.csv")).unwrap();
    let file = energy_model::formats::codecarbon::parse(csv.as_bytes(), 100).unwrap();
    let total = file.rows.last().unwrap().energy_kwh;
    assert!(
        sent_kwh <= total * (1.0 + 1e-9),
        "sent {sent_kwh} kWh, the file says {total} kWh"
    );
    let page = app.get(&format!("/measurements/{measurement}")).await;
    assert_eq!(page.status(), 200);
    let mine = app
        .get("/measurements/codecarbon")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        mine.contains(&format!("/measurements/{measurement}")),
        "{mine}"
    );
}

#[tokio::test]
async fn the_live_api_refuses_what_it_cannot_count_and_stores_nothing_half() {
    let app = spawn_app().await;
    greenai::demo::seed_catalogues(&app.db).await.unwrap();
    app.member("cc2@example.nl").await;
    let token = api_token(&app).await;
    let experiment = experiment(&app).await;
    let api = reqwest::Client::new();
    let post = |path: &'static str, body: Value| {
        api.post(app.url(path))
            .header("x-api-token", &token)
            .json(&body)
            .send()
    };
    // No token, a wrong token.
    let anonymous = api
        .post(app.url("/api/codecarbon/runs"))
        .json(&json!({"experiment_id": experiment}))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    let wrong = api
        .post(app.url("/api/codecarbon/runs"))
        .header("x-api-token", "gah_not-a-token")
        .json(&json!({"experiment_id": experiment}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    for bad in [
        json!({"experiment_id": "not-an-id"}),
        json!({"experiment_id": experiment, "cpu_model": "x".repeat(201)}),
        json!({"experiment_id": experiment, "gpu_count": -1}),
        json!({"experiment_id": experiment, "gpu_count": 1e300}),
    ] {
        let r = post("/api/codecarbon/runs", bad.clone()).await.unwrap();
        assert_eq!(r.status(), 422, "{bad}");
    }
    // Characters that cannot be stored are refused as on every way in.
    let nul = post(
        "/api/codecarbon/runs",
        json!({"experiment_id": experiment, "os": "Linux\u{0}"}),
    )
    .await
    .unwrap();
    assert_eq!(nul.status(), 400);
    let run: Value = post(
        "/api/codecarbon/runs",
        json!({"experiment_id": experiment, "timestamp": "2026-03-01T10:00:00+01:00",
               "cpu_model": "AMD EPYC 7763", "gpu_model": null, "gpu_count": null}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let run_id = run["id"].as_str().unwrap().to_string();
    let interval = |energy: Value, duration: Value| {
        json!({"timestamp": "2026-03-01T10:00:08+01:00", "run_id": run_id,
               "duration": duration, "energy_consumed": energy, "emissions_sum": 0.0001,
               "emissions_rate": 0.0, "cpu_power": 100.0, "gpu_power": 0.0, "ram_power": 5.0,
               "cpu_energy": 0.0002, "gpu_energy": 0.0, "ram_energy": 0.00001})
    };
    for bad in [
        interval(json!(-0.1), json!(8)),
        interval(json!(5000.0), json!(8)),
        interval(json!(0.1), json!(-8)),
        interval(json!("much"), json!(8)),
        json!({"timestamp": "", "run_id": run_id, "duration": 8, "energy_consumed": 0.1}),
        json!({"timestamp": "x".repeat(65), "run_id": run_id, "duration": 8, "energy_consumed": 0.1}),
    ] {
        let r = post("/api/codecarbon/emissions", bad.clone())
            .await
            .unwrap();
        assert_eq!(r.status(), 422, "{bad}");
    }
    let unknown = post(
        "/api/codecarbon/emissions",
        json!({"timestamp": "t", "run_id": uuid::Uuid::new_v4(), "duration": 8, "energy_consumed": 0.1}),
    )
    .await
    .unwrap();
    assert_eq!(unknown.status(), 404);
    let counted: i64 = sqlx::query_scalar("select count(*) from codecarbon_emissions")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(counted, 0, "nothing refused was counted");
    let ok = post(
        "/api/codecarbon/emissions",
        interval(json!(0.00021), json!(8)),
    )
    .await
    .unwrap();
    assert_eq!(ok.status(), 201);
    // Someone else's run is not theirs to add to.
    let someone = TestApp {
        addr: app.addr,
        db: app.db.clone(),
        client: crate::harness::client(),
    };
    someone.member("cc3@example.nl").await;
    let other = api_token(&someone).await;
    let theirs = api
        .post(app.url("/api/codecarbon/emissions"))
        .header("x-api-token", &other)
        .json(&interval(json!(0.5), json!(8)))
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.status(), 404);
    // A run of an experiment that is not the member's waits to be named.
    let stray: Value = post(
        "/api/codecarbon/runs",
        json!({"experiment_id": "5b0fa12a-3dd7-45bb-9766-cc326314d9f1"}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert!(stray["id"].is_string());
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let states: Vec<String> =
            sqlx::query_scalar("select state from codecarbon_runs order by started_at")
                .fetch_all(&app.db)
                .await
                .unwrap();
        if states.iter().all(|s| s != "open") {
            assert_eq!(states, vec!["stored", "unnamed"]);
            break;
        }
        assert!(Instant::now() < deadline, "{states:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let energy_j: f64 = sqlx::query_scalar("select energy_j from measurements")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert!((energy_j - 0.00021 * 3.6e6).abs() < 1e-6);
    // The member's page says what waits, and why.
    let page = app
        .get("/measurements/codecarbon")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("waiting: experiment unknown"), "{page}");
    assert!(page.contains("Add an experiment and use its id"), "{page}");
}
