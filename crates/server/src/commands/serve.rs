//! `recovery-directory serve`: checks the settings, then runs the HTTP server until a stop
//! signal.

use clap::ArgMatches;

use crate::settings::file::FileConfig;
use crate::settings::serve::{Serve, ServeFlags};

/// Layers the settings, starts logging, and serves.
pub fn run(flags: &ServeFlags, matches: &ArgMatches, file: &FileConfig) -> anyhow::Result<()> {
    let layered = Serve::layer(flags, matches, file);
    layered.common.init_logging();
    let settings = layered.settings()?;
    actix_web::rt::System::new().block_on(crate::http::serve::serve(settings))
}
