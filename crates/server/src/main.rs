//! The `recovery-directory` binary.

use std::process::ExitCode;

fn main() -> ExitCode {
    match recovery_server::commands::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
