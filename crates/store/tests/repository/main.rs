//! The repository suite. Every test runs twice: on a fresh SQLite file, and on a fresh
//! PostgreSQL database when `TEST_DATABASE_URL` is set (skipped with a message otherwise).

// Helpers outside `#[test]` functions panic to fail the test, like the tests themselves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod harness;

/// Sources, records and syncs as the sources suite makes them (backups carry sources too).
#[path = "../sources/support.rs"]
#[allow(dead_code)]
mod source_support;

mod agencies;
mod api_keys;
mod auth;
mod backup;
mod bulk;
mod change_log;
mod changes;
mod meetings;
mod open;
mod reports;
mod schema;
mod users;
