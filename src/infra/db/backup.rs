//! `greenai backup FILE` and `greenai restore FILE`: the whole database (schema, data, the
//! session store) written with `pg_dump` in its compressed custom format, and read back with
//! `pg_restore` through `psql` in one transaction — a restore that fails part-way changes
//! nothing. The password travels in the tools' environment, never on their command line.

use super::embedded;
use crate::infra::config::Secret;
use anyhow::{Context, bail};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Writes the database at `url` to `file`.
pub fn backup(url: &Secret, file: &Path) -> anyhow::Result<()> {
    let (dbname, password) = split_password(url)?;
    let out = with_password(Command::new(tool("pg_dump")), password.as_ref())
        .args(["--format=custom", "--no-owner", "--no-privileges"])
        .arg(format!("--file={}", file.display()))
        .arg(format!("--dbname={dbname}"))
        .stdin(Stdio::null())
        .output()
        .context("could not run pg_dump (install PostgreSQL's client programs)")?;
    if !out.status.success() {
        let _ = std::fs::remove_file(file);
        bail!(
            "pg_dump failed:\n{}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

/// Replaces the database at `url` with the backup in `file`. The backup is first read in
/// full into a script (a damaged file is refused before anything changes); then, in one
/// transaction, the schemas are dropped and the script run — a failure anywhere rolls all of
/// it back.
pub fn restore(url: &Secret, file: &Path) -> anyhow::Result<()> {
    if !file.is_file() {
        bail!("{} is not a file", file.display());
    }
    let (dbname, password) = split_password(url)?;
    let script = Script::new()?;
    let read = Command::new(tool("pg_restore"))
        .args(["--no-owner", "--no-privileges"])
        .arg(format!("--file={}", script.path.display()))
        .arg(file)
        .stdin(Stdio::null())
        .output()
        .context("could not run pg_restore (install PostgreSQL's client programs)")?;
    if !read.status.success() {
        bail!(
            "{} is not a readable backup; nothing was changed:\n{}",
            file.display(),
            String::from_utf8_lossy(&read.stderr).trim()
        );
    }
    let out = with_password(Command::new(tool("psql")), password.as_ref())
        .args(["-X", "-q", "--single-transaction", "-v", "ON_ERROR_STOP=1"])
        .args([
            "-c",
            "drop schema if exists tower_sessions cascade; \
             drop schema if exists public cascade; create schema public;",
        ])
        .arg("-f")
        .arg(&script.path)
        .arg(format!("--dbname={dbname}"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .output()
        .context("could not run psql (install PostgreSQL's client programs)")?;
    if !out.status.success() {
        bail!(
            "the restore failed and changed nothing:\n{}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

/// The SQL script a backup is read into: a file only its owner can read (it holds every
/// account's data), removed when dropped.
struct Script {
    path: PathBuf,
}

impl Script {
    fn new() -> anyhow::Result<Script> {
        use std::os::unix::fs::OpenOptionsExt;
        let path = std::env::temp_dir().join(format!(
            "greenai-restore-{}-{}.sql",
            std::process::id(),
            crate::infra::tokens::random_token()
        ));
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)?;
        Ok(Script { path })
    }
}

impl Drop for Script {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The connection URL without its password, and the password.
fn split_password(url: &Secret) -> anyhow::Result<(String, Option<String>)> {
    let mut parsed = url::Url::parse(url.expose()).context("not a PostgreSQL URL")?;
    let password = parsed.password().map(percent_decode);
    let _ = parsed.set_password(None);
    Ok((parsed.to_string(), password))
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("p={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

fn with_password(mut command: Command, password: Option<&String>) -> Command {
    command.env_remove("PGPASSWORD");
    if let Some(p) = password {
        command.env("PGPASSWORD", p);
    }
    command
}

/// A PostgreSQL client program: beside the server programs when those are found, else on
/// the `PATH`.
fn tool(name: &str) -> PathBuf {
    embedded::find_bindir()
        .map(|dir| dir.join(name))
        .ok()
        .filter(|p| p.is_file())
        .unwrap_or_else(|| PathBuf::from(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_leaves_the_url() {
        let (url, password) = split_password(&Secret::new(
            "postgres://ann:p%40ss%2Bw@127.0.0.1:5432/greenai",
        ))
        .unwrap();
        assert_eq!(url, "postgres://ann@127.0.0.1:5432/greenai");
        assert_eq!(password.as_deref(), Some("p@ss+w"));
        let (url, password) = split_password(&Secret::new("postgres://127.0.0.1/x")).unwrap();
        assert_eq!((url.as_str(), password), ("postgres://127.0.0.1/x", None));
    }
}
