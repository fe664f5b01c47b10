//! The end-to-end suite in one test binary: the real `recovery-directory` binary over real
//! HTTP, one module per resource laid out like the routes (`meetings/create.rs` tests
//! `POST /v1/meetings`), plus the command line, operations and the resident's pages.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod api_keys;
mod auth;
mod changes;
mod cli;
mod console;
mod faults;
mod feeds;
mod hsds;
mod http;
mod locations;
mod meetings;
mod openapi;
mod operations;
mod organizations;
mod pages;
mod permissions;
mod programs;
mod regions;
mod reports;
mod search;
mod services;
mod sources;
mod taxonomy_terms;
mod users;
