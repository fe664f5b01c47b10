//! The [`Store`]: a pool of connections to one database, opened and migrated in one call.

use std::time::Duration;

use diesel::r2d2::{Pool, PooledConnection, R2D2Connection};

use crate::connection::{Backend, DbConnection, DbConnectionManager, Target, create_sqlite_file};
use crate::error::StoreError;
use crate::{migrations, transaction};

/// How long a caller waits for a free connection before getting [`StoreError::Unavailable`].
const CONNECTION_TIMEOUT: Duration = Duration::from_secs(5);

/// The persistent store: cheap to clone (the pool is shared). Every method blocks; the api
/// calls them inside `web::block`.
#[derive(Debug, Clone)]
pub struct Store {
    pool: Pool<DbConnectionManager>,
    backend: Backend,
}

impl Store {
    /// Opens the database at `url` and applies pending migrations.
    ///
    /// `postgres://…` and `postgresql://…` are PostgreSQL; `sqlite://PATH` (everything after
    /// `sqlite://` is a relative or absolute path) or a bare path is a SQLite file, created with
    /// its folder when missing.
    pub fn open(url: &str) -> Result<Store, StoreError> {
        let manager = DbConnectionManager::new(url)?;
        // Migrate on a connection of our own first: a bad URL fails at once with the real
        // reason, instead of after the pool's connection timeout.
        migrate_target(manager.target())?;
        let backend = manager.target().backend();
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
            .connection_timeout(CONNECTION_TIMEOUT)
            .build(manager)?;
        Ok(Store { pool, backend })
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

    /// A pooled connection.
    pub(crate) fn conn(&self) -> Result<PooledConnection<DbConnectionManager>, StoreError> {
        Ok(self.pool.get()?)
    }

    /// Runs `f` in a write transaction (serialized with every other writer).
    pub(crate) fn write<T>(&self, f: impl FnOnce(&mut DbConnection) -> Result<T, StoreError>) -> Result<T, StoreError> {
        transaction::run(&mut *self.conn()?, transaction::Kind::Write, f)
    }

    /// Runs `f` in a read transaction that sees one consistent state.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&mut DbConnection) -> Result<T, StoreError>) -> Result<T, StoreError> {
        transaction::run(&mut *self.conn()?, transaction::Kind::Snapshot, f)
    }
}

fn migrate_target(target: &Target) -> Result<Vec<String>, StoreError> {
    if let Target::Sqlite(path) = target {
        create_sqlite_file(path)?;
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
