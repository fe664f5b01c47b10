//! The HTTP server: one actix-web app that serves the REST API of `recovery-api` and the pages
//! of `recovery-web` over one `Directory`, behind the middleware both surfaces share. The
//! `serve` command starts it; nothing here parses settings.
//!
//! Log lines keep the targets they had before this folder existed (`recovery_server::server`,
//! `recovery_server::middleware`): operators' `RD_LOG` filters and the end-to-end tests' harness
//! (which waits for the `serving` line) name them, so they are part of the output.

pub mod middleware;
pub mod routes;
pub mod serve;
pub mod shutdown;
