//! Databases for tests, in this crate and others (cargo feature `test-support`).
//!
//! Every test gets a database of its own, so tests may run in parallel (nextest runs each in
//! its own process): a fresh SQLite file, and — when `TEST_DATABASE_URL` names a PostgreSQL
//! server — a brand-new database on it.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::connection::DbConnection;
use crate::error::StoreError;
use crate::{Backend, Store};

/// The environment variable naming the PostgreSQL server for tests
/// (e.g. `postgres://postgres@127.0.0.1:5432/test`).
pub const TEST_DATABASE_URL: &str = "TEST_DATABASE_URL";

/// Test databases are named `rd_test_<unix seconds>_<random>`.
const PREFIX: &str = "rd_test_";

/// Test databases older than this are dropped by the next test that creates one (left behind
/// by tests that panicked or were killed).
const STALE_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// A store on a database of its own; the database goes away with it (a SQLite file's folder
/// is removed, a PostgreSQL database dropped).
pub struct TestDb {
    /// The store.
    pub store: Store,
    /// Where the database is, to open more stores on it (another replica).
    pub url: String,
    _cleanup: Cleanup,
}

/// What to remove when a [`TestDb`] goes.
enum Cleanup {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres(String),
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        if let Cleanup::Postgres(url) = self {
            if let Err(e) = drop_postgres_database(url) {
                eprintln!("could not drop test database {url}: {e}");
            }
        }
    }
}

impl TestDb {
    /// A fresh SQLite file in a folder of its own.
    ///
    /// # Panics
    /// When no temporary folder or database can be had.
    #[allow(clippy::expect_used)]
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let url = sqlite_url(dir.path());
        let store = Store::open(&url).expect("a fresh SQLite store");
        assert_eq!(store.backend(), Backend::Sqlite);
        TestDb { store, url, _cleanup: Cleanup::Sqlite(dir) }
    }

    /// A fresh PostgreSQL database, or `None` (after saying `skipped: TEST_DATABASE_URL not
    /// set`) when [`TEST_DATABASE_URL`] is unset.
    ///
    /// # Panics
    /// When the variable is set but the database cannot be created or opened.
    #[allow(clippy::expect_used)]
    pub fn postgres() -> Option<TestDb> {
        let Some(url) = fresh_postgres_url() else {
            eprintln!("skipped: TEST_DATABASE_URL not set");
            return None;
        };
        let cleanup = Cleanup::Postgres(url.clone());
        let store = Store::open(&url).expect("a fresh PostgreSQL store");
        assert_eq!(store.backend(), Backend::Postgres);
        Some(TestDb { store, url, _cleanup: cleanup })
    }
}

/// A `sqlite://` URL of a new, uniquely named file in `dir` (typically a `tempfile::TempDir`).
pub fn sqlite_url(dir: &Path) -> String {
    format!("sqlite://{}", dir.join(format!("rd-{}.sqlite3", uuid::Uuid::new_v4().simple())).display())
}

/// The URL of a brand-new, empty database on the `TEST_DATABASE_URL` server, or `None` when
/// that variable is unset (the caller then prints
/// `eprintln!("skipped: TEST_DATABASE_URL not set")`).
///
/// # Panics
/// When the variable is set but the database cannot be created: a misconfigured server should
/// fail the test run, not skip it silently.
pub fn fresh_postgres_url() -> Option<String> {
    let server = std::env::var(TEST_DATABASE_URL).ok().filter(|url| !url.trim().is_empty())?;
    match create_database(&server) {
        Ok(url) => Some(url),
        Err(e) => panic!("{TEST_DATABASE_URL} is set, but a test database could not be created on {server}: {e}"),
    }
}

/// Drops the test database `url` names (best effort: connections still open are ended).
pub fn drop_postgres_database(url: &str) -> Result<(), StoreError> {
    let name = database_name(url).ok_or_else(|| StoreError::Other(format!("no database name in `{url}`")))?;
    if !name.starts_with(PREFIX) {
        return Err(StoreError::Other(format!("`{name}` is not a test database")));
    }
    let server = match std::env::var(TEST_DATABASE_URL) {
        Ok(server) if !server.trim().is_empty() => server,
        _ => with_database(url, "postgres").ok_or_else(|| StoreError::Other(format!("cannot read `{url}`")))?,
    };
    let mut conn = PgConnection::establish(&server)?;
    conn.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))?;
    Ok(())
}

fn create_database(server: &str) -> Result<String, StoreError> {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    let random = uuid::Uuid::new_v4().simple().to_string();
    let name = format!("{PREFIX}{}_{}", now.as_secs(), &random[..12]);
    let url = with_database(server, &name).ok_or_else(|| StoreError::Other(format!("cannot read `{server}`")))?;
    let mut conn = PgConnection::establish(server)?;
    drop_stale(&mut conn, now);
    conn.batch_execute(&format!("CREATE DATABASE \"{name}\""))?;
    Ok(url)
}

#[derive(QueryableByName)]
struct Database {
    #[diesel(sql_type = Text)]
    datname: String,
}

/// Drops test databases older than [`STALE_AFTER`]; failures are ignored (another process
/// may be dropping the same one).
fn drop_stale(conn: &mut PgConnection, now: Duration) {
    let Ok(databases) =
        diesel::sql_query("SELECT datname FROM pg_database WHERE datname LIKE 'rd\\_test\\_%'").load::<Database>(conn)
    else {
        return;
    };
    for db in databases {
        let created = db.datname.strip_prefix(PREFIX).and_then(|rest| rest.split('_').next()?.parse::<u64>().ok());
        if created.is_some_and(|secs| now.as_secs().saturating_sub(secs) > STALE_AFTER.as_secs()) {
            let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", db.datname));
        }
    }
}

/// A foreign-key column, and whether some index starts with it.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct ForeignKey {
    /// The referencing table.
    #[diesel(sql_type = Text)]
    pub table_name: String,
    /// The referencing column (the first, for a composite key).
    #[diesel(sql_type = Text)]
    pub column_name: String,
    /// True when an index (or the primary key) has this column first.
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub indexed: bool,
}

/// A column of one of our tables.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, QueryableByName)]
pub struct Column {
    /// The table.
    #[diesel(sql_type = Text)]
    pub table_name: String,
    /// The column.
    #[diesel(sql_type = Text)]
    pub column_name: String,
    /// True when declared NOT NULL.
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub not_null: bool,
}

const SQLITE_FOREIGN_KEYS: &str = "
    SELECT m.name AS table_name, f.\"from\" AS column_name,
           EXISTS (SELECT 1 FROM pragma_index_list(m.name) il
                   JOIN pragma_index_info(il.name) ii
                   WHERE ii.seqno = 0 AND ii.name = f.\"from\") AS indexed
    FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
    WHERE m.type = 'table' AND f.seq = 0
    ORDER BY 1, 2";

const POSTGRES_FOREIGN_KEYS: &str = "
    SELECT c.conrelid::regclass::text AS table_name, a.attname::text AS column_name,
           EXISTS (SELECT 1 FROM pg_index i
                   WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1]) AS indexed
    FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
    ORDER BY 1, 2";

const SQLITE_COLUMNS: &str = "
    SELECT m.name AS table_name, p.name AS column_name, (p.\"notnull\" <> 0 OR p.pk > 0) AS not_null
    FROM sqlite_master m JOIN pragma_table_info(m.name) p
    WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
      AND m.name <> '__diesel_schema_migrations'
    ORDER BY 1, 2";

const POSTGRES_COLUMNS: &str = "
    SELECT table_name::text AS table_name, column_name::text AS column_name, is_nullable = 'NO' AS not_null
    FROM information_schema.columns
    WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'
    ORDER BY 1, 2";

/// Every foreign key of the schema, for the "every foreign key is indexed" invariant.
pub fn foreign_keys(store: &Store) -> Result<Vec<ForeignKey>, StoreError> {
    let mut conn = store.conn()?;
    Ok(match &mut *conn {
        DbConnection::Pg(pg) => diesel::sql_query(POSTGRES_FOREIGN_KEYS).load(pg)?,
        DbConnection::Sqlite(sqlite) => diesel::sql_query(SQLITE_FOREIGN_KEYS).load(sqlite)?,
    })
}

/// Every column of our tables, sorted, to compare the two backends' schemas.
pub fn columns(store: &Store) -> Result<Vec<Column>, StoreError> {
    let mut conn = store.conn()?;
    Ok(match &mut *conn {
        DbConnection::Pg(pg) => diesel::sql_query(POSTGRES_COLUMNS).load(pg)?,
        DbConnection::Sqlite(sqlite) => diesel::sql_query(SQLITE_COLUMNS).load(sqlite)?,
    })
}

/// Runs raw SQL, to set up states the repositories refuse to create (such as a corrupt row).
pub fn execute_sql(store: &Store, sql: &str) -> Result<(), StoreError> {
    Ok(store.conn()?.batch_execute(sql)?)
}

/// `url` with its database name replaced by `database` (query parameters kept).
fn with_database(url: &str, database: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let (rest, query) = match rest.split_once('?') {
        Some((rest, query)) => (rest, Some(query)),
        None => (rest, None),
    };
    let authority = rest.split_once('/').map_or(rest, |(authority, _)| authority);
    let mut out = format!("{scheme}://{authority}/{database}");
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    Some(out)
}

/// The database name in `url`.
fn database_name(url: &str) -> Option<&str> {
    let (_, rest) = url.split_once("://")?;
    let rest = rest.split_once('?').map_or(rest, |(rest, _)| rest);
    let (_, name) = rest.split_once('/')?;
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_names_in_urls() {
        assert_eq!(with_database("postgres://u@h:5432/test", "x").unwrap(), "postgres://u@h:5432/x");
        assert_eq!(
            with_database("postgres://u@h/test?sslmode=disable", "x").unwrap(),
            "postgres://u@h/x?sslmode=disable"
        );
        assert_eq!(with_database("postgresql://h", "x").unwrap(), "postgresql://h/x");
        assert_eq!(database_name("postgres://u@h:5432/rd_test_1_a?x=y"), Some("rd_test_1_a"));
        assert_eq!(database_name("postgres://h"), None);
    }
}
