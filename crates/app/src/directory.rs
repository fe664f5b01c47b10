//! The [`Directory`]: store, index, write lock and importer, and the two ways the index moves —
//! a local write applied at its change-log position, and following the change log for writes
//! made elsewhere (another replica, the command line, a batch write).

use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use chrono_tz::Tz;
use recovery_domain::agency::{AgencyCatalog, Taxonomies};
use recovery_domain::projection::{Entity, EntityKind, IndexState, Update};
use recovery_domain::{Programs, Status, ValidationContext};
use recovery_import::sync::Importer;
use recovery_store::{Store, StoreError};
use uuid::Uuid;

use crate::AppError;

/// How many change-log entries one read of the log takes.
const FOLLOW_BATCH: i64 = 1000;

/// What this deployment assumes of a listing that does not say.
#[derive(Debug, Clone)]
pub struct Defaults {
    /// Time zone of meetings (and agency locations) written without one.
    pub timezone: Tz,
    /// Program of meetings written without one.
    pub program: String,
}

/// The directory: every use case that writes, or spans the store and the index.
pub struct Directory {
    store: Store,
    index: RwLock<IndexState>,
    /// Held across "write to the store, then apply to the index", so local writes reach the
    /// index in commit order.
    write_lock: tokio::sync::Mutex<()>,
    importer: Importer,
    defaults: Defaults,
}

impl Directory {
    /// A directory around `store` and an index already loaded from it.
    pub fn new(store: Store, index: IndexState, importer: Importer, defaults: Defaults) -> Directory {
        Directory { store, index: RwLock::new(index), write_lock: tokio::sync::Mutex::new(()), importer, defaults }
    }

    /// Loads every published meeting and every agency listing from `store` into a fresh index
    /// (blocking); agency locations without a time zone are read in `fallback_tz`.
    pub fn load_index(store: &Store, fallback_tz: Tz) -> Result<IndexState, StoreError> {
        // Read the log position first: anything committed after it is picked up by following.
        let seq = store.latest_change_seq()?;
        let meetings = store.all_meetings(Some(Status::Published))?;
        let taxonomies = Taxonomies::new(store.all_taxonomies()?, store.all_taxonomy_terms()?);
        let agencies = AgencyCatalog::build(
            store.all_organizations()?,
            store.all_locations()?,
            store.all_services()?,
            taxonomies,
            fallback_tz,
        );
        Ok(IndexState::loaded(meetings, agencies, seq))
    }

    /// The database, for reads (writes go through this type's use cases).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The importer (its fetch policy and geocoder).
    pub fn importer(&self) -> &Importer {
        &self.importer
    }

    /// What this deployment assumes of listings that do not say.
    pub fn defaults(&self) -> &Defaults {
        &self.defaults
    }

    /// Reads the index.
    pub fn index(&self) -> RwLockReadGuard<'_, IndexState> {
        self.index.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn index_mut(&self) -> RwLockWriteGuard<'_, IndexState> {
        self.index.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// What validating a meeting needs.
    pub fn validation_context(&self) -> ValidationContext<'_> {
        ValidationContext {
            programs: Programs::builtin(),
            default_timezone: self.defaults.timezone,
            default_program: &self.defaults.program,
        }
    }

    /// Runs a blocking store call (a read) on the blocking pool.
    pub async fn read<T, F>(&self, call: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    {
        blocking(&self.store, call).await
    }

    /// Runs one store write that returns an entity the index holds and its change-log
    /// position, and applies it to the index, both under the write lock.
    pub(crate) async fn write<T, F>(&self, call: F) -> Result<T, AppError>
    where
        T: Into<Entity> + Clone + Send + 'static,
        F: FnOnce(&Store) -> Result<(T, i64), StoreError> + Send + 'static,
    {
        let _guard = self.write_lock.lock().await;
        let (record, seq) = blocking(&self.store, call).await?;
        self.index_mut().apply(record.clone().into(), seq);
        Ok(record)
    }

    /// Runs one store delete of the `kind` `id` and removes it from the index, both under the
    /// write lock.
    pub(crate) async fn delete<F>(&self, kind: EntityKind, id: Uuid, call: F) -> Result<(), AppError>
    where
        F: FnOnce(&Store) -> Result<i64, StoreError> + Send + 'static,
    {
        let _guard = self.write_lock.lock().await;
        let seq = blocking(&self.store, call).await?;
        self.index_mut().remove(kind, id, seq);
        Ok(())
    }

    /// Holds the write lock for a write whose index update the caller makes itself.
    pub(crate) async fn lock(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.write_lock.lock().await
    }

    /// Applies entities written through this process at their change-log positions.
    pub(crate) fn apply_all(&self, written: impl IntoIterator<Item = (Entity, i64)>) {
        let mut index = self.index_mut();
        for (entity, seq) in written {
            index.apply(entity, seq);
        }
    }

    /// Applies every change-log entry after the last one followed: the log is read (and its
    /// entries parsed) on the blocking pool, then applied under a short index lock. Returns
    /// how many changed the index (an entry already applied, such as this process's own
    /// write, does not count).
    pub async fn follow(&self) -> Result<usize, AppError> {
        let mut applied = 0;
        loop {
            let after = self.index().followed_seq;
            let (updates, last) = blocking(&self.store, move |store| read_updates(store, after)).await?;
            let Some(last) = last else { return Ok(applied) };
            let mut index = self.index_mut();
            for (seq, update) in updates {
                // This process's own writes come back through the log: they are not counted.
                applied += usize::from(index.update(update, seq));
            }
            index.followed_seq = index.followed_seq.max(last);
        }
    }
}

/// One read of the change log: its entries as index updates (with their positions), and the
/// last position read (`None` when there was nothing new).
type Updates = (Vec<(i64, Update)>, Option<i64>);

/// The log's entries after `after` as index updates.
fn read_updates(store: &Store, after: i64) -> Result<Updates, StoreError> {
    let changes = store.changes_since(after, FOLLOW_BATCH)?;
    let last = changes.last().map(|c| c.seq);
    let updates = changes
        .iter()
        .filter_map(|change| match Update::of(change)? {
            Ok(update) => Some((change.seq, update)),
            Err(e) => {
                tracing::warn!(seq = change.seq, error = %e, "unreadable change-log entry");
                None
            }
        })
        .collect();
    Ok((updates, last))
}

/// Runs a blocking call on `store` (a store call, or work around one such as hashing a
/// password) on the blocking pool.
pub(crate) async fn blocking<T, E, F>(store: &Store, call: F) -> Result<T, AppError>
where
    T: Send + 'static,
    E: Into<AppError> + Send + 'static,
    F: FnOnce(&Store) -> Result<T, E> + Send + 'static,
{
    let store = store.clone();
    tokio::task::spawn_blocking(move || call(&store))
        .await
        .map_err(|e| AppError::Interrupted(e.to_string()))?
        .map_err(Into::into)
}

/// Follows the change log every `interval` on the current runtime, so writes made by other
/// processes reach this one's index.
pub fn spawn_follower(directory: std::sync::Arc<Directory>, interval: std::time::Duration) {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(interval).await;
            match directory.follow().await {
                Ok(0) => {}
                Ok(n) => tracing::debug!(changes = n, "applied changes from the change log"),
                Err(e) => tracing::warn!(error = %e, "could not follow the change log"),
            }
        }
    });
}
