//! The recovery-directory HTTP service: routes, authentication, feeds, the OpenAPI document and
//! the command line. Reads are answered from the domain's in-memory index; writes go through
//! the store and then reach the index.

pub mod auth;
pub mod backup;
pub mod cli;
pub mod conditional;
pub mod config;
pub mod cors;
pub mod demo;
pub mod error;
pub mod extract;
pub mod feeds;
pub mod hsds;
pub mod metrics;
pub mod middleware;
pub mod openapi;
pub mod rate_limit;
pub mod routes;
pub mod security_headers;
pub mod server;
pub mod state;
pub mod sync;
pub mod web;
