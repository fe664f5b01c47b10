//! The embedded migrations of each backend (`migrations/sqlite`, `migrations/postgres` at the
//! workspace root), and running them safely when several processes start at once.

use diesel::Connection;
use diesel::backend::Backend as DieselBackend;
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::connection::DbConnection;
use crate::error::StoreError;

const SQLITE: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

/// The PostgreSQL session lock held while migrating, so two servers starting together do not
/// both apply the same migration ("rd-migr" in ASCII).
const MIGRATION_LOCK: i64 = 0x0072_642d_6d69_6772;

/// Applies every pending migration and returns their names, oldest first.
pub(crate) fn run_pending(conn: &mut DbConnection) -> Result<Vec<String>, StoreError> {
    match conn {
        DbConnection::Pg(pg) => {
            pg.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))?;
            let applied = apply(pg, POSTGRES);
            let unlocked = pg.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"));
            let applied = applied?;
            unlocked?;
            Ok(applied)
        }
        DbConnection::Sqlite(sqlite) => {
            // One IMMEDIATE transaction around all of them: a second process waits on the write
            // lock, then finds nothing pending. Each migration runs in a savepoint inside it.
            AnsiTransactionManager::begin_transaction_sql(&mut *sqlite, "BEGIN IMMEDIATE")?;
            match apply(sqlite, SQLITE) {
                Ok(applied) => {
                    AnsiTransactionManager::commit_transaction(sqlite)?;
                    Ok(applied)
                }
                Err(e) => {
                    if let Err(rollback) = AnsiTransactionManager::rollback_transaction(sqlite) {
                        tracing::warn!(error = %rollback, "rolling back failed migrations");
                    }
                    Err(e)
                }
            }
        }
    }
}

/// How many migrations are not applied yet.
pub(crate) fn pending_count(conn: &mut DbConnection) -> Result<usize, StoreError> {
    let pending = match conn {
        DbConnection::Pg(pg) => pg.pending_migrations(POSTGRES).map(|m| m.len()),
        DbConnection::Sqlite(sqlite) => sqlite.pending_migrations(SQLITE).map(|m| m.len()),
    };
    pending.map_err(migration_error)
}

fn apply<C, DB>(conn: &mut C, source: EmbeddedMigrations) -> Result<Vec<String>, StoreError>
where
    C: Connection<Backend = DB> + MigrationHarness<DB>,
    DB: DieselBackend,
{
    let pending = conn.pending_migrations(source).map_err(migration_error)?;
    let mut applied = Vec::with_capacity(pending.len());
    for migration in pending {
        let name = migration.name().to_string();
        conn.run_migration(&*migration).map_err(migration_error)?;
        tracing::info!(migration = %name, "applied migration");
        applied.push(name);
    }
    Ok(applied)
}

/// Migration errors are boxed; a failing migration is a deployment problem, not a request's.
fn migration_error(e: Box<dyn std::error::Error + Send + Sync>) -> StoreError {
    match e.downcast::<diesel::result::Error>() {
        Ok(diesel_error) => StoreError::from(*diesel_error),
        Err(other) => StoreError::Other(format!("migration failed: {other}")),
    }
}
