//! Import benchmark: the CodeCarbon import through the same code path the upload's commit
//! uses (parse, validate every row, store in one transaction), against PostgreSQL's own
//! `COPY` of the same rows into a bare table, in the same run.
//!
//! `cargo bench --bench import` — uses `DATABASE_URL`, or starts the embedded cluster in a
//! temporary folder. Reads the published 6,939-row file from `data/published/` and generates a
//! 100,000-row file. Prints both times and their ratio (target: import ≤ 3 × COPY).
#![allow(clippy::unwrap_used)]

use greenai::features::measurements::upload::{Choice, import, prepare};
use greenai::infra::db::embedded::{EmbeddedPostgres, Options};
use greenai::web::i18n::Lang;
use sqlx::PgPool;
use std::time::{Duration, Instant};
use uuid::Uuid;

include!("../data/published/published.rs");

/// A CodeCarbon 2.x file of `rows` runs on one A100 in the Netherlands.
fn generated(rows: usize) -> Vec<u8> {
    let mut out = String::from(
        "timestamp,project_name,run_id,duration,emissions,emissions_rate,cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,country_name,country_iso_code,region,cloud_provider,cloud_region,os,python_version,codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,ram_total_size,tracking_mode,on_cloud,pue\n",
    );
    for i in 0..rows {
        let duration = 60.0 + (i % 600) as f64;
        let kwh = duration * 250.0 / 3.6e6;
        out.push_str(&format!(
            "2025-{:02}-{:02}T10:00:00,bench,{},{duration},{},0.0001,40,250,10,0.001,{kwh},0.0002,{kwh},Netherlands,NLD,,,,Linux,3.11,2.4.2,16,AMD EPYC 7763,1.0,1 x NVIDIA A100 80GB PCIe,4.9,52.4,64,machine,N,1.0\n",
            1 + i % 12,
            1 + i % 28,
            Uuid::new_v4(),
            kwh * 0.37,
        ));
    }
    out.into_bytes()
}

async fn copy_baseline(db: &PgPool, bytes: &[u8]) -> Duration {
    let header =
        String::from_utf8_lossy(&bytes[..bytes.iter().position(|b| *b == b'\n').unwrap_or(0)])
            .to_string();
    let columns: Vec<String> = header
        .split(',')
        .map(|c| format!("\"{}\" text", c.trim()))
        .collect();
    sqlx::query("drop table if exists bench_copy")
        .execute(db)
        .await
        .unwrap();
    sqlx::query(&format!("create table bench_copy ({})", columns.join(", ")))
        .execute(db)
        .await
        .unwrap();
    let started = Instant::now();
    let mut conn = db.acquire().await.unwrap();
    let mut copy = conn
        .copy_in_raw("copy bench_copy from stdin with (format csv, header true)")
        .await
        .unwrap();
    copy.send(bytes).await.unwrap();
    copy.finish().await.unwrap();
    started.elapsed()
}

/// What storing the imported rows costs the database alone: the rows just imported, copied
/// server-side into a table of the same shape without indexes, and into one with the same
/// indexes and checks (foreign keys are not copied by `like … including all`).
async fn storage_floor(db: &PgPool) -> (Duration, Duration) {
    let mut took = Vec::new();
    for (table, including) in [("floor_bare", "defaults"), ("floor_indexed", "all")] {
        sqlx::query(&format!("drop table if exists {table}"))
            .execute(db)
            .await
            .unwrap();
        sqlx::query(&format!(
            "create table {table} (like measurements including {including})"
        ))
        .execute(db)
        .await
        .unwrap();
        let started = Instant::now();
        sqlx::query(&format!("insert into {table} select * from measurements"))
            .execute(db)
            .await
            .unwrap();
        took.push(started.elapsed());
    }
    (took[0], took[1])
}

async fn run(db: &PgPool, name: &str, bytes: &[u8], user: Uuid) {
    let choice = Choice {
        model: "Llama 3.1 8B Instruct",
        task: "fine-tuning",
        queries: "",
        propose: true,
    };
    sqlx::query("delete from measurements")
        .execute(db)
        .await
        .unwrap();
    let copy = copy_baseline(db, bytes).await;
    // Parsing and validation alone, for the breakdown.
    let started = Instant::now();
    prepare(bytes, choice.model, choice.task, choice.queries, Lang::En).unwrap();
    let parse_and_validate = started.elapsed();
    let started = Instant::now();
    let (added, prepared) = import(db, user, bytes, &choice, Lang::En)
        .await
        .unwrap()
        .unwrap();
    let ours = started.elapsed();
    let (bare, indexed) = storage_floor(db).await;
    println!(
        "{name}: {} rows, {added} stored, {} rejected | import {:.3} s (parse + validate {:.3} s) | COPY {:.3} s | ratio {:.2}x | the stored rows copied server-side: {:.3} s without indexes, {:.3} s with the table's indexes and checks ({:.2}x COPY)",
        prepared.rows,
        prepared.rejected.len(),
        ours.as_secs_f64(),
        parse_and_validate.as_secs_f64(),
        copy.as_secs_f64(),
        ours.as_secs_f64() / copy.as_secs_f64(),
        bare.as_secs_f64(),
        indexed.as_secs_f64(),
        indexed.as_secs_f64() / copy.as_secs_f64()
    );
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir_in("/tmp").expect("temp dir");
    let (url, _cluster) = match std::env::var("DATABASE_URL") {
        Ok(url) => (url, None),
        Err(_) => {
            let cluster =
                EmbeddedPostgres::start(dir.path(), Options::default()).expect("PostgreSQL");
            (cluster.url("postgres").expose().to_string(), Some(cluster))
        }
    };
    runtime.block_on(async {
        let db = PgPool::connect(&url).await.expect("connect");
        greenai::store::prepare(&db).await.expect("migrate");
        let user: Uuid = sqlx::query_scalar(
            "insert into users (email, display_name, password_hash, email_verified_at)
             values ('bench@example.org', 'Bench', '!', now())
             on conflict ((lower(email))) do update set display_name = 'Bench' returning id",
        )
        .fetch_one(&db)
        .await
        .expect("user");
        let published_file = published("codecarbon/v100-bert-pruning-codecarbon-2.4.2.csv");
        run(&db, "published 6,939-row file", &published_file, user).await;
        run(&db, "generated 100,000-row file", &generated(100_000), user).await;
        db.close().await;
    });
}
