//! Import sources in the store: their CRUD, applying sync plans (one transaction), runs,
//! provenance, the geocoding cache and leases. Every test runs on a fresh SQLite file and,
//! when `TEST_DATABASE_URL` is set, on a fresh PostgreSQL database (skipped with a message
//! otherwise).

// Helpers outside `#[test]` functions panic to fail the test, like the tests themselves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "repository/harness.rs"]
#[macro_use]
#[allow(dead_code)]
mod harness;

#[path = "sources/support.rs"]
mod support;

#[path = "sources/crud.rs"]
mod crud;
#[path = "sources/leases.rs"]
mod leases;
#[path = "sources/runs.rs"]
mod runs;
#[path = "sources/sync.rs"]
mod sync;
