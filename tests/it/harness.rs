//! The test harness: one PostgreSQL for the whole run (the server in `DATABASE_URL`, or a
//! throwaway embedded cluster), one migrated template database, and per test a fresh
//! database copied from the template and the app served on a free port.

use greenai::infra::config::{Config, LogFormat, Secret};
use greenai::infra::db::embedded::{EmbeddedPostgres, Options};
use greenai::infra::password::Params;
use greenai::web::state::AppState;
use sqlx::postgres::PgPoolOptions;
use sqlx::{Connection, PgPool};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

struct Server {
    /// URL of the server's maintenance database, with `{db}` standing for the name.
    url_pattern: String,
    template: String,
    _cluster: Option<EmbeddedPostgres>,
}

static SERVER: OnceLock<Server> = OnceLock::new();
static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// `postgres://u:p@host:5432/name?x=y` → `postgres://u:p@host:5432/{db}?x=y`.
fn pattern_from(url: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let host_start = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[host_start..]
        .find('/')
        .map_or(base.len(), |i| host_start + i);
    format!("{}/{{db}}{query}", &base[..path_start])
}

fn url_for(pattern: &str, db: &str) -> String {
    pattern.replace("{db}", db)
}

fn server() -> &'static Server {
    SERVER.get_or_init(|| {
        let (url_pattern, cluster) = match std::env::var("DATABASE_URL") {
            Ok(url) => (pattern_from(&url), None),
            Err(_) => {
                remove_stale_clusters();
                let dir = std::env::temp_dir().join(format!("greenai-test-{}", std::process::id()));
                let cluster = EmbeddedPostgres::start(
                    &dir,
                    Options {
                        durability_off: true,
                        ..Options::default()
                    },
                )
                .unwrap_or_else(|e| panic!("test PostgreSQL did not start: {e}"));
                let url = cluster.url("{db}").expose().to_string();
                (url, Some(cluster))
            }
        };
        let template = format!("greenai_template_{}", std::process::id());
        let pattern = url_pattern.clone();
        let name = template.clone();
        std::thread::spawn(move || {
            tokio::runtime::Runtime::new()
                .expect("runtime")
                .block_on(make_template(&pattern, &name))
        })
        .join()
        .expect("template thread");
        Server {
            url_pattern,
            template,
            _cluster: cluster,
        }
    })
}

/// Test clusters of runs that have ended (their process is gone) are removed.
fn remove_stale_clusters() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if let Some(pid) = name
            .strip_prefix("greenai-test-")
            .and_then(|p| p.parse::<u32>().ok())
            && !PathBuf::from(format!("/proc/{pid}")).exists()
        {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

async fn make_template(pattern: &str, name: &str) {
    let mut conn = sqlx::PgConnection::connect(&url_for(pattern, "postgres"))
        .await
        .expect("connect to the test server");
    drop_stale_databases(&mut conn).await;
    sqlx::query(&format!("drop database if exists \"{name}\""))
        .execute(&mut conn)
        .await
        .expect("drop old template");
    sqlx::query(&format!("create database \"{name}\""))
        .execute(&mut conn)
        .await
        .expect("create template");
    let pool = PgPool::connect(&url_for(pattern, name))
        .await
        .expect("template pool");
    greenai::store::prepare(&pool)
        .await
        .expect("migrations run from empty");
    pool.close().await;
    conn.close().await.ok();
}

/// Databases of earlier runs against a shared server, whose process has ended.
async fn drop_stale_databases(conn: &mut sqlx::PgConnection) {
    let names: Vec<String> = sqlx::query_scalar(
        "select datname from pg_database where datname like 'greenai_t\\_%' or datname like 'greenai_template\\_%'",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap_or_default();
    for name in names {
        let pid = name.split('_').nth(2).and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|p| !PathBuf::from(format!("/proc/{p}")).exists()) {
            let _ = sqlx::query(&format!("drop database if exists \"{name}\" with (force)"))
                .execute(&mut *conn)
                .await;
        }
    }
}

/// A fresh, migrated database of its own; returns its URL.
pub async fn fresh_database() -> String {
    create_database(true).await
}

/// An empty database (no migrations), for testing migrations themselves.
pub async fn empty_database() -> String {
    create_database(false).await
}

async fn create_database(from_template: bool) -> String {
    let server = server();
    let name = format!(
        "greenai_t_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    );
    let template = if from_template {
        format!(" template \"{}\"", server.template)
    } else {
        String::new()
    };
    let mut conn = sqlx::PgConnection::connect(&url_for(&server.url_pattern, "postgres"))
        .await
        .expect("connect");
    sqlx::query(&format!("create database \"{name}\"{template}"))
        .execute(&mut conn)
        .await
        .expect("create test database");
    conn.close().await.ok();
    url_for(&server.url_pattern, &name)
}

pub fn test_config(database_url: Option<&str>) -> Config {
    Config {
        database_url: database_url.map(Secret::new),
        data_dir: std::env::temp_dir().join(format!("greenai-test-data-{}", std::process::id())),
        base_url: "http://127.0.0.1:3000".into(),
        smtp_url: None,
        mail_from: None,
        session_key: Some(Secret::new("7".repeat(64))),
        request_timeout_s: 60,
        signup_decision_days: 30,
        codecarbon_quiet_secs: 2,
        declined_retention_days: 180,
        metrics_token: None,
        // The tests' "reverse proxy" is the loopback they connect from: a visitor made by
        // `visitor_from` arrives with its own address in X-Forwarded-For.
        trusted_proxies: vec!["127.0.0.1/32".parse().unwrap()],
        client_ip_header: "x-forwarded-for".into(),
        log_format: LogFormat::Text,
    }
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub db: PgPool,
    pub client: reqwest::Client,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
        let mut req = self.client.get(self.url(path));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        req.send().await.expect("request")
    }
}

/// A client that keeps cookies and does not follow redirects, so tests see them.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// A loopback port nothing listens on now (for a server a test starts, or one it keeps closed).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// A client that comes through the (trusted) proxy from `ip`.
pub fn client_from(ip: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-forwarded-for", ip.parse().unwrap());
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .expect("client")
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(axum::Router::new()).await
}

/// The app with a changed configuration (for example an https BASE_URL).
pub async fn spawn_app_configured(change: impl FnOnce(&mut Config)) -> TestApp {
    spawn_app_configured_with(change, axum::Router::new()).await
}

/// The app with a changed configuration and `extra` routes.
pub async fn spawn_app_configured_with(
    change: impl FnOnce(&mut Config),
    extra: axum::Router<AppState>,
) -> TestApp {
    let database_url = fresh_database().await;
    let db = PgPoolOptions::new()
        .max_connections(5)
        .connect(&database_url)
        .await
        .expect("test pool");
    let mut config = test_config(Some(&database_url));
    change(&mut config);
    serve(db, config, extra).await
}

/// The app on a free port with its own database, plus `extra` routes under the same layers.
pub async fn spawn_app_with(extra: axum::Router<AppState>) -> TestApp {
    let database_url = fresh_database().await;
    let db = PgPoolOptions::new()
        .max_connections(5)
        .connect(&database_url)
        .await
        .expect("test pool");
    spawn_with_pool(db.clone(), database_url, extra).await
}

pub async fn spawn_with_pool(
    db: PgPool,
    database_url: String,
    extra: axum::Router<AppState>,
) -> TestApp {
    serve(db, test_config(Some(&database_url)), extra).await
}

/// The app as `greenai serve` builds it (`App::build`: the same state, router and background
/// tasks), on a free port.
async fn serve(db: PgPool, config: Config, extra: axum::Router<AppState>) -> TestApp {
    let options = greenai::app::Options {
        // The cheapest argon2id: a test hashes many passwords. `accounts::password` pins the
        // production parameters in its own test.
        password_params: Params::fast_for_tests(),
        extra,
    };
    let app = greenai::App::build(db.clone(), Arc::new(config), options)
        .await
        .expect("the app builds");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        app.serve(listener, std::future::pending())
            .await
            .expect("serve");
    });
    TestApp {
        addr,
        db,
        client: client(),
    }
}

/// The Python of a virtual environment under `target/` with `package` (`name==version`)
/// installed from PyPI, made on first use: where the tests drive a tool nobody here wrote.
pub fn python_with(venv_name: &str, package: &str) -> std::path::PathBuf {
    use std::process::Command;
    let venv = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join(venv_name);
    let python = venv.join("bin/python");
    let version = package.rsplit("==").next().unwrap_or(package);
    let ready = venv.join(format!(".installed-{version}"));
    if ready.exists() {
        return python;
    }
    let made = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .expect("python3 runs (apt-get install python3-venv)");
    assert!(made.success(), "python3 -m venv failed");
    let pip = Command::new(venv.join("bin/pip"))
        .args(["install", "--quiet", "--disable-pip-version-check", package])
        .output()
        .expect("pip runs");
    assert!(
        pip.status.success(),
        "pip install {package} failed (PyPI must be reachable): {}",
        String::from_utf8_lossy(&pip.stderr)
    );
    std::fs::write(&ready, "").unwrap();
    python
}
