//! What every request shares: the store, the search index, the feed cache and the keys.
//!
//! Writes go to the store first (one transaction with its change-log entry), then to the index.
//! The index remembers, per meeting, the change-log sequence number it last applied, so the
//! same change arriving twice — once from the local write, once from following the change log
//! — is applied once, and an older change never overwrites a newer one. Following the log is
//! also how this process sees writes made by other processes (another replica, the importer).

use std::collections::HashMap;
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use chrono_tz::Tz;
use recovery_domain::index::SearchIndex;
use recovery_domain::{Meeting, MeetingId, Programs, ValidationContext};
use recovery_store::{Store, StoreError};
use serde::Deserialize;

use crate::auth::TokenKeys;
use crate::feeds::FeedCache;

/// The index and the bookkeeping that keeps it in step with the store.
#[derive(Debug, Default)]
pub struct IndexState {
    /// Published meetings, public view.
    pub index: SearchIndex,
    /// The change-log sequence number last applied, per meeting.
    versions: HashMap<MeetingId, i64>,
    /// Every change-log entry up to here has been looked at.
    pub followed_seq: i64,
    /// Bumped on every change to the index; caches built from it compare this.
    pub generation: u64,
}

impl IndexState {
    /// An index loaded from the store, marked as having followed the log up to `seq`.
    pub fn loaded(meetings: Vec<Meeting>, seq: i64) -> IndexState {
        IndexState { index: SearchIndex::build(meetings), versions: HashMap::new(), followed_seq: seq, generation: 1 }
    }

    /// Applies the state of a meeting as of change `seq`, unless a newer one was applied.
    pub fn apply(&mut self, meeting: &Meeting, seq: i64) {
        if self.is_newer(meeting.id, seq) {
            self.index.upsert(meeting);
            self.generation += 1;
        }
    }

    /// Removes a meeting deleted by change `seq`, unless a newer change was applied.
    pub fn remove(&mut self, id: MeetingId, seq: i64) {
        if self.is_newer(id, seq) {
            self.index.remove(id);
            self.generation += 1;
        }
    }

    /// Records `seq` for `id` and says whether it is newer than what was applied (0, the
    /// sequence of a write that changed nothing, always applies).
    fn is_newer(&mut self, id: MeetingId, seq: i64) -> bool {
        let known = self.versions.get(&id).copied().unwrap_or(i64::MIN);
        if seq != 0 && seq <= known {
            return false;
        }
        self.versions.insert(id, seq);
        true
    }
}

/// State shared by all requests.
pub struct AppState {
    /// The database.
    pub store: Store,
    index: RwLock<IndexState>,
    /// Held across "write to the store, then apply to the index" so local writes reach the
    /// index in commit order.
    pub write_lock: tokio::sync::Mutex<()>,
    /// Prebuilt feed bodies.
    pub feeds: FeedCache,
    /// Token signing keys.
    pub keys: TokenKeys,
    /// Time zone for meetings written without one.
    pub default_timezone: Tz,
    /// Program for meetings written without one.
    pub default_program: String,
    /// Base URL for links in feeds.
    pub public_url: String,
    /// Exported metrics.
    pub metrics: crate::metrics::Metrics,
    /// Set on SIGTERM: readiness fails while in-flight requests finish.
    pub draining: std::sync::atomic::AtomicBool,
}

impl AppState {
    /// Shared state around a store and a loaded index.
    pub fn new(
        store: Store,
        index: IndexState,
        keys: TokenKeys,
        default_timezone: Tz,
        default_program: String,
        public_url: String,
    ) -> AppState {
        AppState {
            store,
            index: RwLock::new(index),
            write_lock: tokio::sync::Mutex::new(()),
            feeds: FeedCache::default(),
            keys,
            default_timezone,
            default_program,
            public_url: public_url.trim_end_matches('/').to_string(),
            metrics: crate::metrics::Metrics::default(),
            draining: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// Loads every published meeting from the store into a fresh index (blocking).
    pub fn load_index(store: &Store) -> Result<IndexState, StoreError> {
        // Read the log position first: anything committed after it is picked up by following.
        let seq = store.latest_change_seq()?;
        let meetings = store.all_meetings(Some(recovery_domain::Status::Published))?;
        Ok(IndexState::loaded(meetings, seq))
    }

    /// Reads the index.
    pub fn index(&self) -> RwLockReadGuard<'_, IndexState> {
        self.index.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn index_mut(&self) -> RwLockWriteGuard<'_, IndexState> {
        self.index.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// Applies a meeting written through this process.
    pub fn apply_meeting(&self, meeting: &Meeting, seq: i64) {
        self.index_mut().apply(meeting, seq);
    }

    /// Applies every change-log entry after the last one followed (blocking). Returns how many
    /// meetings changed in the index.
    pub fn follow_changes(&self) -> Result<usize, StoreError> {
        let mut applied = 0;
        loop {
            let after = self.index().followed_seq;
            let changes = self.store.changes_since(after, 1000)?;
            let Some(last) = changes.last().map(|c| c.seq) else { return Ok(applied) };
            // Parse outside the lock: searches keep being answered meanwhile.
            let updates: Vec<(i64, Option<Meeting>, &str)> = changes
                .iter()
                .filter(|change| change.entity == "meeting")
                .filter_map(|change| match change.after.as_ref().map(Meeting::deserialize) {
                    Some(Ok(meeting)) => Some((change.seq, Some(meeting), change.entity_id.as_str())),
                    Some(Err(e)) => {
                        tracing::warn!(seq = change.seq, error = %e, "unreadable change-log entry");
                        None
                    }
                    None => Some((change.seq, None, change.entity_id.as_str())),
                })
                .collect();
            let mut state = self.index_mut();
            for (seq, meeting, entity_id) in updates {
                match meeting {
                    Some(meeting) => state.apply(&meeting, seq),
                    None => match entity_id.parse::<MeetingId>() {
                        Ok(id) => state.remove(id, seq),
                        Err(_) => continue,
                    },
                }
                applied += 1;
            }
            state.followed_seq = state.followed_seq.max(last);
        }
    }

    /// What validation needs.
    pub fn validation_context(&self) -> ValidationContext<'_> {
        ValidationContext {
            programs: Programs::builtin(),
            default_timezone: self.default_timezone,
            default_program: &self.default_program,
        }
    }
}
