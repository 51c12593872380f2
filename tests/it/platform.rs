//! Operations endpoints, demo data and the catalogue pages.

use crate::harness::{spawn_app, spawn_with_pool};
use sqlx::postgres::PgPoolOptions;
use std::time::{Duration, Instant};

#[tokio::test]
async fn health_and_readiness() {
    let app = spawn_app().await;
    let r = app.get("/healthz").await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let r = app.get("/readyz").await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap()["status"],
        "ready"
    );
}

#[tokio::test]
async fn readiness_fails_when_the_database_is_down() {
    // A pool whose server does not exist: port 1 on loopback refuses at once.
    let pool = PgPoolOptions::new()
        .acquire_timeout(Duration::from_secs(1))
        .connect_lazy("postgres://nobody:nothing@127.0.0.1:1/none")
        .unwrap();
    let app = spawn_with_pool(pool, String::new(), axum::Router::new()).await;
    let started = Instant::now();
    let r = app.get("/readyz").await;
    assert_eq!(r.status(), 503);
    assert!(started.elapsed() < greenai::features::ops::READY_TIMEOUT + Duration::from_secs(1));
    assert_ne!(
        r.json::<serde_json::Value>().await.unwrap()["status"],
        "ready"
    );
    // The process itself is alive.
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_show_the_pool() {
    let app = spawn_app().await;
    app.get("/").await;
    app.get("/").await;
    app.get("/does-not-exist").await;
    let text = app.get("/metrics").await.text().await.unwrap();
    assert!(
        text.contains(r#"greenai_http_requests_total{method="GET",route="/",status="200"} 2"#),
        "{text}"
    );
    assert!(text.contains(r#"route="unmatched",status="404"} 1"#));
    assert!(text.contains(r#"greenai_http_request_duration_seconds_count{route="/"} 2"#));
    assert!(text.contains(r#"greenai_db_pool_connections{state="max"} 5"#));
}

async fn dump(db: &sqlx::PgPool) -> Vec<String> {
    let queries = [
        "select row(h.*)::text from hardware h order by slug",
        "select row(m.id, m.slug, m.name, m.organisation, m.total_params_billions, m.active_params_billions, m.alias_slugs, m.status)::text from ai_models m order by slug",
        "select row(s.slug, s.name, s.edition, s.url, s.citation, s.licence)::text from data_sources s order by slug",
        "select row(x.*)::text from ai_model_sources x order by 1",
        "select row(m.id, m.energy_j, m.external_key, m.status)::text from measurements m order by m.external_key",
    ];
    let mut out = Vec::new();
    for q in queries {
        out.extend(
            sqlx::query_scalar::<_, String>(q)
                .fetch_all(db)
                .await
                .unwrap(),
        );
    }
    out
}

#[tokio::test]
async fn demo_seed_fills_the_catalogues_and_is_idempotent() {
    let app = spawn_app().await;
    let hardware: i64 = sqlx::query_scalar("select count(*) from hardware")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert!(
        hardware > 120,
        "migrations load the hardware catalogue: {hardware}"
    );
    let first = greenai::demo::seed(&app.db).await.unwrap();
    assert_eq!(first.hardware, 0, "already in step");
    assert_eq!(first.sources, 4);
    let before = dump(&app.db).await;
    assert_eq!(
        first.measurements,
        62 + 1858,
        "AI Energy Score's figures and ML.ENERGY's configurations"
    );
    let devices: i64 = sqlx::query_scalar(
        "select count(distinct hardware_slug) from measurements where source_slug = 'ml-energy-v3'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert!(
        devices >= 2,
        "ML.ENERGY measured on several GPUs: {devices}"
    );
    let second = greenai::demo::seed(&app.db).await.unwrap();
    assert_eq!(
        (
            second.hardware,
            second.models,
            second.sources,
            second.measurements
        ),
        (0, 0, 0, 0)
    );
    assert_eq!(dump(&app.db).await, before, "a second seed changes nothing");

    // Both spellings of a model meet in one entry.
    let qwen: (String, Option<String>, Option<f64>, Vec<String>) = sqlx::query_as(
        "select name, organisation, total_params_billions, alias_slugs from ai_models where slug = 'qwen3-8b'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(qwen.0, "Qwen 3 8B");
    assert_eq!(qwen.1.as_deref(), Some("Qwen"));
    assert_eq!(qwen.2, Some(8.0));
    assert!(
        qwen.3.contains(&"qwen-qwen3-8b".to_string()),
        "{:?}",
        qwen.3
    );

    let h100: (f64,) = sqlx::query_as("select tdp_watts from hardware where slug = 'h100-sxm'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(h100.0, 700.0);

    let models = app.get("/models").await.text().await.unwrap();
    assert!(models.contains("Qwen 3 235B A22B Instruct"));
    assert!(models.contains("235 B (22 B active)"));
    assert!(models.contains("ML.ENERGY Leaderboard"));
    let nl = app
        .get_with("/models", &[("accept-language", "nl")])
        .await
        .text()
        .await
        .unwrap();
    assert!(nl.contains("235 B (22 B actief)"));

    let sources = app.get("/sources").await.text().await.unwrap();
    for s in [
        "ML.ENERGY Leaderboard",
        "AI Energy Score",
        "Green Algorithms",
        "CC BY 4.0",
        "MIT",
    ] {
        assert!(sources.contains(s), "sources page lacks {s}");
    }
}

#[tokio::test]
async fn empty_catalogues_say_how_to_fill_them() {
    let app = spawn_app().await;
    let html = app.get("/models").await.text().await.unwrap();
    assert!(html.contains("greenai seed-demo"));
    let privacy = app.get("/privacy").await.text().await.unwrap();
    assert!(privacy.contains("Privacy statement"));
}
