//! `greenai selfcheck`: reports settings that are unsafe in production, as Django's
//! `check --deploy` does.

use crate::infra::config::Config;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub level: Level,
    pub code: &'static str,
    pub message: String,
}

/// Session keys shorter than this are refused: 64 characters of a random key are 256+ bits.
pub const MIN_SESSION_KEY_CHARS: usize = 64;

/// Every unsafe setting of `config` (a flat list of independent checks, one after another).
pub fn check(config: &Config) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut add = |level, code, message: String| {
        out.push(Finding {
            level,
            code,
            message,
        })
    };
    match &config.session_key {
        None => add(
            Level::Error,
            "session_key_missing",
            "SESSION_KEY is not set: set it to a random string of at least 64 characters \
             (for example `openssl rand -hex 32`), the same on every app instance."
                .into(),
        ),
        Some(k) if k.expose().chars().count() < MIN_SESSION_KEY_CHARS => add(
            Level::Error,
            "session_key_short",
            format!(
                "SESSION_KEY has {} characters; use at least {MIN_SESSION_KEY_CHARS}.",
                k.expose().chars().count()
            ),
        ),
        Some(_) => {}
    }
    let local = ["http://127.0.0.1", "http://localhost", "http://[::1]"]
        .iter()
        .any(|p| config.base_url.starts_with(p));
    if !config.is_https() {
        add(
            if local { Level::Warning } else { Level::Error },
            "base_url_not_https",
            format!(
                "BASE_URL is {}: serve the site over https so cookies are Secure and HSTS is on.",
                config.base_url
            ),
        );
    }
    if config.smtp_url.is_none() {
        add(
            Level::Warning,
            "smtp_missing",
            format!(
                "SMTP_URL is not set: mails are written to {} instead of being sent.",
                config.outbox_dir().display()
            ),
        );
    } else if config
        .smtp_url
        .as_ref()
        .is_some_and(|u| u.expose().starts_with("smtp://") && !u.expose().contains("starttls"))
    {
        add(
            Level::Warning,
            "smtp_plaintext",
            "SMTP_URL uses smtp:// without STARTTLS: use smtps:// or a local relay.".into(),
        );
    }
    if config.database_url.is_none() {
        add(
            Level::Warning,
            "embedded_database",
            "DATABASE_URL is not set: the embedded PostgreSQL suits one machine; use a managed \
             server with backups in production."
                .into(),
        );
    }
    out.sort_by_key(|f| std::cmp::Reverse(f.level));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::infra::config::Secret;
    use clap::Parser;

    #[derive(Parser)]
    struct T {
        #[command(flatten)]
        config: Config,
    }

    fn config(args: &[&str]) -> Config {
        let mut all = vec!["t"];
        all.extend_from_slice(args);
        T::parse_from(all).config
    }

    #[test]
    fn production_settings_pass() {
        let mut c = config(&["--base-url", "https://greenai.example"]);
        c.session_key = Some(Secret::new("k".repeat(64)));
        c.smtp_url = Some(Secret::new("smtps://u:p@mail.example"));
        c.database_url = Some(Secret::new("postgres://db.example/greenai"));
        assert_eq!(check(&c), vec![]);
    }

    #[test]
    fn unsafe_settings_are_named() {
        let mut c = config(&["--base-url", "http://greenai.example"]);
        c.session_key = Some(Secret::new("short"));
        // Whatever the environment running the tests sets (a DATABASE_URL, say).
        c.smtp_url = None;
        c.database_url = None;
        let codes: Vec<_> = check(&c).iter().map(|f| (f.level, f.code)).collect();
        assert_eq!(
            codes,
            vec![
                (Level::Error, "session_key_short"),
                (Level::Error, "base_url_not_https"),
                (Level::Warning, "smtp_missing"),
                (Level::Warning, "embedded_database"),
            ]
        );
        assert!(check(&c).iter().all(|f| !f.message.contains("short\"")));
    }
}
