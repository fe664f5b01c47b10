//! `recovery-directory config check`: the settings `serve` would run with, each with where it
//! came from and secrets masked, then every problem, without opening the database.

use clap::ArgMatches;

use crate::settings::file::FileConfig;
use crate::settings::layering::ensure_valid;
use crate::settings::serve::{Serve, ServeFlags};

/// Prints the settings, then fails with every problem or says `configuration ok`.
pub fn run(flags: &ServeFlags, matches: &ArgMatches, file: &FileConfig) -> anyhow::Result<()> {
    let layered = Serve::layer(flags, matches, file);
    for row in layered.rows() {
        println!("{row}");
    }
    ensure_valid(layered.problems())?;
    println!("configuration ok");
    Ok(())
}
