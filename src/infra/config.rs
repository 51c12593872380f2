//! Typed configuration, loaded once from flags and the environment (names in the README).

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

/// A secret value that never prints: `Debug` and `Display` show `[redacted]`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value itself, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Secret(s.to_string()))
    }
}

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// Settings shared by every command.
#[derive(Clone, Debug, clap::Args)]
pub struct Config {
    /// PostgreSQL connection URL. Without it, Green AI Hub runs its own PostgreSQL cluster
    /// under the data directory.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<Secret>,

    /// Where the embedded cluster, the mail outbox and uploads live.
    #[arg(
        long,
        env = "GREENAI_DATA_DIR",
        default_value = "./.greenai",
        global = true
    )]
    pub data_dir: PathBuf,

    /// The public address of the site, used in links in e-mails and for HSTS and secure
    /// cookies when it is https.
    #[arg(
        long,
        env = "BASE_URL",
        default_value = DEFAULT_BASE_URL,
        global = true
    )]
    pub base_url: String,

    /// SMTP server for outgoing mail (smtp:// or smtps://). Without it, mails are written
    /// as .eml files to the outbox folder in the data directory.
    #[arg(long, env = "SMTP_URL", global = true, hide_env_values = true)]
    pub smtp_url: Option<Secret>,

    /// Sender of the platform's mails, such as `Green AI Hub <no-reply@example.org>`.
    /// Without it: no-reply at the host of BASE_URL.
    #[arg(long, env = "MAIL_FROM", global = true)]
    pub mail_from: Option<String>,

    /// Key that signs session cookies (at least 64 characters). Without it, a key generated
    /// once is kept in the data directory: fine for one machine, not for several.
    #[arg(long, env = "SESSION_KEY", global = true, hide_env_values = true)]
    pub session_key: Option<Secret>,

    /// Days after a topic's sign-up deadline within which its supervisors decide; pending
    /// sign-ups left after that are closed with a polite mail.
    #[arg(
        long,
        env = "GREENAI_SIGNUP_DECISION_DAYS",
        default_value_t = 30,
        global = true
    )]
    pub signup_decision_days: u32,

    /// Seconds a run sent by CodeCarbon's live API may be quiet before it is stored as a
    /// measurement (CodeCarbon never says a run ended; a tracker sends every two minutes by
    /// default).
    #[arg(
        long,
        env = "GREENAI_CODECARBON_QUIET_SECS",
        default_value_t = 600,
        global = true
    )]
    pub codecarbon_quiet_secs: u64,

    /// Days after a topic stopped taking sign-ups after which its declined (and closed or
    /// withdrawn) sign-ups are erased.
    #[arg(
        long,
        env = "GREENAI_DECLINED_RETENTION_DAYS",
        default_value_t = 180,
        global = true
    )]
    pub declined_retention_days: u32,

    /// Seconds a request may take (reading its body included) before it is answered 408: a
    /// slow client cannot hold a connection and its work for ever.
    #[arg(
        long,
        env = "GREENAI_REQUEST_TIMEOUT",
        default_value_t = 60,
        value_parser = clap::value_parser!(u64).range(1..=3600),
        global = true
    )]
    pub request_timeout_s: u64,

    /// Bearer token that `/metrics` asks for. Without it, `/metrics` answers only requests
    /// from the machine itself.
    #[arg(
        long,
        env = "GREENAI_METRICS_TOKEN",
        global = true,
        hide_env_values = true
    )]
    pub metrics_token: Option<Secret>,

    /// Reverse proxies whose forwarded header is believed, as addresses or ranges separated
    /// by commas (`127.0.0.1,10.0.0.0/8`). A request from one of them is taken to come from
    /// the address its header names; without this setting every visitor behind a proxy
    /// would share the proxy's address (and its rate limits).
    #[arg(
        long,
        env = "GREENAI_TRUSTED_PROXIES",
        value_delimiter = ',',
        value_parser = parse_proxy,
        global = true
    )]
    pub trusted_proxies: Vec<ipnet::IpNet>,

    /// The header a trusted proxy puts the visitor's address in: `x-forwarded-for` (the
    /// last address not itself a trusted proxy is the visitor) or `x-real-ip`.
    #[arg(
        long,
        env = "GREENAI_CLIENT_IP_HEADER",
        default_value = "x-forwarded-for",
        value_parser = ["x-forwarded-for", "x-real-ip"],
        global = true
    )]
    pub client_ip_header: String,

    /// Log line format.
    #[arg(
        long,
        env = "GREENAI_LOG_FORMAT",
        value_enum,
        default_value_t,
        global = true
    )]
    pub log_format: LogFormat,
}

impl Config {
    /// Whether the site is served over https, which turns on HSTS and secure cookies.
    pub fn is_https(&self) -> bool {
        self.base_url.starts_with("https://")
    }

    /// The folder for `.eml` files when no SMTP server is configured.
    pub fn outbox_dir(&self) -> PathBuf {
        self.data_dir.join("outbox")
    }
}

/// Where `serve` listens.
pub const DEFAULT_BIND: &str = "127.0.0.1:3000";

/// The public address when none is configured: the default bind address.
pub const DEFAULT_BASE_URL: &str = "http://127.0.0.1:3000";

/// The address links point to: `BASE_URL` when it is set; left at its default, the address
/// the server really listens on (started on another port, links to port 3000 would lead
/// nowhere). A wildcard address becomes loopback.
pub fn effective_base_url(configured: &str, listening: SocketAddr) -> String {
    if configured != DEFAULT_BASE_URL {
        return configured.to_string();
    }
    let host = if listening.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else if listening.is_ipv6() {
        format!("[{}]", listening.ip())
    } else {
        listening.ip().to_string()
    };
    format!("http://{host}:{}", listening.port())
}

/// Parses a trusted proxy: an address (`127.0.0.1`) or a range (`10.0.0.0/8`).
pub fn parse_proxy(s: &str) -> Result<ipnet::IpNet, String> {
    let s = s.trim();
    s.parse::<ipnet::IpNet>()
        .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| format!("“{s}” is not an address or range such as 10.0.0.0/8"))
}

/// Parses a bind address, accepting `:3000` as all interfaces' port 3000.
pub fn parse_bind(s: &str) -> Result<SocketAddr, String> {
    let s = if let Some(port) = s.strip_prefix(':') {
        format!("0.0.0.0:{port}")
    } else {
        s.to_string()
    };
    s.parse()
        .map_err(|_| format!("“{s}” is not an address such as 127.0.0.1:3000"))
}

#[cfg(test)]
mod base_url_tests {
    use super::*;

    #[test]
    fn links_follow_the_port_served_unless_base_url_is_set() {
        let on = |a: &str| a.parse::<SocketAddr>().unwrap();
        assert_eq!(
            effective_base_url(DEFAULT_BASE_URL, on("127.0.0.1:8080")),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            effective_base_url(DEFAULT_BASE_URL, on("0.0.0.0:8080")),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            effective_base_url("https://greenai.example", on("127.0.0.1:8080")),
            "https://greenai.example"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s} {s:?}"), "[redacted] [redacted]");
        assert_eq!(s.expose(), "hunter2");
    }

    #[test]
    fn bind_addresses() {
        assert_eq!(parse_bind(":8080").unwrap().port(), 8080);
        assert!(parse_bind("localhost").is_err());
    }
}
