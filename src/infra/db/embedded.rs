//! A private PostgreSQL cluster that Green AI Hub runs itself when no `DATABASE_URL` is
//! given: initdb on first start, the server on a loopback port with a password of its own,
//! stopped when the app exits — cleanly on SIGINT/SIGTERM or a panic (through `Drop`), and by
//! a small watchdog process if the app is killed outright.
//!
//! PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres` system
//! user; when that user cannot enter the data directory (a checkout under `/root`, say), the
//! cluster lives under `/var/tmp/greenai-postgres/` instead, in a folder named after the data
//! directory, so it is found again on the next start.

use crate::infra::config::Secret;
use nix::sys::signal::{Signal, kill};
use nix::unistd::{Pid, Uid, User};
use std::fs;
use std::io::{Read, Seek, SeekFrom};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Why the embedded cluster could not start. Each says what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum EmbeddedError {
    #[error(
        "PostgreSQL server programs (initdb, postgres) were not found.\n\
         Looked in: {searched}.\n\
         Install them (Debian/Ubuntu: `apt-get install postgresql`; macOS: `brew install postgresql`),\n\
         or set GREENAI_PG_BINDIR to the folder that holds them,\n\
         or point DATABASE_URL at an existing PostgreSQL server."
    )]
    NoBinaries { searched: String },
    #[error(
        "Running as root, the embedded PostgreSQL must run as the `postgres` system user, and there is none.\n\
         Create it (installing the postgresql package does), run Green AI Hub as an ordinary user,\n\
         or point DATABASE_URL at an existing PostgreSQL server."
    )]
    NoPostgresUser,
    #[error("{step} failed; its log ({log}) ends with:\n{tail}")]
    Failed {
        step: &'static str,
        log: String,
        tail: String,
    },
    #[error("the embedded PostgreSQL did not become ready within {0:?}; see {1}")]
    Timeout(Duration, String),
    #[error("embedded PostgreSQL: {0}")]
    Io(#[from] std::io::Error),
}

/// Options for tests: durability off makes a throwaway cluster several times faster.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    pub durability_off: bool,
    /// The port to listen on; a free one when `None`. (A test that restarts the cluster
    /// under a running app keeps its port, as a restarted production server would.)
    pub port: Option<u16>,
}

/// A running cluster. Dropping it stops the server — unless this process found it already
/// running (`greenai serve` on the same data folder) and only borrowed it.
#[derive(Debug)]
pub struct EmbeddedPostgres {
    /// The server this process started; `None` when it found one running.
    server: Option<Child>,
    pid: u32,
    watchdog: Option<Child>,
    root: PathBuf,
    port: u16,
    password: Secret,
}

impl EmbeddedPostgres {
    /// Starts (and on first use creates) the cluster that belongs to `data_dir`. (One
    /// sequence of steps — find the programs, pick the folder and user, initdb, start, wait,
    /// watchdog — kept together so the order stays visible.)
    pub fn start(data_dir: &Path, options: Options) -> Result<EmbeddedPostgres, EmbeddedError> {
        let bindir = find_bindir()?;
        let run_as = if Uid::effective().is_root() {
            Some(
                User::from_name("postgres")
                    .ok()
                    .flatten()
                    .ok_or(EmbeddedError::NoPostgresUser)?,
            )
        } else {
            None
        };
        fs::create_dir_all(data_dir)?;
        let data_dir = data_dir.canonicalize()?;
        let root = match &run_as {
            Some(user) if !can_enter(&data_dir, user) => relocated_root(&data_dir),
            _ => data_dir.join("postgres"),
        };
        fs::create_dir_all(&root)?;
        let pgdata = root.join("data");
        let password_file = root.join("password");
        if let Some(user) = &run_as {
            std::os::unix::fs::chown(&root, Some(user.uid.as_raw()), Some(user.gid.as_raw()))?;
        }
        fs::set_permissions(&root, fs::Permissions::from_mode(0o700))?;

        if !pgdata.join("PG_VERSION").is_file() {
            let password = random_hex(24);
            fs::write(&password_file, &password)?;
            fs::set_permissions(&password_file, fs::Permissions::from_mode(0o600))?;
            if let Some(user) = &run_as {
                std::os::unix::fs::chown(
                    &password_file,
                    Some(user.uid.as_raw()),
                    Some(user.gid.as_raw()),
                )?;
            }
            let log = root.join("initdb.log");
            let status = command(&bindir.join("initdb"), run_as.as_ref())
                .arg("-D")
                .arg(&pgdata)
                .args([
                    "-U",
                    "postgres",
                    "--auth=scram-sha-256",
                    "-E",
                    "UTF8",
                    "--no-locale",
                ])
                .arg(format!("--pwfile={}", password_file.display()))
                .stdout(Stdio::from(fs::File::create(&log)?))
                .stderr(Stdio::from(fs::File::options().append(true).open(&log)?))
                .status()?;
            if !status.success() {
                // Leave no half-made cluster behind: the next start tries again cleanly.
                let _ = fs::remove_dir_all(&pgdata);
                return Err(failed("initdb", &log));
            }
        }
        let password = Secret::new(fs::read_to_string(&password_file)?.trim());

        // Another greenai (a `serve`, say) may run this cluster already: a second postgres
        // could not start on the same folder, so use the one that runs.
        if let Some((pid, port)) = already_running(&pgdata)? {
            return Ok(EmbeddedPostgres {
                server: None,
                pid,
                watchdog: None,
                root,
                port,
                password,
            });
        }

        let port = match options.port {
            Some(p) => p,
            None => free_port()?,
        };
        let log = root.join("postgres.log");
        let log_file = fs::File::options().create(true).append(true).open(&log)?;
        let log_start = log_file.metadata()?.len();
        let mut server = command(&bindir.join("postgres"), run_as.as_ref());
        server
            .arg("-D")
            .arg(&pgdata)
            .args(["-p", &port.to_string()])
            .args(["-c", "listen_addresses=127.0.0.1"])
            .args(["-c", "unix_socket_directories="])
            .args(["-c", "max_connections=200"]);
        if options.durability_off {
            for setting in [
                "fsync=off",
                "synchronous_commit=off",
                "full_page_writes=off",
            ] {
                server.args(["-c", setting]);
            }
        }
        let server = server
            .stdout(Stdio::from(log_file.try_clone()?))
            .stderr(Stdio::from(log_file))
            .spawn()?;
        let watchdog = spawn_watchdog(server.id()).ok();
        // From here on, dropping `cluster` (on any error below) stops the server.
        let mut cluster = EmbeddedPostgres {
            pid: server.id(),
            server: Some(server),
            watchdog,
            root,
            port,
            password,
        };
        cluster.wait_until_ready(&pgdata, &log, log_start)?;
        Ok(cluster)
    }

    fn wait_until_ready(
        &mut self,
        pgdata: &Path,
        log: &Path,
        log_start: u64,
    ) -> Result<(), EmbeddedError> {
        let limit = Duration::from_secs(60);
        let started = Instant::now();
        loop {
            if let Some(server) = self.server.as_mut()
                && server.try_wait()?.is_some()
            {
                return Err(failed_since("postgres", log, log_start));
            }
            // Line 8 of postmaster.pid turns to "ready" once connections are accepted.
            let pid_file = fs::read_to_string(pgdata.join("postmaster.pid")).unwrap_or_default();
            if pid_file.lines().nth(7).is_some_and(|l| l.trim() == "ready") {
                return Ok(());
            }
            if started.elapsed() > limit {
                return Err(EmbeddedError::Timeout(limit, log.display().to_string()));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The connection URL of a database in this cluster.
    pub fn url(&self, database: &str) -> Secret {
        Secret::new(format!(
            "postgres://postgres:{}@127.0.0.1:{}/{database}",
            self.password.expose(),
            self.port
        ))
    }

    /// The folder the cluster lives in.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Whether this process found the server already running (and so leaves it running).
    pub fn borrowed(&self) -> bool {
        self.server.is_none()
    }

    /// Stops the server this process started (fast shutdown: open sessions are ended) and
    /// waits for it; a borrowed one is left to its owner.
    pub fn stop(&mut self) {
        let Some(server) = self.server.as_mut() else {
            return;
        };
        if matches!(server.try_wait(), Ok(Some(_))) {
            self.stop_watchdog();
            return;
        }
        let pid = Pid::from_raw(self.pid as i32);
        let _ = kill(pid, Signal::SIGINT);
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if matches!(server.try_wait(), Ok(Some(_))) {
                self.stop_watchdog();
                return;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        let _ = kill(pid, Signal::SIGQUIT);
        let _ = server.wait();
        self.stop_watchdog();
    }

    fn stop_watchdog(&mut self) {
        if let Some(mut w) = self.watchdog.take() {
            let _ = w.kill();
            let _ = w.wait();
        }
    }
}

impl Drop for EmbeddedPostgres {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The process id and port of a postmaster that runs `pgdata` now, from its
/// `postmaster.pid` (line 1 the pid, line 4 the port, line 8 the status). A file left by a
/// crashed server names a process that is gone, and postgres itself replaces it on start.
/// One still starting up is waited for.
fn already_running(pgdata: &Path) -> Result<Option<(u32, u16)>, EmbeddedError> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let Ok(text) = fs::read_to_string(pgdata.join("postmaster.pid")) else {
            return Ok(None);
        };
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        let (Some(pid), Some(port)) = (
            lines.first().and_then(|l| l.parse::<i32>().ok()),
            lines.get(3).and_then(|l| l.parse::<u16>().ok()),
        ) else {
            return Ok(None);
        };
        if pid <= 0 || kill(Pid::from_raw(pid), None) == Err(nix::errno::Errno::ESRCH) {
            return Ok(None);
        }
        if lines.get(7) == Some(&"ready") {
            return Ok(Some((pid as u32, port)));
        }
        if Instant::now() > deadline {
            return Err(EmbeddedError::Timeout(
                Duration::from_secs(60),
                pgdata.join("postmaster.pid").display().to_string(),
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A command that runs as `user` (when root) from `/`, in a process group of its own so a
/// Ctrl-C in the terminal reaches the app, which then stops the server in order.
fn command(program: &Path, user: Option<&User>) -> Command {
    let mut c = Command::new(program);
    c.current_dir("/").stdin(Stdio::null()).process_group(0);
    c.env_remove("PGDATA").env("LC_ALL", "C");
    if let Some(u) = user {
        c.uid(u.uid.as_raw()).gid(u.gid.as_raw());
    }
    c
}

/// A shell that waits for this process to end and then stops the server, so that not even
/// `kill -9` of the app leaves a PostgreSQL running.
fn spawn_watchdog(server_pid: u32) -> std::io::Result<Child> {
    Command::new("sh")
        .args([
            "-c",
            r#"while kill -0 "$1" 2>/dev/null; do sleep 1; done; kill -INT "$2" 2>/dev/null"#,
            "greenai-pg-watchdog",
        ])
        .arg(std::process::id().to_string())
        .arg(server_pid.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
}

/// Where to find `initdb` and `postgres`: `GREENAI_PG_BINDIR` alone when set; otherwise
/// `pg_config --bindir`, the `PATH`, and the usual install folders, newest version first.
pub fn find_bindir() -> Result<PathBuf, EmbeddedError> {
    let candidates: Vec<PathBuf> = match std::env::var_os("GREENAI_PG_BINDIR") {
        Some(dir) => vec![PathBuf::from(dir)],
        None => default_candidates(),
    };
    candidates
        .iter()
        .find(|d| d.join("initdb").is_file() && d.join("postgres").is_file())
        .cloned()
        .ok_or_else(|| EmbeddedError::NoBinaries {
            searched: candidates
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
        })
}

fn default_candidates() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output()
        && out.status.success()
    {
        dirs.push(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()));
    }
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    let mut versions: Vec<PathBuf> = fs::read_dir("/usr/lib/postgresql")
        .map(|rd| rd.flatten().map(|e| e.path().join("bin")).collect())
        .unwrap_or_default();
    versions.sort_by_key(|p| {
        std::cmp::Reverse(
            p.parent()
                .and_then(|v| v.file_name())
                .and_then(|v| v.to_str())
                .and_then(|v| v.parse::<u32>().ok())
                .unwrap_or(0),
        )
    });
    dirs.extend(versions);
    dirs.extend(
        [
            "/usr/local/pgsql/bin",
            "/opt/homebrew/bin",
            "/usr/local/bin",
        ]
        .iter()
        .map(PathBuf::from),
    );
    dirs
}

/// Whether `user` can reach `dir` through every folder above it.
fn can_enter(dir: &Path, user: &User) -> bool {
    dir.ancestors().all(|a| {
        let Ok(m) = fs::metadata(a) else {
            return false;
        };
        let mode = m.mode();
        if m.uid() == user.uid.as_raw() {
            mode & 0o100 != 0
        } else if m.gid() == user.gid.as_raw() {
            mode & 0o010 != 0
        } else {
            mode & 0o001 != 0
        }
    })
}

fn relocated_root(data_dir: &Path) -> PathBuf {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(data_dir.as_os_str().as_encoded_bytes());
    let parent = PathBuf::from("/var/tmp/greenai-postgres");
    let _ = fs::create_dir_all(&parent);
    let _ = fs::set_permissions(&parent, fs::Permissions::from_mode(0o755));
    parent.join(hex::encode(&digest[..8]))
}

fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

fn random_hex(bytes: usize) -> String {
    use password_hash::rand_core::{OsRng, RngCore};
    let mut buf = vec![0u8; bytes];
    OsRng.fill_bytes(&mut buf);
    hex::encode(buf)
}

fn failed(step: &'static str, log: &Path) -> EmbeddedError {
    failed_since(step, log, 0)
}

fn failed_since(step: &'static str, log: &Path, from: u64) -> EmbeddedError {
    let mut tail = String::new();
    if let Ok(mut f) = fs::File::open(log) {
        let len = f.metadata().map(|m| m.len()).unwrap_or(0);
        let _ = f.seek(SeekFrom::Start(from.max(len.saturating_sub(2000))));
        let _ = f.read_to_string(&mut tail);
    }
    EmbeddedError::Failed {
        step,
        log: log.display().to_string(),
        tail: tail.trim().to_string(),
    }
}
