//! End-to-end test support: the real `recovery-directory` binary, started as a child process
//! on a fresh database, and driven over real HTTP.
//!
//! Nothing here reaches into the server's crates: tests see only what a client or an operator
//! sees (HTTP answers, exit codes, printed output), so they keep the contract honest. Every
//! test gets its own database; [`both_backends!`] runs one test body on SQLite and on
//! PostgreSQL (skipped, with a note on stderr, when `TEST_DATABASE_URL` is unset).

#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod agencies;
pub mod app;
pub mod binary;
pub mod database;
pub mod fixtures;
pub mod http;
pub mod poll;
pub mod private_postgres;
pub mod process;
pub mod prometheus;

use std::future::Future;
use std::time::Duration;

pub use app::{Staff, TestApp, TestAppBuilder};
pub use database::Backend;

/// How long one end-to-end test may run before it is failed (a hung server must not hang CI).
pub const TEST_TIMEOUT: Duration = Duration::from_secs(180);

/// Runs `test` against a freshly started server on `backend` (returns early when PostgreSQL is
/// not configured).
pub async fn run_on<F, Fut>(backend: Backend, test: F)
where
    F: FnOnce(TestApp) -> Fut,
    Fut: Future<Output = ()>,
{
    if !backend.available() {
        return;
    }
    let app = TestApp::start(backend).await;
    guard(test(app)).await;
}

/// Runs `test` with `backend` for tests that start their own servers (demo data, several
/// servers on one database); returns early when PostgreSQL is not configured.
pub async fn run_with<F, Fut>(backend: Backend, test: F)
where
    F: FnOnce(Backend) -> Fut,
    Fut: Future<Output = ()>,
{
    if !backend.available() {
        return;
    }
    guard(test(backend)).await;
}

async fn guard(test: impl Future<Output = ()>) {
    // Building the binary (once per process; minutes on a cold machine) is not the test's time.
    if let Err(e) = tokio::task::spawn_blocking(binary::path).await {
        std::panic::resume_unwind(e.into_panic());
    }
    if tokio::time::timeout(TEST_TIMEOUT, test).await.is_err() {
        panic!("the test did not finish within {TEST_TIMEOUT:?}");
    }
}

/// Declares one test per backend: a module `name` with the tests `sqlite` and `postgres`.
///
/// `both_backends!(name, |app| async move { … })` hands the body a started [`TestApp`];
/// `both_backends!(name, backend: |backend| async move { … })` hands it the [`Backend`] for
/// tests that start servers themselves. Attributes (`#[ignore = "…"]`) go before `name`.
#[macro_export]
macro_rules! both_backends {
    ($(#[$meta:meta])* $name:ident, backend: $test:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[::tokio::test]
            $(#[$meta])*
            async fn sqlite() {
                $crate::run_with($crate::Backend::Sqlite, $test).await
            }

            #[::tokio::test]
            $(#[$meta])*
            async fn postgres() {
                $crate::run_with($crate::Backend::Postgres, $test).await
            }
        }
    };
    ($(#[$meta:meta])* $name:ident, $test:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[::tokio::test]
            $(#[$meta])*
            async fn sqlite() {
                $crate::run_on($crate::Backend::Sqlite, $test).await
            }

            #[::tokio::test]
            $(#[$meta])*
            async fn postgres() {
                $crate::run_on($crate::Backend::Postgres, $test).await
            }
        }
    };
}
