//! The [`Store`]: a pool of connections to one database, opened and migrated in one call.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::r2d2::{Pool, PooledConnection, R2D2Connection};

use crate::connection::{Backend, DbConnection, DbConnectionManager, Target, create_sqlite_file};
use crate::error::StoreError;
use crate::writability::{self, Writability};
use crate::{migrations, transaction};

/// How long a caller waits for a connection (a free one, or a new one when the pool has room)
/// before getting [`StoreError::Unavailable`], unless the opener says otherwise. Short, so that
/// a request fails promptly with 503 while the database cannot be reached instead of holding a
/// worker: writes are serialized before they take a connection and reads mostly come from
/// memory, so a healthy pool hands one out in milliseconds.
pub const DEFAULT_CONNECTION_TIMEOUT: Duration = Duration::from_secs(1);

/// The persistent store: cheap to clone (the pool is shared). Every method blocks; the api
/// calls them inside `web::block`.
#[derive(Debug, Clone)]
pub struct Store {
    pool: Pool<DbConnectionManager>,
    backend: Backend,
    /// The SQLite file (none for PostgreSQL).
    sqlite_path: Option<PathBuf>,
    /// What the last writes and checks found.
    writability: Arc<Writability>,
}

impl Store {
    /// Opens the database at `url` and applies pending migrations, waiting at most
    /// [`DEFAULT_CONNECTION_TIMEOUT`] for a connection.
    ///
    /// `postgres://…` and `postgresql://…` are PostgreSQL; `sqlite://PATH` (everything after
    /// `sqlite://` is a relative or absolute path) or a bare path is a SQLite file, created with
    /// its folder when missing. A SQLite database whose files cannot be written is refused with
    /// [`StoreError::NotWritable`] naming the file (see the `writability` module for why).
    pub fn open(url: &str) -> Result<Store, StoreError> {
        Store::open_with_timeout(url, DEFAULT_CONNECTION_TIMEOUT)
    }

    /// [`Store::open`], waiting at most `connection_timeout` for a connection.
    pub fn open_with_timeout(url: &str, connection_timeout: Duration) -> Result<Store, StoreError> {
        let manager = DbConnectionManager::new(url)?;
        // Migrate on a connection of our own first: a bad URL fails at once with the real
        // reason, instead of after the pool's connection timeout.
        migrate_target(manager.target())?;
        let backend = manager.target().backend();
        let sqlite_path = match manager.target() {
            Target::Sqlite(path) => Some(path.clone()),
            Target::Postgres(_) => None,
        };
        let max_size = match backend {
            // One writer at a time anyway; a few readers alongside it in WAL mode.
            Backend::Sqlite => 4,
            Backend::Postgres => 10,
        };
        // No idle minimum: r2d2 would refill it from its own thread right after each checkout,
        // and a command-line process exiting while that thread is mid-connect crashes in
        // OpenSSL's exit-time cleanup (PostgreSQL over TLS). Connections open on demand instead.
        let pool = Pool::builder()
            .max_size(max_size)
            .min_idle(Some(0))
            .connection_timeout(connection_timeout)
            .build(manager)?;
        Ok(Store { pool, backend, sqlite_path, writability: Arc::default() })
    }

    /// Applies pending migrations to the database at `url` (created when a missing SQLite file)
    /// and returns the names of those applied, oldest first.
    pub fn migrate(url: &str) -> Result<Vec<String>, StoreError> {
        migrate_target(&Target::parse(url)?)
    }

    /// Which backend this store uses.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Checks that a connection can be had and answers.
    pub fn ping(&self) -> Result<(), StoreError> {
        Ok(self.conn()?.ping()?)
    }

    /// How many migrations are not applied (0 after [`Store::open`], unless another binary
    /// migrated the database back).
    pub fn pending_migrations(&self) -> Result<usize, StoreError> {
        migrations::pending_count(&mut *self.conn()?)
    }

    /// How the connection pool is used right now.
    pub fn pool_state(&self) -> PoolState {
        let state = self.pool.state();
        PoolState { open: state.connections, idle: state.idle_connections, max: self.pool.max_size() }
    }

    /// True unless the last write (or [`Store::probe_writable`]) found that the store cannot be
    /// written: answered without touching the database.
    pub fn writable(&self) -> bool {
        self.writability.writable()
    }

    /// Finds out whether the store can be written now, and records it for
    /// [`Store::writable`]: SQLite's files are checked, then a heartbeat row is committed (the
    /// only honest proof, as a full disk shows only at a commit). A heartbeat that fails for
    /// another reason (the database is busy or unreachable) leaves the last finding as it was.
    /// Blocks up to the busy timeout; call it from a background task.
    pub fn probe_writable(&self) -> bool {
        let before = self.writable();
        let finding = self.check_writable();
        let after = self.writable();
        // Logged when the finding changes, not at every check while a disk stays full.
        match (before, after, &finding) {
            (true, false, Err(e)) => tracing::error!(error = %e, "the store cannot be written; writes answer 503"),
            (false, true, _) => tracing::info!("the store can be written again"),
            _ => {}
        }
        after
    }

    fn check_writable(&self) -> Result<(), StoreError> {
        if let Some(path) = &self.sqlite_path {
            let files = writability::check_sqlite_files(path);
            self.writability.set_files(files.is_ok());
            files?;
        }
        let outcome = self.conn().and_then(|mut conn| Ok(conn.batch_execute(writability::HEARTBEAT)?));
        self.writability.record(&outcome);
        outcome
    }

    /// A pooled connection. Refused while SQLite's `-shm` cannot be written: touching the
    /// database then could crash the process (see the `writability` module).
    pub(crate) fn conn(&self) -> Result<PooledConnection<DbConnectionManager>, StoreError> {
        if let Some(path) = &self.sqlite_path {
            if let Err(e) = writability::check_shared_memory(path) {
                self.writability.set_files(false);
                return Err(e);
            }
        }
        Ok(self.pool.get()?)
    }

    /// Runs `f` in a write transaction (serialized with every other writer), and records
    /// whether it could write.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&mut DbConnection) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let outcome = transaction::run(&mut *self.conn()?, transaction::Kind::Write, f);
        self.writability.record(&outcome);
        outcome
    }

    /// Runs `f` in a read transaction that sees one consistent state.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&mut DbConnection) -> Result<T, StoreError>) -> Result<T, StoreError> {
        transaction::run(&mut *self.conn()?, transaction::Kind::Snapshot, f)
    }
}

fn migrate_target(target: &Target) -> Result<Vec<String>, StoreError> {
    if let Target::Sqlite(path) = target {
        create_sqlite_file(path)?;
        writability::check_sqlite_files(path)?;
    }
    let mut conn = target.connect()?;
    migrations::run_pending(&mut conn)
}

/// A snapshot of the connection pool, for metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolState {
    /// Connections open (in use or idle).
    pub open: u32,
    /// Connections open and idle.
    pub idle: u32,
    /// The most connections the pool opens.
    pub max: u32,
}
