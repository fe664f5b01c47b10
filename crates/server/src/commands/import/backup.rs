//! `recovery-directory import backup FILE`: restores a backup (see `backup`) into an empty
//! database, in one transaction.
//!
//! Restore before serving: a server already running on the database picks up the restored
//! meetings reliably only when it starts, as that is when it loads its search index.

use std::fs;
use std::io::{self, Read};

use anyhow::Context;
use recovery_store::Store;

use crate::backup::{STDIO, read_backup, shown_name};
use crate::settings::common::CommonSettings;
use crate::settings::database::mask_url;

/// Restores the backup in `source` (`-`: standard input) into the database, which must be
/// empty, and prints a one-line summary. With `dry_run`, only checks the backup and says what
/// it holds, without opening the database.
///
/// Everything about the file is checked before the database is opened, so a file that is not
/// a backup, or not one this build can restore, leaves no trace (not even a new SQLite file).
pub fn run(settings: &CommonSettings, source: &str, dry_run: bool) -> anyhow::Result<()> {
    let shown = shown_name(source, "standard input");
    let bytes = read_source(source).with_context(|| format!("reading {shown}"))?;
    let backup = read_backup(&bytes).with_context(|| format!("{shown} cannot be restored"))?;
    let counts = backup.counts();
    if dry_run {
        println!(
            "{shown}: a backup of {counts} (version {}, exported {} from {}); dry run, nothing written",
            backup.version,
            backup.exported_at.format("%Y-%m-%d %H:%M:%S UTC"),
            backup.backend
        );
        return Ok(());
    }
    let url = mask_url(&settings.database_url);
    let store = Store::open(&settings.database_url).with_context(|| format!("opening {url}"))?;
    let restored = store.import_backup(&backup).with_context(|| format!("restoring {shown} into {url}"))?;
    println!("restored {restored} from {shown} into {url}");
    Ok(())
}

/// The bytes of `source`, a file or (`-`) standard input.
fn read_source(source: &str) -> io::Result<Vec<u8>> {
    if source == STDIO {
        let mut bytes = Vec::new();
        io::stdin().lock().read_to_end(&mut bytes)?;
        Ok(bytes)
    } else {
        fs::read(source)
    }
}
