//! The `recovery-directory` command line: subcommands, and the layering of flags, environment
//! variables and the optional TOML file into settings.

use std::io::{BufRead, IsTerminal};
use std::net::ToSocketAddrs;
use std::path::PathBuf;

use anyhow::{Context, bail};
use chrono_tz::Tz;
use clap::parser::ValueSource;
use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use recovery_domain::source::SourceKind;
use recovery_domain::{Actor, Programs, Role};
use recovery_store::Store;
use tracing_subscriber::EnvFilter;

use crate::config::{
    DEFAULT_BIND, DEFAULT_DATABASE_URL, FileConfig, LogFormat, MIN_JWT_SECRET_LEN, ServerSettings, Setting, Settings,
    Source, is_postgres, mask_url,
};
use crate::config::{
    DEFAULT_RATE_LIMIT_ANONYMOUS, DEFAULT_RATE_LIMIT_AUTHENTICATED, DEFAULT_RATE_LIMIT_REPORTS, RateLimitSettings,
    is_origin,
};
use crate::config::{DEFAULT_REPORT_EMAIL_RETENTION_DAYS, MAX_REPORT_EMAIL_RETENTION_DAYS};
use crate::sync::command::CliImport;
use crate::sync::settings::{DEFAULT_SYNC_TICK_SECS, FetchArgs, ResolvedFetch, tick_row};
use recovery_api::auth::password::{MIN_PASSWORD_LEN, hash_password};
use recovery_web::settings::{DEFAULT_CRISIS_LABEL, DEFAULT_CRISIS_LINE, PageSettings, is_phone_number};

/// 12-step meetings and recovery agencies, in one directory.
#[derive(Debug, Parser)]
#[command(name = "recovery-directory", version, about)]
pub struct Cli {
    /// TOML configuration file (flags and environment variables take precedence over it).
    #[arg(long, env = "RD_CONFIG", global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the HTTP API.
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate(CommonArgs),
    /// Write the whole directory (meetings, agencies, users, sources, runs, change log) to one JSON backup file.
    Export(ExportArgs),
    /// Load data into the directory: `import backup FILE` restores a backup into an empty
    /// database; `import KIND URL|FILE` (meeting-guide, tsml-csv, bmlt, hsds) syncs a source.
    Import(ImportArgs),
    /// Manage staff users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Inspect the configuration.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Print the OpenAPI document.
    Openapi,
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Add a staff user.
    Add(UserAddArgs),
}

#[derive(Debug, Subcommand)]
enum ConfigCommand {
    /// Validate the configuration `serve` would run with and print it, secrets masked.
    Check(ServeArgs),
}

/// Settings every database-opening subcommand takes.
#[derive(Debug, Args)]
struct CommonArgs {
    /// Database URL: `sqlite://PATH` (created if missing) or `postgres://…`.
    #[arg(long = "database", env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    database: String,
    /// Time zone for meetings written without one (IANA name).
    #[arg(long, env = "RD_DEFAULT_TIMEZONE", default_value = "America/New_York")]
    default_timezone: String,
    /// Program for meetings written without one.
    #[arg(long, env = "RD_DEFAULT_PROGRAM", default_value = "aa")]
    default_program: String,
    /// Log filter (`info`, `warn`, `recovery_api=debug`, …).
    #[arg(long, env = "RD_LOG", default_value = "info")]
    log: String,
    /// Log format.
    #[arg(long, env = "RD_LOG_FORMAT", value_enum, default_value = "text")]
    log_format: LogFormat,
}

#[derive(Debug, Args)]
struct ServeArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Address to listen on.
    #[arg(long, env = "RD_BIND", default_value = DEFAULT_BIND)]
    bind: String,
    /// Load demo data when the database has no meetings.
    #[arg(long)]
    demo: bool,
    /// The public base URL of this directory, for links in feeds (default: http://BIND).
    #[arg(long, env = "RD_PUBLIC_URL")]
    public_url: Option<String>,
    /// How often to pick up writes made by other processes, in milliseconds.
    #[arg(long, env = "RD_FOLLOW_INTERVAL_MS", default_value_t = 1000)]
    follow_interval_ms: u64,
    /// After SIGTERM, keep serving this long with `/readyz` failing, in milliseconds.
    #[arg(long, env = "RD_SHUTDOWN_DELAY_MS", default_value_t = 0)]
    shutdown_delay_ms: u64,
    /// Anonymous requests per minute per client address (0: unlimited).
    #[arg(long, env = "RD_RATE_LIMIT_ANONYMOUS_PER_MINUTE", default_value_t = DEFAULT_RATE_LIMIT_ANONYMOUS)]
    rate_limit_anonymous_per_minute: u32,
    /// Requests per minute per API key (unless the key has its own limit) or staff user (0: unlimited).
    #[arg(long, env = "RD_RATE_LIMIT_AUTHENTICATED_PER_MINUTE", default_value_t = DEFAULT_RATE_LIMIT_AUTHENTICATED)]
    rate_limit_authenticated_per_minute: u32,
    /// Anonymous `POST /v1/reports` per minute per client address, a bucket of its own (0: unlimited).
    #[arg(long, env = "RD_RATE_LIMIT_REPORTS_PER_MINUTE", default_value_t = DEFAULT_RATE_LIMIT_REPORTS)]
    rate_limit_reports_per_minute: u32,
    /// Browser origins allowed to call write and staff routes, comma-separated
    /// (`https://admin.example.org`); public reads are open to every origin.
    #[arg(long, env = "RD_CORS_ORIGINS", value_delimiter = ',')]
    cors_allowed_origins: Vec<String>,
    /// Erase problem reporters' emails older than this many days (checked hourly and at start).
    #[arg(long, env = "RD_REPORT_EMAIL_RETENTION_DAYS", default_value_t = DEFAULT_REPORT_EMAIL_RETENTION_DAYS)]
    report_email_retention_days: u32,
    /// The crisis line the resident's pages show with tap-to-call.
    #[arg(long, env = "RD_CRISIS_LINE", default_value = DEFAULT_CRISIS_LINE)]
    crisis_line: String,
    /// What the crisis line is called on the pages.
    #[arg(long, env = "RD_CRISIS_LABEL", default_value = DEFAULT_CRISIS_LABEL)]
    crisis_label: String,
    /// The directory's own help contact on the pages: an email address or a phone number.
    #[arg(long, env = "RD_HELP_CONTACT")]
    help_contact: Option<String>,
    #[command(flatten)]
    fetch: FetchArgs,
    /// How often to look for sources due a scheduled sync, in seconds (0: never).
    #[arg(long, env = "RD_SYNC_TICK_SECS", default_value_t = DEFAULT_SYNC_TICK_SECS)]
    sync_tick_secs: u64,
}

#[derive(Debug, Args)]
struct UserAddArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Sign-in email.
    #[arg(long)]
    email: String,
    /// Role: admin, editor or viewer.
    #[arg(long, value_parser = ["admin", "editor", "viewer"])]
    role: String,
    /// Read the password from the first line of standard input.
    #[arg(long, required = true)]
    password_stdin: bool,
}

#[derive(Debug, Args)]
struct ExportArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// The backup file to write (replaced whole once complete); `-` for standard output.
    #[arg(value_name = "FILE")]
    file: String,
}

#[derive(Debug, Args)]
struct ImportArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// What SOURCE holds.
    #[arg(value_enum, value_name = "KIND")]
    kind: ImportKind,
    /// The file to read (`-`: standard input, backups only), or for a feed an http(s) URL.
    #[arg(value_name = "SOURCE")]
    source: String,
    /// Check SOURCE and report what it holds, writing nothing.
    #[arg(long)]
    dry_run: bool,
    /// Program of a feed's meetings (default: the source's, else `--default-program`).
    #[arg(long)]
    program: Option<String>,
    /// Time zone of a feed's records that name none (default: the source's, else
    /// `--default-timezone`).
    #[arg(long)]
    timezone: Option<String>,
    /// Region levels put in front of every record's regions, widest first, comma-separated.
    #[arg(long, value_delimiter = ',')]
    region_prefix: Option<Vec<String>>,
    #[command(flatten)]
    fetch: FetchArgs,
}

/// What an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ImportKind {
    /// A backup written by `recovery-directory export`, restored into an empty database.
    Backup,
    /// A Meeting Guide JSON feed.
    MeetingGuide,
    /// A 12 Step Meeting List CSV export.
    TsmlCsv,
    /// A BMLT root server (its base URL) or a saved `GetSearchResults` answer.
    Bmlt,
    /// An HSDS 3.0 API (its base URL) or a JSON file of services.
    Hsds,
}

impl ImportKind {
    /// The source kind, for every kind but backups.
    fn source_kind(self) -> Option<SourceKind> {
        match self {
            ImportKind::Backup => None,
            ImportKind::MeetingGuide => Some(SourceKind::MeetingGuide),
            ImportKind::TsmlCsv => Some(SourceKind::TsmlCsv),
            ImportKind::Bmlt => Some(SourceKind::Bmlt),
            ImportKind::Hsds => Some(SourceKind::Hsds),
        }
    }
}

/// Picks a value by precedence: flag or environment (as clap saw it), then the file, then the
/// default clap filled in.
pub(crate) fn layer<T>(m: &ArgMatches, id: &str, cli: T, file: Option<T>) -> Setting<T> {
    match m.value_source(id) {
        Some(ValueSource::CommandLine) => Setting { value: cli, source: Source::Flag },
        Some(ValueSource::EnvVariable) => Setting { value: cli, source: Source::Env },
        _ => match file {
            Some(value) => Setting { value, source: Source::File },
            None => Setting { value: cli, source: Source::Default },
        },
    }
}

/// The common settings after layering.
struct ResolvedCommon {
    database_url: Setting<String>,
    default_timezone: Setting<String>,
    default_program: Setting<String>,
    log: Setting<String>,
    log_format: Setting<LogFormat>,
}

impl ResolvedCommon {
    fn new(args: &CommonArgs, m: &ArgMatches, file: &FileConfig) -> ResolvedCommon {
        ResolvedCommon {
            database_url: layer(m, "database", args.database.clone(), file.database_url.clone()),
            default_timezone: layer(
                m,
                "default_timezone",
                args.default_timezone.clone(),
                file.default_timezone.clone(),
            ),
            default_program: layer(m, "default_program", args.default_program.clone(), file.default_program.clone()),
            log: layer(m, "log", args.log.clone(), file.log.clone()),
            log_format: layer(m, "log_format", args.log_format, file.log_format),
        }
    }

    fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.default_timezone.value.parse::<Tz>().is_err() {
            problems.push(format!("default_timezone: unknown IANA time zone `{}`", self.default_timezone.value));
        }
        if Programs::builtin().get(&self.default_program.value).is_none() {
            problems.push(format!("default_program: unknown program `{}`", self.default_program.value));
        }
        let url = &self.database_url.value;
        if !is_postgres(url) && !url.starts_with("sqlite://") {
            problems.push(format!("database: expected sqlite://PATH or postgres://…, got `{}`", mask_url(url)));
        }
        if EnvFilter::try_new(&self.log.value).is_err() {
            problems.push(format!("log: not a log filter: `{}`", self.log.value));
        }
        problems
    }

    fn settings(&self) -> anyhow::Result<Settings> {
        let problems = self.problems();
        if !problems.is_empty() {
            bail!("invalid configuration:\n  {}", problems.join("\n  "));
        }
        Ok(Settings {
            database_url: self.database_url.value.clone(),
            default_timezone: self.default_timezone.value.parse().unwrap_or(chrono_tz::America::New_York),
            default_program: self.default_program.value.clone(),
        })
    }

    fn init_logging(&self) {
        let filter = EnvFilter::try_new(&self.log.value).unwrap_or_else(|_| EnvFilter::new("info"));
        let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
        let _ = match self.log_format.value {
            LogFormat::Json => builder.json().flatten_event(true).try_init(),
            LogFormat::Text => builder.with_ansi(std::io::stderr().is_terminal()).try_init(),
        };
    }
}

/// The server's settings after layering.
struct ResolvedServe {
    common: ResolvedCommon,
    bind: Setting<String>,
    public_url: Setting<Option<String>>,
    follow_interval_ms: Setting<u64>,
    shutdown_delay_ms: Setting<u64>,
    report_email_retention_days: Setting<u32>,
    jwt_secret: Setting<Option<String>>,
    demo: bool,
    rate_limit_anonymous_per_minute: Setting<u32>,
    rate_limit_authenticated_per_minute: Setting<u32>,
    rate_limit_reports_per_minute: Setting<u32>,
    cors_allowed_origins: Setting<Vec<String>>,
    crisis_line: Setting<String>,
    crisis_label: Setting<String>,
    help_contact: Setting<Option<String>>,
    fetch: ResolvedFetch,
    sync_tick_secs: Setting<u64>,
}

impl ResolvedServe {
    fn new(args: &ServeArgs, m: &ArgMatches, file: &FileConfig) -> ResolvedServe {
        let jwt_secret = match std::env::var("RD_JWT_SECRET") {
            Ok(secret) => Setting { value: Some(secret), source: Source::Env },
            Err(_) => match &file.jwt_secret {
                Some(secret) => Setting { value: Some(secret.clone()), source: Source::File },
                None => Setting { value: None, source: Source::Default },
            },
        };
        ResolvedServe {
            common: ResolvedCommon::new(&args.common, m, file),
            bind: layer(m, "bind", args.bind.clone(), file.bind.clone()),
            public_url: layer(m, "public_url", args.public_url.clone(), file.public_url.clone().map(Some)),
            follow_interval_ms: layer(m, "follow_interval_ms", args.follow_interval_ms, file.follow_interval_ms),
            shutdown_delay_ms: layer(m, "shutdown_delay_ms", args.shutdown_delay_ms, file.shutdown_delay_ms),
            report_email_retention_days: layer(
                m,
                "report_email_retention_days",
                args.report_email_retention_days,
                file.report_email_retention_days,
            ),
            jwt_secret,
            demo: args.demo,
            rate_limit_anonymous_per_minute: layer(
                m,
                "rate_limit_anonymous_per_minute",
                args.rate_limit_anonymous_per_minute,
                file.rate_limit_anonymous_per_minute,
            ),
            rate_limit_authenticated_per_minute: layer(
                m,
                "rate_limit_authenticated_per_minute",
                args.rate_limit_authenticated_per_minute,
                file.rate_limit_authenticated_per_minute,
            ),
            rate_limit_reports_per_minute: layer(
                m,
                "rate_limit_reports_per_minute",
                args.rate_limit_reports_per_minute,
                file.rate_limit_reports_per_minute,
            ),
            cors_allowed_origins: layer(
                m,
                "cors_allowed_origins",
                args.cors_allowed_origins.iter().map(|o| o.trim().to_string()).filter(|o| !o.is_empty()).collect(),
                file.cors_allowed_origins.as_ref().map(|list| list.origins()),
            ),
            crisis_line: layer(m, "crisis_line", args.crisis_line.trim().to_string(), file.crisis_line.clone()),
            crisis_label: layer(m, "crisis_label", args.crisis_label.trim().to_string(), file.crisis_label.clone()),
            help_contact: layer(
                m,
                "help_contact",
                args.help_contact.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_string),
                file.help_contact.clone().map(Some),
            ),
            fetch: ResolvedFetch::new(&args.fetch, m, file),
            sync_tick_secs: layer(m, "sync_tick_secs", args.sync_tick_secs, file.sync_tick_secs),
        }
    }

    fn problems(&self) -> Vec<String> {
        let mut problems = self.common.problems();
        let retention = self.report_email_retention_days.value;
        if !(1..=MAX_REPORT_EMAIL_RETENTION_DAYS).contains(&retention) {
            problems.push(format!(
                "report_email_retention_days: must be from 1 to {MAX_REPORT_EMAIL_RETENTION_DAYS} days, not {retention}"
            ));
        }
        if self.bind.value.to_socket_addrs().is_err() {
            problems.push(format!("bind: not a socket address: `{}`", self.bind.value));
        }
        if let Some(url) = &self.public_url.value {
            if !recovery_domain::validation::is_http_url(url) {
                problems.push(format!("public_url: not an http(s) URL: `{url}`"));
            }
        }
        match &self.jwt_secret.value {
            Some(secret) if secret.len() < MIN_JWT_SECRET_LEN => {
                problems.push(format!("RD_JWT_SECRET: must be at least {MIN_JWT_SECRET_LEN} bytes"))
            }
            None if is_postgres(&self.common.database_url.value) => problems
                .push("RD_JWT_SECRET: required with PostgreSQL, so that every replica accepts the same tokens".into()),
            _ => {}
        }
        for origin in &self.cors_allowed_origins.value {
            if !is_origin(origin) {
                problems.push(format!(
                    "cors_allowed_origins: `{origin}` is not an origin (scheme://host[:port], nothing after)"
                ));
            }
        }
        if !is_phone_number(self.crisis_line.value.trim()) {
            problems.push(format!(
                "crisis_line: not a phone number (digits, +, spaces, hyphens): `{}`",
                self.crisis_line.value
            ));
        }
        if !(1..=100).contains(&self.crisis_label.value.trim().chars().count()) {
            problems.push("crisis_label: must be 1 to 100 characters".to_string());
        }
        if self.help_contact.value.as_ref().is_some_and(|c| c.trim().chars().count() > 200) {
            problems.push("help_contact: must be at most 200 characters".to_string());
        }
        problems.extend(self.fetch.problems());
        problems
    }

    fn settings(&self) -> anyhow::Result<ServerSettings> {
        let problems = self.problems();
        if !problems.is_empty() {
            bail!("invalid configuration:\n  {}", problems.join("\n  "));
        }
        let jwt_secret = match &self.jwt_secret.value {
            Some(secret) => secret.clone().into_bytes(),
            None => {
                tracing::warn!("RD_JWT_SECRET is not set: using a random signing key; tokens end with this process");
                rand::random::<[u8; 32]>().to_vec()
            }
        };
        Ok(ServerSettings {
            common: self.common.settings()?,
            bind: self.bind.value.clone(),
            demo: self.demo,
            jwt_secret,
            public_url: self.public_url.value.clone().unwrap_or_else(|| format!("http://{}", self.bind.value)),
            follow_interval_ms: self.follow_interval_ms.value,
            shutdown_delay_ms: self.shutdown_delay_ms.value,
            rate_limits: RateLimitSettings {
                anonymous_per_minute: self.rate_limit_anonymous_per_minute.value,
                authenticated_per_minute: self.rate_limit_authenticated_per_minute.value,
                reports_per_minute: self.rate_limit_reports_per_minute.value,
            },
            cors_allowed_origins: self
                .cors_allowed_origins
                .value
                .iter()
                .map(|o| o.trim_end_matches('/').to_ascii_lowercase())
                .collect(),
            report_email_retention_days: self.report_email_retention_days.value,
            pages: PageSettings {
                crisis_line: self.crisis_line.value.trim().to_string(),
                crisis_label: self.crisis_label.value.trim().to_string(),
                help_contact: self.help_contact.value.as_deref().map(str::trim).map(str::to_string),
            },
            import: self.fetch.settings(),
            sync_tick: std::time::Duration::from_secs(self.sync_tick_secs.value),
        })
    }

    /// The settings as `key = value  (source)` lines, secrets masked.
    fn describe(&self) -> String {
        let c = &self.common;
        let public_url = match &self.public_url.value {
            Some(url) => url.clone(),
            None => format!("http://{} (from bind)", self.bind.value),
        };
        let secret = match &self.jwt_secret.value {
            Some(_) => "*** (set)".to_string(),
            None => "(not set: a random key per start)".to_string(),
        };
        let mut rows = vec![
            ("database_url", mask_url(&c.database_url.value), c.database_url.source),
            ("bind", self.bind.value.clone(), self.bind.source),
            ("public_url", public_url, self.public_url.source),
            ("default_timezone", c.default_timezone.value.clone(), c.default_timezone.source),
            ("default_program", c.default_program.value.clone(), c.default_program.source),
            ("follow_interval_ms", self.follow_interval_ms.value.to_string(), self.follow_interval_ms.source),
            ("shutdown_delay_ms", self.shutdown_delay_ms.value.to_string(), self.shutdown_delay_ms.source),
            (
                "report_email_retention_days",
                self.report_email_retention_days.value.to_string(),
                self.report_email_retention_days.source,
            ),
            ("jwt_secret", secret, self.jwt_secret.source),
            rate_row("rate_limit_anonymous_per_minute", &self.rate_limit_anonymous_per_minute),
            rate_row("rate_limit_authenticated_per_minute", &self.rate_limit_authenticated_per_minute),
            rate_row("rate_limit_reports_per_minute", &self.rate_limit_reports_per_minute),
            (
                "cors_allowed_origins",
                match self.cors_allowed_origins.value.join(",") {
                    none if none.is_empty() => "(none: public reads only)".to_string(),
                    origins => origins,
                },
                self.cors_allowed_origins.source,
            ),
            ("crisis_line", self.crisis_line.value.clone(), self.crisis_line.source),
            ("crisis_label", self.crisis_label.value.clone(), self.crisis_label.source),
            (
                "help_contact",
                self.help_contact.value.clone().unwrap_or_else(|| "(none)".to_string()),
                self.help_contact.source,
            ),
        ];
        rows.extend(self.fetch.rows());
        rows.push(tick_row(&self.sync_tick_secs));
        rows.push(("log", c.log.value.clone(), c.log.source));
        rows.push(("log_format", format!("{:?}", c.log_format.value).to_lowercase(), c.log_format.source));
        rows.iter().map(|(k, v, s)| format!("{k:<20} = {v}  ({s})\n")).collect()
    }
}

/// A `config check` row for a per-minute limit, saying when 0 turns it off.
fn rate_row(key: &'static str, setting: &Setting<u32>) -> (&'static str, String, Source) {
    let value = match setting.value {
        0 => "0 (unlimited)".to_string(),
        n => n.to_string(),
    };
    (key, value, setting.source)
}

fn subcommand<'a>(m: &'a ArgMatches, path: &[&str]) -> &'a ArgMatches {
    path.iter().fold(m, |m, name| m.subcommand_matches(name).unwrap_or(m))
}

/// Parses the command line and runs it.
pub fn run() -> anyhow::Result<()> {
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).map_err(|e| e.exit())?;
    let file = match &cli.config {
        Some(path) => FileConfig::load(path)?,
        None => FileConfig::default(),
    };
    match cli.command {
        Command::Serve(args) => {
            let resolved = ResolvedServe::new(&args, subcommand(&matches, &["serve"]), &file);
            resolved.common.init_logging();
            let settings = resolved.settings()?;
            actix_web::rt::System::new().block_on(crate::http::serve::serve(settings))
        }
        Command::Config { command: ConfigCommand::Check(args) } => {
            let resolved = ResolvedServe::new(&args, subcommand(&matches, &["config", "check"]), &file);
            print!("{}", resolved.describe());
            let problems = resolved.problems();
            if !problems.is_empty() {
                bail!("invalid configuration:\n  {}", problems.join("\n  "));
            }
            println!("configuration ok");
            Ok(())
        }
        Command::Migrate(args) => {
            let resolved = ResolvedCommon::new(&args, subcommand(&matches, &["migrate"]), &file);
            resolved.init_logging();
            let settings = resolved.settings()?;
            let url = mask_url(&settings.database_url);
            let applied = Store::migrate(&settings.database_url).with_context(|| format!("migrating {url}"))?;
            println!("{} migration(s) applied to {url}", applied.len());
            for name in applied {
                println!("  {name}");
            }
            Ok(())
        }
        Command::Export(args) => {
            let resolved = ResolvedCommon::new(&args.common, subcommand(&matches, &["export"]), &file);
            resolved.init_logging();
            crate::backup::export(&resolved.settings()?, &args.file)
        }
        Command::Import(args) => {
            let resolved = ResolvedCommon::new(&args.common, subcommand(&matches, &["import"]), &file);
            resolved.init_logging();
            let settings = resolved.settings()?;
            match args.kind.source_kind() {
                None => crate::backup::import(&settings, &args.source, args.dry_run),
                Some(kind) => {
                    let fetch = ResolvedFetch::new(&args.fetch, subcommand(&matches, &["import"]), &file);
                    let problems = fetch.problems();
                    if !problems.is_empty() {
                        bail!("invalid configuration:\n  {}", problems.join("\n  "));
                    }
                    let request = CliImport {
                        kind,
                        target: args.source,
                        program: args.program,
                        timezone: args.timezone,
                        region_prefix: args.region_prefix,
                        dry_run: args.dry_run,
                    };
                    crate::sync::command::import(&settings, &fetch.settings(), request)
                }
            }
        }
        Command::User { command: UserCommand::Add(args) } => {
            let resolved = ResolvedCommon::new(&args.common, subcommand(&matches, &["user", "add"]), &file);
            resolved.init_logging();
            user_add(&args, resolved.settings()?)
        }
        Command::Openapi => {
            use std::io::Write;
            match std::io::stdout().lock().write_all(recovery_api::openapi::document().as_bytes()) {
                // A reader that stops early (`| head`) is not an error of ours.
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
                _ => Ok(()),
            }
        }
    }
}

fn user_add(args: &UserAddArgs, settings: Settings) -> anyhow::Result<()> {
    let role = Role::parse(&args.role).context("role must be admin, editor or viewer")?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).context("reading the password from standard input")?;
    let password = line.strip_suffix('\n').unwrap_or(&line);
    let password = password.strip_suffix('\r').unwrap_or(password);
    if password.chars().count() < MIN_PASSWORD_LEN {
        bail!("the password must be at least {MIN_PASSWORD_LEN} characters");
    }
    let email = args.email.trim();
    if !recovery_domain::validation::is_plausible_email(email) {
        bail!("`{email}` is not an email address");
    }
    let hash = hash_password(password).map_err(|e| anyhow::anyhow!("hashing the password: {e}"))?;
    let store = Store::open(&settings.database_url).context("opening the database")?;
    let user = store
        .create_user(email, &hash, role, &Actor::System("cli".into()))
        .with_context(|| format!("adding user {email}"))?;
    println!("added {} {} ({})", user.role.as_str(), user.email, user.id);
    Ok(())
}
