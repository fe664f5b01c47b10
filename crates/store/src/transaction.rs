//! Transactions with the semantics each use needs, on either backend.
//!
//! Writers are serialized so that change-log `seq` order equals commit order: a follower that
//! read up to `seq` N can never later see an entry committed with a smaller seq. SQLite has one
//! writer at a time already; `BEGIN IMMEDIATE` takes the write lock up front, so two writers
//! never deadlock upgrading a read lock (an instant SQLITE_BUSY that busy_timeout cannot help).
//! PostgreSQL writers take one transaction-scoped advisory lock first.
//! Readers that need several queries to agree get a snapshot.

use diesel::Connection;
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::result::Error as DieselError;

use crate::connection::DbConnection;
use crate::error::StoreError;

/// The advisory lock every PostgreSQL write transaction holds ("rd-write" in ASCII).
const WRITE_LOCK: i64 = 0x7264_2d77_7269_7465;

/// What a transaction is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Writes, serialized with every other writer.
    Write,
    /// Reads that must see one consistent state.
    Snapshot,
}

type Manager = <DbConnection as Connection>::TransactionManager;

/// Runs `f` in a transaction of `kind`: committed when it returns `Ok`, rolled back otherwise.
pub(crate) fn run<T>(
    conn: &mut DbConnection,
    kind: Kind,
    f: impl FnOnce(&mut DbConnection) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    // Diesel's `transaction` always says plain BEGIN; these go through the same transaction
    // manager, so Diesel's bookkeeping (and the pool's broken-connection check) stays right.
    match (&mut *conn, kind) {
        (DbConnection::Pg(pg), Kind::Write) => {
            AnsiTransactionManager::begin_transaction_sql(&mut *pg, "BEGIN")?;
            if let Err(e) = pg.batch_execute(&format!("SELECT pg_advisory_xact_lock({WRITE_LOCK})")) {
                return Err(finish_failed(conn, e.into()));
            }
        }
        (DbConnection::Pg(pg), Kind::Snapshot) => {
            AnsiTransactionManager::begin_transaction_sql(pg, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?
        }
        (DbConnection::Sqlite(sqlite), Kind::Write) => {
            AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN IMMEDIATE")?
        }
        // In WAL mode a deferred transaction reads one snapshot from its first read to its end.
        (DbConnection::Sqlite(sqlite), Kind::Snapshot) => {
            AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN")?
        }
    }
    match f(conn) {
        Ok(value) => {
            Manager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(e) => Err(finish_failed(conn, e)),
    }
}

/// Rolls back after `error` and returns it: it says what went wrong. Should the rollback fail
/// too, the connection is marked broken and the pool discards it, which ends the transaction.
fn finish_failed(conn: &mut DbConnection, error: StoreError) -> StoreError {
    match Manager::rollback_transaction(conn) {
        Ok(()) | Err(DieselError::BrokenTransactionManager) => {}
        Err(rollback) => tracing::warn!(error = %error, rollback = %rollback, "rollback failed"),
    }
    error
}
