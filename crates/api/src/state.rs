//! What every request shares: the directory (store, index, writes), the feed cache, the
//! token keys and the process's own state (metrics, draining).

use std::ops::Deref;
use std::sync::Arc;

use recovery_app::Directory;

use crate::auth::token::TokenKeys;
use crate::feeds::FeedCache;

/// State shared by all requests.
pub struct AppState {
    /// The directory: every use case, the store for reads, the index.
    pub directory: Arc<Directory>,
    /// Prebuilt feed bodies.
    pub feeds: FeedCache,
    /// Token signing keys.
    pub keys: TokenKeys,
    /// Base URL for links in feeds.
    pub public_url: String,
    /// The place the directory serves: the approximate address feeds give online meetings
    /// that have none (see `feeds::meeting_guide`).
    pub default_place: Option<String>,
    /// Exported metrics.
    pub metrics: crate::metrics::Metrics,
    /// Set on SIGTERM: readiness fails while in-flight requests finish.
    pub draining: std::sync::atomic::AtomicBool,
    /// The last readiness check of the database, kept by a background task.
    pub last_check: crate::readiness::LastCheck,
}

impl AppState {
    /// Shared state around a directory.
    pub fn new(directory: Arc<Directory>, keys: TokenKeys, public_url: String) -> AppState {
        AppState {
            directory,
            feeds: FeedCache::default(),
            keys,
            public_url: public_url.trim_end_matches('/').to_string(),
            default_place: None,
            metrics: crate::metrics::Metrics::default(),
            draining: std::sync::atomic::AtomicBool::new(false),
            last_check: crate::readiness::LastCheck::default(),
        }
    }
}

/// Handlers reach the directory's use cases and reads through the state.
impl Deref for AppState {
    type Target = Directory;

    fn deref(&self) -> &Directory {
        &self.directory
    }
}
