//! A fresh database per test: a SQLite file in a temporary folder, or a new PostgreSQL
//! database on the `TEST_DATABASE_URL` server, dropped when the last server using it stops.

use std::fmt;
use std::path::Path;

use recovery_store::testing;
use tempfile::TempDir;

/// The database engine a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file.
    Sqlite,
    /// A PostgreSQL server, named by `TEST_DATABASE_URL`.
    Postgres,
}

impl Backend {
    /// False (after saying so on stderr) when this backend cannot be tested here.
    pub fn available(self) -> bool {
        match self {
            Backend::Sqlite => true,
            Backend::Postgres => {
                let set = std::env::var(testing::TEST_DATABASE_URL).is_ok_and(|url| !url.trim().is_empty());
                if !set {
                    eprintln!("skipped: TEST_DATABASE_URL not set");
                }
                set
            }
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        })
    }
}

/// One test's database, and a folder for its files (SQLite file, server logs).
#[derive(Debug)]
pub struct TestDatabase {
    /// The engine.
    pub backend: Backend,
    /// The URL servers and commands are given.
    pub url: String,
    dir: TempDir,
}

impl TestDatabase {
    /// A new, empty database (PostgreSQL: panics when `TEST_DATABASE_URL` is unset; check
    /// [`Backend::available`] first).
    pub fn new(backend: Backend) -> TestDatabase {
        let dir = tempfile::Builder::new().prefix("rd-e2e-").tempdir().expect("a temporary folder");
        let url = match backend {
            Backend::Sqlite => testing::sqlite_url(dir.path()),
            Backend::Postgres => testing::fresh_postgres_url().expect("TEST_DATABASE_URL is set"),
        };
        TestDatabase { backend, url, dir }
    }

    /// The test's folder.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if self.backend == Backend::Postgres {
            if let Err(e) = testing::drop_postgres_database(&self.url) {
                eprintln!("could not drop test database {}: {e}", self.url);
            }
        }
    }
}
