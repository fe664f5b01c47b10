//! `recovery-directory migrate`: applies pending migrations and names them, so a deployment
//! can migrate once before starting its replicas.

use anyhow::Context;
use clap::ArgMatches;
use recovery_store::Store;

use crate::settings::common::{Common, CommonFlags};
use crate::settings::database::mask_url;
use crate::settings::file::FileConfig;

/// Migrates the database and prints what was applied.
pub fn run(flags: &CommonFlags, matches: &ArgMatches, file: &FileConfig) -> anyhow::Result<()> {
    let layered = Common::layer(flags, matches, file);
    layered.init_logging();
    let settings = layered.settings()?;
    let url = mask_url(&settings.database_url);
    let applied = Store::migrate(&settings.database_url).with_context(|| format!("migrating {url}"))?;
    println!("{} migration(s) applied to {url}", applied.len());
    for name in applied {
        println!("  {name}");
    }
    Ok(())
}
