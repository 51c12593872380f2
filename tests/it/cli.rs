//! The `greenai` command as a person runs it.

use crate::harness::fresh_database;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn greenai() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_greenai"));
    c.env_remove("DATABASE_URL")
        .env_remove("SESSION_KEY")
        .env_remove("SMTP_URL")
        .env_remove("BASE_URL")
        .env("RUST_LOG", "warn");
    c
}

#[test]
fn without_postgresql_binaries_the_error_says_what_to_do() {
    let data = tempfile::tempdir().unwrap();
    let empty = tempfile::tempdir().unwrap();
    let out = greenai()
        .args(["migrate"])
        .env("GREENAI_DATA_DIR", data.path())
        .env("GREENAI_PG_BINDIR", empty.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("PostgreSQL server programs (initdb, postgres) were not found"),
        "{err}"
    );
    assert!(err.contains("apt-get install postgresql"));
    assert!(err.contains("DATABASE_URL"));
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
}

#[test]
fn selfcheck_names_unsafe_settings() {
    let out = greenai()
        .args(["selfcheck"])
        .env("BASE_URL", "http://greenai.example")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("ERROR [session_key_missing]"), "{text}");
    assert!(text.contains("ERROR [base_url_not_https]"));

    let key = "k".repeat(64);
    let out = greenai()
        .args(["selfcheck"])
        .env("BASE_URL", "https://greenai.example")
        .env("SESSION_KEY", &key)
        .env("SMTP_URL", "smtps://user:pw@mail.example")
        .env("DATABASE_URL", "postgres://db.example/greenai")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !all.contains(&key) && !all.contains("pw@"),
        "secrets never print"
    );
}

#[tokio::test]
async fn create_admin_reads_the_password_from_stdin() {
    let url = fresh_database().await;
    let run = |email: &'static str, password: &'static str| {
        let url = url.clone();
        std::thread::spawn(move || {
            let mut child = greenai()
                .args(["create-admin", "--email", email])
                .env("DATABASE_URL", url)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            child
                .stdin
                .take()
                .unwrap()
                .write_all(format!("{password}\n").as_bytes())
                .unwrap();
            child.wait_with_output().unwrap()
        })
        .join()
        .unwrap()
    };
    let short = run("admin@greenai.example", "too short");
    assert_eq!(short.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 12 characters"));

    let ok = run("admin@greenai.example", "a long enough passphrase");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("created"));

    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    let (role, hash): (String, String) = sqlx::query_as(
        "select role, password_hash from users where email = 'admin@greenai.example'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(role, "admin");
    assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
    assert!(
        greenai::infra::password::verify("a long enough passphrase".into(), hash)
            .await
            .unwrap()
    );

    let again = run("ADMIN@greenai.example", "another long passphrase");
    assert!(String::from_utf8_lossy(&again.stdout).contains("already had an account"));
    let n: i64 = sqlx::query_scalar("select count(*) from users")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(n, 1);
}

/// The README's run command, end to end: the embedded cluster starts, the site serves, and
/// Ctrl-C (SIGINT) stops both, leaving no postgres process behind.
#[test]
fn serve_starts_its_own_database_and_ctrl_c_leaves_nothing_behind() {
    let data = tempfile::Builder::new()
        .prefix("greenai-serve-")
        .tempdir_in("/tmp")
        .unwrap();
    let port = crate::harness::free_port();
    let mut child = greenai()
        .args(["serve", "--demo", "--bind", &format!("127.0.0.1:{port}")])
        .env("GREENAI_DATA_DIR", data.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(90);
    let ready = loop {
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            use std::io::Read;
            s.write_all(b"GET /readyz HTTP/1.0\r\n\r\n").unwrap();
            let mut buf = String::new();
            let _ = s.read_to_string(&mut buf);
            break buf;
        }
        assert!(Instant::now() < deadline, "serve did not come up");
        assert!(child.try_wait().unwrap().is_none(), "serve exited early");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(ready.starts_with("HTTP/1.0 200"), "{ready}");
    let pid_file = std::fs::read_to_string(data.path().join("postgres/data/postmaster.pid"))
        .expect("the cluster lives in the data directory");
    let pg_pid: i32 = pid_file.lines().next().unwrap().trim().parse().unwrap();

    // The other commands, run while serving on the same data folder, use the cluster that
    // runs (a second postgres could not start on it) and leave it running.
    let migrate = greenai()
        .arg("migrate")
        .env("GREENAI_DATA_DIR", data.path())
        .output()
        .unwrap();
    assert!(
        migrate.status.success(),
        "{}",
        String::from_utf8_lossy(&migrate.stderr)
    );
    let mut admin = greenai()
        .args(["create-admin", "--email", "ops@greenai.example"])
        .env("GREENAI_DATA_DIR", data.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    admin
        .stdin
        .take()
        .unwrap()
        .write_all(b"a long enough passphrase\n")
        .unwrap();
    let admin = admin.wait_with_output().unwrap();
    assert!(
        admin.status.success(),
        "{}",
        String::from_utf8_lossy(&admin.stderr)
    );
    assert!(String::from_utf8_lossy(&admin.stdout).contains("created"));
    let still = std::fs::read_to_string(data.path().join("postgres/data/postmaster.pid"))
        .expect("the serving cluster still runs");
    assert_eq!(still.lines().next().unwrap().trim(), pg_pid.to_string());
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(b"GET /readyz HTTP/1.0\r\n\r\n").unwrap();
    let mut after = String::new();
    std::io::Read::read_to_string(&mut s, &mut after).unwrap();
    assert!(after.starts_with("HTTP/1.0 200"), "{after}");

    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(child.id() as i32),
        nix::sys::signal::Signal::SIGINT,
    )
    .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let status = std::fs::read_to_string(format!("/proc/{pg_pid}/status")).unwrap_or_default();
    assert!(
        status.is_empty() || status.contains("State:\tZ"),
        "postgres {pg_pid} still runs: {status}"
    );
    assert!(!data.path().join("postgres/data/postmaster.pid").exists());
}

/// `greenai backup` and `greenai restore`: a backup of a database with the demo's boards,
/// restored into a fresh database, reads the same through the API; a damaged file changes
/// nothing.
#[tokio::test]
async fn a_backup_restored_into_a_fresh_database_reads_the_same() {
    let from = fresh_database().await;
    let source = sqlx::PgPool::connect(&from).await.unwrap();
    greenai::demo::seed(&source).await.unwrap();
    greenai::features::accounts::create_admin(
        &source,
        "ops@example.nl",
        "a long enough passphrase",
    )
    .await
    .unwrap()
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("greenai.dump");
    let run = |what: &str, url: &str, file: &std::path::Path| {
        greenai()
            .arg(what)
            .arg(file)
            .env("DATABASE_URL", url)
            .output()
            .unwrap()
    };
    let out = run("backup", &from, &file);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Wrote a backup"));

    let to = fresh_database().await;
    let target = sqlx::PgPool::connect(&to).await.unwrap();
    // Something of its own, which the restore replaces.
    greenai::features::accounts::create_admin(
        &target,
        "other@example.nl",
        "a long enough passphrase",
    )
    .await
    .unwrap()
    .unwrap();
    let out = run("restore", &to, &file);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let emails = |db: sqlx::PgPool| async move {
        sqlx::query_scalar::<_, String>("select email from users order by 1")
            .fetch_all(&db)
            .await
            .unwrap()
    };
    assert_eq!(emails(target.clone()).await, ["ops@example.nl"]);
    let entries = |db: sqlx::PgPool| async move {
        sqlx::query_scalar::<_, String>(
            "select concat_ws('|', task, model_id, hardware_slug, include_published, count, median)
               from board_entries order by 1",
        )
        .fetch_all(&db)
        .await
        .unwrap()
    };
    let original = entries(source.clone()).await;
    assert!(original.len() > 100, "{} lines", original.len());
    assert_eq!(entries(target.clone()).await, original);
    let a =
        crate::harness::spawn_with_pool(source.clone(), from.clone(), axum::Router::new()).await;
    let b = crate::harness::spawn_with_pool(target.clone(), to.clone(), axum::Router::new()).await;
    for path in [
        "/api/v1/leaderboards/text-generation?hardware=all&per_page=500",
        "/api/v1/leaderboards/text-generation",
    ] {
        let read = |app: &crate::harness::TestApp| {
            let url = app.url(path);
            async move {
                reqwest::get(url)
                    .await
                    .unwrap()
                    .json::<serde_json::Value>()
                    .await
                    .unwrap()
            }
        };
        assert_eq!(read(&a).await, read(&b).await, "{path}");
    }

    // A damaged backup: refused, and the database is as it was.
    let broken = dir.path().join("broken.dump");
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&broken, &bytes[..bytes.len() / 2]).unwrap();
    let out = run("restore", &to, &broken);
    assert!(!out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).is_empty());
    assert_eq!(entries(target.clone()).await, original);
    assert_eq!(emails(target).await, ["ops@example.nl"]);
}
