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
    /// Held by the readiness check in flight, so probes never pile up on a hung database.
    pub ready_check: tokio::sync::Mutex<()>,
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
            ready_check: tokio::sync::Mutex::new(()),
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
