//! The `recovery-directory` command line: the clap definition of its commands and [`run`],
//! which parses them, reads the configuration file and hands each command its flags. One file
//! per command; each reads as parse → layer its settings → do the work → print.

pub mod config_check;
pub mod export;
pub mod import;
pub mod migrate;
pub mod openapi;
pub mod serve;
pub mod user_add;

use std::path::PathBuf;

use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::settings::common::CommonFlags;
use crate::settings::file::FileConfig;
use crate::settings::serve::ServeFlags;

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
    Export(export::ExportArgs),
    /// Load data into the directory: `import backup FILE` restores a backup into an empty
    /// database; `import KIND URL|FILE` (meeting-guide, tsml-csv, bmlt, hsds) syncs a source.
    Import(import::ImportArgs),
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
    Add(user_add::UserAddArgs),
}

#[derive(Debug, Subcommand)]
enum ConfigCommand {
    /// Validate the configuration `serve` would run with and print it, secrets masked.
    Check(ServeFlags),
}

/// The matches of the subcommand at `path`, where clap records whether each value came from a
/// flag or the environment (the layering needs it).
fn subcommand<'a>(matches: &'a ArgMatches, path: &[&str]) -> &'a ArgMatches {
    path.iter().fold(matches, |m, name| m.subcommand_matches(name).unwrap_or(m))
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
        Command::Serve(flags) => serve::run(&flags, subcommand(&matches, &["serve"]), &file),
        Command::Config { command: ConfigCommand::Check(flags) } => {
            config_check::run(&flags, subcommand(&matches, &["config", "check"]), &file)
        }
        Command::Migrate(flags) => migrate::run(&flags, subcommand(&matches, &["migrate"]), &file),
        Command::Export(args) => export::run(&args, subcommand(&matches, &["export"]), &file),
        Command::Import(args) => import::run(args, subcommand(&matches, &["import"]), &file),
        Command::User { command: UserCommand::Add(args) } => {
            user_add::run(&args, subcommand(&matches, &["user", "add"]), &file)
        }
        Command::Openapi => openapi::run(),
    }
}
