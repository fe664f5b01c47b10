//! Everything `serve` takes, and `config check` with it: every group, and the three orders
//! they appear in (`--help`, the error listing problems, the `config check` lines), each kept
//! as it was before groups had files of their own.

use std::time::Duration;

use clap::{ArgMatches, Args};

use super::common::{Common, CommonFlags, CommonSettings};
use super::file::FileConfig;
use super::import::{Import, ImportFlags, ImportSettings};
use super::layering::{Row, ensure_valid};
use super::rate_limits::RateLimitSettings;
use super::{bind, cors, jwt, pages, public_url, rate_limits, replicas, reports, sync};

/// The flags of `serve` (and `config check`), in the order `--help` lists them.
#[derive(Debug, Clone, Args)]
pub struct ServeFlags {
    #[command(flatten)]
    common: CommonFlags,
    #[command(flatten)]
    bind: bind::Flags,
    /// Load demo data when the database has no meetings.
    // A switch of `serve`, not a setting (no variable, no file key, no `config check` line);
    // declared here to keep its place in `--help`.
    #[arg(long)]
    demo: bool,
    #[command(flatten)]
    public_url: public_url::Flags,
    #[command(flatten)]
    replicas: replicas::Flags,
    #[command(flatten)]
    rate_limits: rate_limits::Flags,
    #[command(flatten)]
    cors: cors::Flags,
    #[command(flatten)]
    reports: reports::Flags,
    #[command(flatten)]
    pages: pages::Flags,
    #[command(flatten)]
    import: ImportFlags,
    #[command(flatten)]
    sync: sync::Flags,
}

/// The server's settings after layering.
#[derive(Debug, Clone)]
pub struct Serve {
    /// The settings every command takes.
    pub common: Common,
    /// Where to listen.
    pub bind: bind::Layered,
    /// Whether to load demo data into an empty database.
    pub demo: bool,
    /// The public base URL.
    pub public_url: public_url::Layered,
    /// Following other processes, and draining.
    pub replicas: replicas::Layered,
    /// The token signing key.
    pub jwt: jwt::Layered,
    /// Requests per minute per kind of caller.
    pub rate_limits: rate_limits::Layered,
    /// Origins allowed to write from a browser.
    pub cors: cors::Layered,
    /// Problem reports.
    pub reports: reports::Layered,
    /// What the pages show.
    pub pages: pages::Layered,
    /// Fetching and geocoding sources.
    pub import: Import,
    /// The sync scheduler.
    pub sync: sync::Layered,
}

/// Settings of the HTTP server, checked.
#[derive(Debug, Clone)]
pub struct ServerSettings {
    /// The shared settings.
    pub common: CommonSettings,
    /// Socket address to listen on.
    pub bind: String,
    /// Load demo data into an empty database.
    pub demo: bool,
    /// Key for signing access tokens (UTF-8 bytes of `RD_JWT_SECRET`).
    pub jwt_secret: Vec<u8>,
    /// The public base URL of this directory, used for links in feeds.
    pub public_url: String,
    /// How often to look for writes made by other processes.
    pub follow_interval: Duration,
    /// After SIGTERM, how long to keep serving while `/readyz` already answers 503, so load
    /// balancers stop sending traffic before the listener closes.
    pub shutdown_delay: Duration,
    /// How long a request waits for a database connection before answering 503.
    pub database_timeout: Duration,
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
    pub sync_tick: Duration,
}

impl Serve {
    /// Layers `flags` (whose command's matches are `matches`) over `file`.
    pub fn layer(flags: &ServeFlags, matches: &ArgMatches, file: &FileConfig) -> Serve {
        Serve {
            common: Common::layer(&flags.common, matches, file),
            bind: bind::Layered::layer(&flags.bind, matches, &file.bind),
            demo: flags.demo,
            public_url: public_url::Layered::layer(&flags.public_url, matches, &file.public_url),
            replicas: replicas::Layered::layer(&flags.replicas, matches, &file.replicas),
            jwt: jwt::Layered::layer(&file.jwt),
            rate_limits: rate_limits::Layered::layer(&flags.rate_limits, matches, &file.rate_limits),
            cors: cors::Layered::layer(&flags.cors, matches, &file.cors),
            reports: reports::Layered::layer(&flags.reports, matches, &file.reports),
            pages: pages::Layered::layer(&flags.pages, matches, &file.pages),
            import: Import::layer(&flags.import, matches, file),
            sync: sync::Layered::layer(&flags.sync, matches, &file.sync),
        }
    }

    /// Everything that is wrong, each naming its setting.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        self.common.check(&mut problems);
        self.reports.check(&mut problems);
        self.bind.check(&mut problems);
        self.public_url.check(&mut problems);
        self.replicas.check(&mut problems);
        self.jwt.check(self.common.database.is_postgres(), &mut problems);
        self.cors.check(&mut problems);
        self.pages.check(&mut problems);
        self.import.check(&mut problems);
        problems
    }

    /// The `config check` lines, secrets masked.
    pub fn rows(&self) -> Vec<Row> {
        let mut rows = Vec::new();
        self.common.database.rows(&mut rows);
        self.bind.rows(&mut rows);
        self.public_url.rows(&self.bind.bind.value, &mut rows);
        self.common.defaults.rows(&mut rows);
        self.replicas.rows(&mut rows);
        self.reports.rows(&mut rows);
        self.jwt.rows(&mut rows);
        self.rate_limits.rows(&mut rows);
        self.cors.rows(&mut rows);
        self.pages.rows(&mut rows);
        self.import.rows(&mut rows);
        self.sync.rows(&mut rows);
        self.common.logging.rows(&mut rows);
        rows
    }

    /// The settings, or every problem found.
    pub fn settings(&self) -> anyhow::Result<ServerSettings> {
        ensure_valid(self.problems())?;
        let jwt_secret = self.jwt.signing_key();
        let bind = self.bind.bind.value.clone();
        Ok(ServerSettings {
            common: self.common.settings()?,
            demo: self.demo,
            jwt_secret,
            public_url: self.public_url.url(&bind),
            follow_interval: self.replicas.follow_interval(),
            shutdown_delay: self.replicas.shutdown_delay(),
            database_timeout: self.replicas.database_timeout(),
            rate_limits: self.rate_limits.settings(),
            cors_allowed_origins: self.cors.origins(),
            report_email_retention_days: self.reports.report_email_retention_days.value,
            pages: self.pages.settings(),
            import: self.import.settings(),
            sync_tick: self.sync.tick(),
            bind,
        })
    }
}
