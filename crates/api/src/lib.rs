//! The recovery-directory REST API: routes, authentication, the OpenAPI document, and the
//! Meeting Guide and HSDS output formats. A handler reads as parse → authorize → a use case of
//! the application layer (`recovery_app::Directory`) → render; public reads are answered from
//! the index the directory keeps.

pub mod auth;
pub mod conditional;
pub mod error;
pub mod extract;
pub mod feeds;
pub mod hsds;
pub mod metrics;
pub mod openapi;
pub mod readiness;
pub mod routes;
pub mod state;
