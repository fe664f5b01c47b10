//! `recovery-directory export FILE`: writes the whole directory to one backup file (see
//! `backup`), or to standard output.

use std::io::{self, BufWriter, Write};
use std::path::Path;

use anyhow::Context;
use clap::{ArgMatches, Args};
use recovery_store::Store;

use crate::backup::{STDIO, shown_name, write_atomically, write_backup};
use crate::settings::common::{Common, CommonFlags};
use crate::settings::database::mask_url;
use crate::settings::file::FileConfig;

/// The flags of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    common: CommonFlags,
    /// The backup file to write (replaced whole once complete); `-` for standard output.
    #[arg(value_name = "FILE")]
    file: String,
}

/// Writes a backup of the whole database to `target` (`-`: standard output) and prints a
/// one-line summary (on standard error when the backup goes to standard output).
///
/// A file is written next to `target` under a temporary name and renamed into place once
/// complete, so a failed export never leaves a partial backup behind. It is readable by its
/// owner only: it holds password hashes and private contacts.
pub fn run(args: &ExportArgs, matches: &ArgMatches, file: &FileConfig) -> anyhow::Result<()> {
    let layered = Common::layer(&args.common, matches, file);
    layered.init_logging();
    let settings = layered.settings()?;
    let target = args.file.as_str();
    let url = mask_url(&settings.database_url);
    let store = Store::open(&settings.database_url).with_context(|| format!("opening {url}"))?;
    let backup = store.export_backup().with_context(|| format!("reading {url}"))?;
    let summary = format!("exported {} from {url} to {}", backup.counts(), shown_name(target, "standard output"));
    if target == STDIO {
        let mut out = BufWriter::new(io::stdout().lock());
        write_backup(&backup, &mut out).and_then(|()| Ok(out.flush()?)).context("writing to standard output")?;
        eprintln!("{summary}");
    } else {
        write_atomically(Path::new(target), &backup).with_context(|| format!("writing {target}"))?;
        println!("{summary}");
    }
    Ok(())
}
