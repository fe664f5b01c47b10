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
/// Requests per minute per client address for anonymous callers, by default.
pub const DEFAULT_RATE_LIMIT_ANONYMOUS: u32 = 300;
/// Requests per minute per API key or staff user, by default.
pub const DEFAULT_RATE_LIMIT_AUTHENTICATED: u32 = 600;
/// Anonymous problem reports per minute per client address, by default.
pub const DEFAULT_RATE_LIMIT_REPORTS: u32 = 10;

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
    /// Anonymous requests per minute per client address (0: unlimited).
    pub rate_limit_anonymous_per_minute: Option<u32>,
    /// Requests per minute per API key or staff user (0: unlimited).
    pub rate_limit_authenticated_per_minute: Option<u32>,
    /// Anonymous `POST /v1/reports` per minute per client address (0: unlimited).
    pub rate_limit_reports_per_minute: Option<u32>,
    /// Browser origins allowed to call write and staff routes: a list, or one comma list.
    pub cors_allowed_origins: Option<OriginList>,
    /// Days a problem reporter's email is kept before it is erased.
    pub report_email_retention_days: Option<u32>,
    /// The crisis line the resident's pages show with tap-to-call ("988").
    pub crisis_line: Option<String>,
    /// What the crisis line is called ("988 Suicide & Crisis Lifeline").
    pub crisis_label: Option<String>,
    /// The directory's own help contact on the resident's pages: an email or a phone number.
    pub help_contact: Option<String>,
    /// Networks source fetches may reach despite the private-address rule: a list of CIDRs, or
    /// one comma list.
    pub fetch_allow: Option<OriginList>,
    /// The largest body a source fetch accepts, in bytes.
    pub fetch_max_bytes: Option<u64>,
    /// How long one source fetch may take, in seconds.
    pub fetch_timeout_secs: Option<u64>,
    /// `none` or `nominatim`.
    pub geocoder: Option<String>,
    /// The Nominatim-compatible server's base URL.
    pub geocoder_url: Option<String>,
    /// The user agent sent to the geocoder (Nominatim's policy asks for one naming the app).
    pub geocoder_user_agent: Option<String>,
    /// How often the scheduler looks for sources due a sync, in seconds (0: never).
    pub sync_tick_secs: Option<u64>,
}

/// A list in the file: `["https://a.org", …]` or `"https://a.org,https://b.org"` (used by
/// `cors_allowed_origins` and `fetch_allow`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OriginList {
    /// A TOML array.
    List(Vec<String>),
    /// A comma list, as in `RD_CORS_ORIGINS`.
    Comma(String),
}

impl OriginList {
    /// The origins, trimmed, empty entries dropped.
    pub fn origins(&self) -> Vec<String> {
        let items: Vec<&str> = match self {
            OriginList::List(list) => list.iter().map(String::as_str).collect(),
            OriginList::Comma(text) => text.split(',').collect(),
        };
        items.into_iter().map(str::trim).filter(|o| !o.is_empty()).map(str::to_string).collect()
    }
}

/// How many requests per minute each kind of caller may make (0: unlimited). Limits are kept
/// in memory, per replica.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitSettings {
    /// Per client address, for callers without credentials.
    pub anonymous_per_minute: u32,
    /// Per API key (unless the key has its own limit) or signed-in staff user.
    pub authenticated_per_minute: u32,
    /// Per client address, for anonymous `POST /v1/reports`, in a bucket of its own.
    pub reports_per_minute: u32,
}

impl Default for RateLimitSettings {
    fn default() -> Self {
        RateLimitSettings {
            anonymous_per_minute: DEFAULT_RATE_LIMIT_ANONYMOUS,
            authenticated_per_minute: DEFAULT_RATE_LIMIT_AUTHENTICATED,
            reports_per_minute: DEFAULT_RATE_LIMIT_REPORTS,
        }
    }
}

/// True for a browser origin as `Origin` headers carry it: `http(s)://host[:port]`, nothing
/// after; or `*` (any origin).
pub fn is_origin(origin: &str) -> bool {
    if origin == "*" {
        return true;
    }
    let rest = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
    rest.is_some_and(|host| {
        !host.is_empty() && !host.contains(['/', '?', '#', '@', ' ']) && !host.starts_with(':') && !host.ends_with(':')
    })
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
    /// Requests per minute per kind of caller.
    pub rate_limits: RateLimitSettings,
    /// Browser origins allowed to call write and staff routes (lowercase, `*` for any).
    pub cors_allowed_origins: Vec<String>,
    /// Problem reporters' emails older than this many days are erased (hourly, and at start).
    pub report_email_retention_days: u32,
    /// What the resident's pages show besides the listings.
    pub pages: recovery_web::settings::PageSettings,
    /// How sources are fetched and geocoded.
    pub import: ImportSettings,
    /// How often the scheduler looks for sources due a sync (zero: no scheduler).
    pub sync_tick: std::time::Duration,
}

/// How sources are fetched and their addresses geocoded, shared by the server and the
/// command-line importer (which fetches with any address allowed).
#[derive(Debug, Clone)]
pub struct ImportSettings {
    /// The server's fetch policy (addresses, size cap, timeout).
    pub fetch: recovery_import::fetch::FetchPolicy,
    /// The geocoder.
    pub geocoder: recovery_import::geocode::Geocoder,
}

impl Default for ImportSettings {
    fn default() -> Self {
        ImportSettings {
            fetch: recovery_import::fetch::FetchPolicy::public_only(),
            geocoder: recovery_import::geocode::Geocoder::None,
        }
    }
}

impl ImportSettings {
    /// An importer on `store` under these settings.
    pub fn importer(&self, store: recovery_store::Store) -> recovery_import::sync::Importer {
        recovery_import::sync::Importer {
            store,
            fetcher: recovery_import::fetch::Fetcher::new(self.fetch.clone()),
            geocoder: self.geocoder.clone(),
        }
    }
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
    fn origins_are_scheme_host_and_port_only() {
        for ok in ["https://app.example.org", "http://localhost:3000", "*"] {
            assert!(is_origin(ok), "{ok}");
        }
        for bad in ["app.example.org", "https://a.org/", "https://a.org/path", "ftp://a.org", "https://", ""] {
            assert!(!is_origin(bad), "{bad}");
        }
        let list: FileConfig = toml::from_str("cors_allowed_origins = [\"https://a.org\", \" \"]").unwrap();
        assert_eq!(list.cors_allowed_origins.unwrap().origins(), ["https://a.org"]);
        let comma: FileConfig = toml::from_str("cors_allowed_origins = \"https://a.org, http://b.org:8080\"").unwrap();
        assert_eq!(comma.cors_allowed_origins.unwrap().origins(), ["https://a.org", "http://b.org:8080"]);
    }

    #[test]
    fn config_files_reject_unknown_keys() {
        assert!(toml::from_str::<FileConfig>("bind = \"0.0.0.0:8080\"\nlog_format = \"json\"").is_ok());
        let err = toml::from_str::<FileConfig>("bnid = \"x\"").unwrap_err().to_string();
        assert!(err.contains("bnid"), "{err}");
    }
}
