//! `recovery-directory import KIND SOURCE`: one command, two jobs. `import backup FILE`
//! restores a backup ([`backup`]); `import meeting-guide|tsml-csv|bmlt|hsds URL|FILE` runs a
//! source once ([`source`]) and prints its report ([`report`]). This file holds the flags
//! both share and picks the job.

pub mod backup;
pub mod report;
pub mod source;

use clap::{ArgMatches, Args, ValueEnum};
use recovery_domain::source::SourceKind;

use crate::settings::common::{Common, CommonFlags};
use crate::settings::file::FileConfig;
use crate::settings::import::{Import, ImportFlags};
use crate::settings::layering::ensure_valid;

/// The flags of `import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
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
pub enum ImportKind {
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

/// Restores the backup, or runs the source; a source's fetch and geocoder settings are checked
/// only then, since a restore uses neither.
pub fn run(args: ImportArgs, matches: &ArgMatches, file: &FileConfig) -> anyhow::Result<()> {
    let layered = Common::layer(&args.common, matches, file);
    layered.init_logging();
    let settings = layered.settings()?;
    let Some(kind) = args.kind.source_kind() else {
        return backup::run(&settings, &args.source, args.dry_run);
    };
    let import = Import::layer(&args.import, matches, file);
    let mut problems = Vec::new();
    import.check(&mut problems);
    ensure_valid(problems)?;
    let request = source::Request {
        kind,
        target: args.source,
        program: args.program,
        timezone: args.timezone,
        region_prefix: args.region_prefix,
        dry_run: args.dry_run,
    };
    source::run(&settings, &import.settings(), request)
}
