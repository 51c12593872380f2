//! The embedded cluster and migrations.

use crate::harness::empty_database;
use greenai::infra::db::embedded::{EmbeddedPostgres, Options};
use nix::sys::signal::kill;
use nix::unistd::Pid;
use sqlx::Connection;

fn alive(pid: u32) -> bool {
    // A zombie (ended but not yet reaped) counts as gone.
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    kill(Pid::from_raw(pid as i32), None).is_ok() && !status.contains("State:\tZ")
}

#[tokio::test]
async fn embedded_cluster_starts_keeps_data_and_stops_without_leftovers() {
    let dir = tempfile::Builder::new()
        .prefix("greenai-embedded-")
        .tempdir_in("/tmp")
        .unwrap();
    let path = dir.path().to_path_buf();
    let start = {
        let path = path.clone();
        move || {
            EmbeddedPostgres::start(
                &path,
                Options {
                    durability_off: true,
                    ..Options::default()
                },
            )
            .unwrap()
        }
    };
    let mut cluster = tokio::task::spawn_blocking(start.clone()).await.unwrap();
    let pid = cluster.pid();
    assert!(alive(pid));
    let url = cluster.url("postgres");
    let mut conn = sqlx::PgConnection::connect(url.expose()).await.unwrap();
    sqlx::query("create table kept (v int)")
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::query("insert into kept values (42)")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    tokio::task::spawn_blocking(move || cluster.stop())
        .await
        .unwrap();
    assert!(!alive(pid), "postgres {pid} is still running after stop");

    // The second start finds the same cluster and its data; dropping it stops the server.
    let cluster = tokio::task::spawn_blocking(start).await.unwrap();
    let pid = cluster.pid();
    let mut conn = sqlx::PgConnection::connect(cluster.url("postgres").expose())
        .await
        .unwrap();
    let v: i32 = sqlx::query_scalar("select v from kept")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(v, 42);
    conn.close().await.unwrap();
    tokio::task::spawn_blocking(move || drop(cluster))
        .await
        .unwrap();
    assert!(!alive(pid), "dropping the handle stops postgres");
}

#[tokio::test]
async fn embedded_cluster_refuses_wrong_passwords() {
    let dir = tempfile::Builder::new()
        .prefix("greenai-embedded-")
        .tempdir_in("/tmp")
        .unwrap();
    let path = dir.path().to_path_buf();
    let cluster = tokio::task::spawn_blocking(move || {
        EmbeddedPostgres::start(
            &path,
            Options {
                durability_off: true,
                ..Options::default()
            },
        )
        .unwrap()
    })
    .await
    .unwrap();
    let good = cluster.url("postgres").expose().to_string();
    let (head, tail) = good.split_once('@').unwrap();
    let bad = format!("{}:wrong@{tail}", head.rsplit_once(':').unwrap().0);
    assert!(sqlx::PgConnection::connect(&bad).await.is_err());
    tokio::task::spawn_blocking(move || drop(cluster))
        .await
        .unwrap();
}

#[tokio::test]
async fn migrations_run_from_empty_and_again_without_change() {
    let url = empty_database().await;
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    greenai::store::prepare(&pool).await.unwrap();
    let tables: Vec<String> = sqlx::query_scalar(
        "select table_name::text from information_schema.tables where table_schema = 'public' order by 1",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    for t in ["ai_models", "data_sources", "hardware", "users"] {
        assert!(
            tables.contains(&t.to_string()),
            "{t} missing from {tables:?}"
        );
    }
    let applied: i64 = sqlx::query_scalar("select count(*) from _sqlx_migrations")
        .fetch_one(&pool)
        .await
        .unwrap();
    greenai::store::prepare(&pool).await.unwrap();
    let again: i64 = sqlx::query_scalar("select count(*) from _sqlx_migrations")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(applied, again);
    assert_eq!(
        applied as usize,
        greenai::infra::db::MIGRATOR.iter().count()
    );
}
