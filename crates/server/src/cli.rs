//! The `recovery-directory` command line: its subcommands, each handed its settings (see
//! `settings`).

use std::io::BufRead;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use recovery_api::auth::password::{MIN_PASSWORD_LEN, hash_password};
use recovery_domain::source::SourceKind;
use recovery_domain::{Actor, Role};
use recovery_store::Store;

use crate::settings::common::{Common, CommonFlags, CommonSettings};
use crate::settings::database::mask_url;
use crate::settings::file::FileConfig;
use crate::settings::import::{Import, ImportFlags};
use crate::settings::layering::ensure_valid;
use crate::settings::serve::{Serve, ServeFlags};
use crate::sync::command::CliImport;

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
    Serve(ServeFlags),
    /// Apply pending database migrations and exit.
    Migrate(CommonFlags),
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
    Check(ServeFlags),
}

#[derive(Debug, Args)]
struct UserAddArgs {
    #[command(flatten)]
    common: CommonFlags,
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
    common: CommonFlags,
    /// The backup file to write (replaced whole once complete); `-` for standard output.
    #[arg(value_name = "FILE")]
    file: String,
}

#[derive(Debug, Args)]
struct ImportArgs {
    #[command(flatten)]
    common: CommonFlags,
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
    import: ImportFlags,
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
            let layered = Serve::layer(&args, subcommand(&matches, &["serve"]), &file);
            layered.common.init_logging();
            let settings = layered.settings()?;
            actix_web::rt::System::new().block_on(crate::http::serve::serve(settings))
        }
        Command::Config { command: ConfigCommand::Check(args) } => {
            let layered = Serve::layer(&args, subcommand(&matches, &["config", "check"]), &file);
            for row in layered.rows() {
                println!("{row}");
            }
            ensure_valid(layered.problems())?;
            println!("configuration ok");
            Ok(())
        }
        Command::Migrate(args) => {
            let resolved = Common::layer(&args, subcommand(&matches, &["migrate"]), &file);
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
            let resolved = Common::layer(&args.common, subcommand(&matches, &["export"]), &file);
            resolved.init_logging();
            crate::backup::export(&resolved.settings()?, &args.file)
        }
        Command::Import(args) => {
            let resolved = Common::layer(&args.common, subcommand(&matches, &["import"]), &file);
            resolved.init_logging();
            let settings = resolved.settings()?;
            match args.kind.source_kind() {
                None => crate::backup::import(&settings, &args.source, args.dry_run),
                Some(kind) => {
                    let import = Import::layer(&args.import, subcommand(&matches, &["import"]), &file);
                    let mut problems = Vec::new();
                    import.check(&mut problems);
                    ensure_valid(problems)?;
                    let request = CliImport {
                        kind,
                        target: args.source,
                        program: args.program,
                        timezone: args.timezone,
                        region_prefix: args.region_prefix,
                        dry_run: args.dry_run,
                    };
                    crate::sync::command::import(&settings, &import.settings(), request)
                }
            }
        }
        Command::User { command: UserCommand::Add(args) } => {
            let resolved = Common::layer(&args.common, subcommand(&matches, &["user", "add"]), &file);
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

fn user_add(args: &UserAddArgs, settings: CommonSettings) -> anyhow::Result<()> {
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
