//! `recovery-directory openapi`: prints the OpenAPI document the server serves, which is how
//! the committed `openapi/openapi.json` is regenerated.

use std::io::Write;

/// Writes the document to standard output.
pub fn run() -> anyhow::Result<()> {
    match std::io::stdout().lock().write_all(recovery_api::openapi::document().as_bytes()) {
        // A reader that stops early (`| head`) is not an error of ours.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}
