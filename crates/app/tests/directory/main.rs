//! The application layer against real databases: each test builds one or more
//! [`recovery_app::Directory`] over a fresh store and checks what every use case leaves in the
//! store and in the index. Every test runs twice: on a fresh SQLite file, and on a fresh
//! PostgreSQL database when `TEST_DATABASE_URL` is set (skipped with a note otherwise).

// Helpers outside `#[test]` functions panic to fail the test, like the tests themselves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod harness;

mod agencies;
mod console;
mod hsds;
mod meetings;
mod replicas;
mod reports;
mod sources;
