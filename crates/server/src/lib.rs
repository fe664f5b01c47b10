//! The `recovery-directory` binary: its commands and settings, the wiring of the HTTP app
//! (the REST API of `recovery-api` and the pages of `recovery-web` over one `Directory`), and
//! the middleware both surfaces share: rate limits, CORS, security headers, request ids and
//! metrics.

pub mod backup;
pub mod commands;
pub mod demo;
pub mod http;
pub mod settings;
