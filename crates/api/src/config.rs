//! The service's settings, from command-line flags, environment variables and an optional
//! TOML file, in that order of precedence (a flag beats its environment variable, which beats
//! the file, which beats the built-in default).

use std::fmt;
use std::path::Path;

use chrono_tz::Tz;
use serde::Deserialize;

/// The database used when none is given.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/recovery-directory.db";
/// The address served on when none is given.
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
/// The shortest accepted token signing key.
pub const MIN_JWT_SECRET_LEN: usize = 32;

/// How long a reporter's email is kept before it is erased, by default (days).
pub const DEFAULT_REPORT_EMAIL_RETENTION_DAYS: u32 = 180;
/// The longest accepted email retention: ten years.
pub const MAX_REPORT_EMAIL_RETENTION_DAYS: u32 = 3_650;

/// Where a setting's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A command-line flag.
    Flag,
    /// An environment variable.
    Env,
    /// The TOML configuration file.
    File,
    /// The built-in default.
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Source::Flag => "flag",
            Source::Env => "environment",
            Source::File => "config file",
            Source::Default => "default",
        })
    }
}

/// A setting's value and where it came from.
#[derive(Debug, Clone)]
pub struct Setting<T> {
    /// The value in force.
    pub value: T,
    /// Where it came from.
    pub source: Source,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// The optional TOML configuration file (`--config FILE` or `RD_CONFIG`). Every key is optional
/// and named like the flag, with underscores.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// `postgres://…` or `sqlite://PATH`.
    pub database_url: Option<String>,
    /// Address to listen on.
    pub bind: Option<String>,
    /// Public base URL for links in feeds.
    pub public_url: Option<String>,
    /// Time zone for meetings written without one.
    pub default_timezone: Option<String>,
    /// Program for meetings written without one.
    pub default_program: Option<String>,
    /// How often to follow the change log, in milliseconds.
    pub follow_interval_ms: Option<u64>,
    /// How long to keep serving after SIGTERM with readiness failing, in milliseconds.
    pub shutdown_delay_ms: Option<u64>,
    /// Token signing key (prefer the `RD_JWT_SECRET` environment variable).
    pub jwt_secret: Option<String>,
    /// Log filter, as `RD_LOG`.
    pub log: Option<String>,
    /// Log format.
    pub log_format: Option<LogFormat>,
    /// Days a problem reporter's email is kept before it is erased.
    pub report_email_retention_days: Option<u32>,
}

impl FileConfig {
    /// Reads and parses a configuration file.
    pub fn load(path: &Path) -> anyhow::Result<FileConfig> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("reading the config file {}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| anyhow::anyhow!("in the config file {}: {e}", path.display()))
    }
}

/// Settings shared by the server and the command-line tools.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `postgres://…` or `sqlite://PATH`.
    pub database_url: String,
    /// Time zone for meetings written without one.
    pub default_timezone: Tz,
    /// Program for meetings written without one.
    pub default_program: String,
}

/// Settings of the HTTP server.
#[derive(Debug, Clone)]
pub struct ServerSettings {
    /// The shared settings.
    pub common: Settings,
    /// Socket address to listen on.
    pub bind: String,
    /// Load demo data into an empty database.
    pub demo: bool,
    /// Key for signing access tokens (UTF-8 bytes of `RD_JWT_SECRET`).
    pub jwt_secret: Vec<u8>,
    /// The public base URL of this directory, used for links in feeds.
    pub public_url: String,
    /// How often to look for writes made by other processes, in milliseconds.
    pub follow_interval_ms: u64,
    /// After SIGTERM, how long to keep serving while `/readyz` already answers 503, so load
    /// balancers stop sending traffic before the listener closes.
    pub shutdown_delay_ms: u64,
    /// Problem reporters' emails older than this many days are erased (hourly, and at start).
    pub report_email_retention_days: u32,
}

/// True for a URL that selects PostgreSQL.
pub fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Masks a database URL's passwords for display: the one in `user:password@` and any
/// `password`-like query parameter (`?password=…`, `sslpassword=…`).
pub fn mask_url(url: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let mut masked = match (base.find("://"), base.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => match base[scheme_end + 3..at].split_once(':') {
            Some((user, _)) => format!("{}{}:***{}", &base[..scheme_end + 3], user, &base[at..]),
            None => base.to_string(),
        },
        _ => base.to_string(),
    };
    if let Some(query) = query {
        let params: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((key, _)) if key.to_ascii_lowercase().contains("pass") => format!("{key}=***"),
                _ => pair.to_string(),
            })
            .collect();
        masked.push('?');
        masked.push_str(&params.join("&"));
    }
    masked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_masked() {
        assert_eq!(mask_url("postgres://rd:secret@db:5432/rd"), "postgres://rd:***@db:5432/rd");
        assert_eq!(mask_url("postgres://rd@db/rd"), "postgres://rd@db/rd");
        assert_eq!(mask_url("sqlite://data/x.db"), "sqlite://data/x.db");
        assert_eq!(
            mask_url("postgres://u@h/db?sslmode=require&password=hunter2&sslpassword=x"),
            "postgres://u@h/db?sslmode=require&password=***&sslpassword=***"
        );
        assert_eq!(mask_url("postgres://u:a@b@h/db?PASSWORD=c"), "postgres://u:***@h/db?PASSWORD=***");
    }

    #[test]
    fn config_files_reject_unknown_keys() {
        assert!(toml::from_str::<FileConfig>("bind = \"0.0.0.0:8080\"\nlog_format = \"json\"").is_ok());
        let err = toml::from_str::<FileConfig>("bnid = \"x\"").unwrap_err().to_string();
        assert!(err.contains("bnid"), "{err}");
    }
}
