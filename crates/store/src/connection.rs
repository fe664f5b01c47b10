//! Connections to either backend, chosen by the database URL, and their r2d2 pool manager.
//!
//! One Diesel code path serves both backends through [`DbConnection`], a
//! `#[derive(MultiConnection)]` enum. The manager reads the URL once and always opens the same
//! variant, rather than trying each backend in turn (SQLite would accept any string as a file
//! name).

use std::path::{Path, PathBuf};

use diesel::connection::SimpleConnection;
use diesel::r2d2::{ManageConnection, R2D2Connection};
use diesel::{Connection, PgConnection, SqliteConnection};

use crate::error::StoreError;

/// A connection to PostgreSQL or SQLite. Postgres is listed first: SQLite accepts any string.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    /// A PostgreSQL connection.
    Pg(PgConnection),
    /// A SQLite connection (one file).
    Sqlite(SqliteConnection),
}

/// Runs `$body` with `$c` bound to the inner connection of either backend. For what Diesel's
/// `MultiConnection` cannot express: multi-row INSERTs, for one (its SQLite batch insert is
/// only implemented for `SqliteConnection` itself).
macro_rules! on_backend {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            $crate::connection::DbConnection::Pg($c) => $body,
            $crate::connection::DbConnection::Sqlite($c) => $body,
        }
    };
}
pub(crate) use on_backend;

/// Which database engine a store uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    /// A SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

impl Backend {
    /// A short name for logs ("sqlite", "postgres").
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Where a database is, as read from its URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// A `postgres://` or `postgresql://` URL, kept whole for libpq.
    Postgres(String),
    /// The path of a SQLite file.
    Sqlite(PathBuf),
}

impl Target {
    /// Reads `postgres://…`, `postgresql://…`, `sqlite://PATH` (relative or absolute: everything
    /// after `sqlite://` is the path) or a bare file path.
    pub(crate) fn parse(url: &str) -> Result<Target, StoreError> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Target::Postgres(url.to_string()));
        }
        let path = match url.strip_prefix("sqlite://") {
            Some(path) => path,
            None if url.contains("://") => {
                return Err(StoreError::Other(format!(
                    "unsupported database URL `{url}`: use postgres://…, sqlite://PATH or a file path"
                )));
            }
            None => url,
        };
        if path.is_empty() || path == ":memory:" || path.starts_with("file:") {
            return Err(StoreError::Other(format!(
                "unsupported SQLite location `{path}`: give a file path (a pool needs one shared file)"
            )));
        }
        Ok(Target::Sqlite(PathBuf::from(path)))
    }

    /// The backend this target uses.
    pub(crate) fn backend(&self) -> Backend {
        match self {
            Target::Postgres(_) => Backend::Postgres,
            Target::Sqlite(_) => Backend::Sqlite,
        }
    }

    /// Opens one connection, configured as the pool would.
    pub(crate) fn connect(&self) -> Result<DbConnection, diesel::r2d2::Error> {
        use diesel::r2d2::Error;
        match self {
            Target::Postgres(url) => PgConnection::establish(url).map(DbConnection::Pg).map_err(Error::ConnectionError),
            Target::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(&path.to_string_lossy()).map_err(Error::ConnectionError)?;
                // busy_timeout first, so switching to WAL waits for a concurrent opener instead of failing.
                conn.batch_execute(SQLITE_PRAGMAS).map_err(Error::QueryError)?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }
}

/// Set on every SQLite connection: readers never block the writer (WAL), writers wait for
/// each other up to 5 s, and foreign keys are enforced. `synchronous = FULL` syncs the log at
/// every commit: an acknowledged write survives a power loss (NORMAL, in WAL mode, keeps the
/// database consistent but can lose the last commits; BENCHMARKS.md has what FULL costs).
const SQLITE_PRAGMAS: &str =
    "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;";

/// Creates the SQLite file and its folder when missing. An existing file is left alone (not
/// even opened: whether it can be written is checked next, with a clearer message).
pub(crate) fn create_sqlite_file(path: &Path) -> Result<(), StoreError> {
    if path.is_file() {
        return Ok(());
    }
    let io = |e: std::io::Error| StoreError::Other(format!("cannot create SQLite file {}: {e}", path.display()));
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    std::fs::OpenOptions::new().create(true).append(true).open(path).map_err(io)?;
    Ok(())
}

/// The r2d2 manager: opens [`DbConnection`]s of the backend its URL names.
#[derive(Debug, Clone)]
pub(crate) struct DbConnectionManager {
    target: Target,
}

impl DbConnectionManager {
    /// A manager for `url` (see [`crate::Store::open`] for the accepted forms).
    pub(crate) fn new(url: &str) -> Result<DbConnectionManager, StoreError> {
        Ok(DbConnectionManager { target: Target::parse(url)? })
    }

    pub(crate) fn target(&self) -> &Target {
        &self.target
    }
}

impl ManageConnection for DbConnectionManager {
    type Connection = DbConnection;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<DbConnection, Self::Error> {
        self.target.connect()
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), Self::Error> {
        conn.ping().map_err(diesel::r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        std::thread::panicking() || conn.is_broken()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_choose_the_backend() {
        assert_eq!(Target::parse("postgres://u@h/db").unwrap(), Target::Postgres("postgres://u@h/db".to_string()));
        assert_eq!(Target::parse("postgresql://h/db").unwrap().backend(), Backend::Postgres);
        assert_eq!(Target::parse("sqlite://data/rd.db").unwrap(), Target::Sqlite(PathBuf::from("data/rd.db")));
        assert_eq!(Target::parse("sqlite:///var/rd.db").unwrap(), Target::Sqlite(PathBuf::from("/var/rd.db")));
        assert_eq!(Target::parse("rd.sqlite3").unwrap(), Target::Sqlite(PathBuf::from("rd.sqlite3")));
        for bad in ["mysql://h/db", "sqlite://", "", ":memory:", "sqlite://:memory:"] {
            assert!(Target::parse(bad).is_err(), "{bad}");
        }
    }
}
