//! The settings every command that opens the database takes: the database, what meetings
//! written without a time zone or program get, and logging.

use chrono_tz::Tz;
use clap::{ArgMatches, Args};

use super::file::FileConfig;
use super::layering::ensure_valid;
use super::{database, defaults, logging};

/// The flags every database-opening command takes, in the order `--help` lists them.
#[derive(Debug, Clone, Args)]
pub struct CommonFlags {
    #[command(flatten)]
    database: database::Flags,
    #[command(flatten)]
    defaults: defaults::Flags,
    #[command(flatten)]
    logging: logging::Flags,
}

/// The common settings after layering.
#[derive(Debug, Clone)]
pub struct Common {
    /// The database.
    pub database: database::Layered,
    /// Meeting defaults.
    pub defaults: defaults::Layered,
    /// Logging.
    pub logging: logging::Layered,
}

/// The common settings, checked.
#[derive(Debug, Clone)]
pub struct CommonSettings {
    /// `postgres://…` or `sqlite://PATH`.
    pub database_url: String,
    /// Time zone for meetings written without one.
    pub default_timezone: Tz,
    /// Program for meetings written without one.
    pub default_program: String,
    /// The place the directory serves, for online meetings without one (feeds).
    pub default_place: Option<String>,
}

impl Common {
    /// Layers `flags` (whose command's matches are `matches`) over `file`.
    pub fn layer(flags: &CommonFlags, matches: &ArgMatches, file: &FileConfig) -> Common {
        Common {
            database: database::Layered::layer(&flags.database, matches, &file.database),
            defaults: defaults::Layered::layer(&flags.defaults, matches, &file.defaults),
            logging: logging::Layered::layer(&flags.logging, matches, &file.logging),
        }
    }

    /// Names what is wrong, in the order the error has always listed it.
    pub fn check(&self, problems: &mut Vec<String>) {
        self.defaults.check(problems);
        self.database.check(problems);
        self.logging.check(problems);
    }

    /// The settings, or every problem found.
    pub fn settings(&self) -> anyhow::Result<CommonSettings> {
        let mut problems = Vec::new();
        self.check(&mut problems);
        ensure_valid(problems)?;
        Ok(CommonSettings {
            database_url: self.database.database_url.value.clone(),
            default_timezone: self.defaults.timezone(),
            default_program: self.defaults.program(),
            default_place: self.defaults.place(),
        })
    }

    /// Starts logging; commands do it first, so that everything after can log.
    pub fn init_logging(&self) {
        self.logging.init();
    }
}
