//! Feeds in other projects' formats, built once per change of the data and served as bytes.
//!
//! Building the Meeting Guide feed of 10,000 meetings and compressing it costs a noticeable
//! fraction of a second; serving prebuilt bytes costs well under a millisecond. So a feed is
//! built (body, gzip body, ETag) the first time it is asked for after the index changed, and
//! every later request until the next change gets the same bytes.

pub mod meeting_guide;

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};

use actix_web::web::Bytes;
use flate2::Compression;
use flate2::write::GzEncoder;
use sha2::{Digest, Sha256};

/// Which feed: a format and its filters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FeedKey {
    /// The format.
    pub format: &'static str,
    /// Only this program's meetings.
    pub program: Option<String>,
    /// Only meetings in this region.
    pub region: Option<String>,
}

/// A built feed.
#[derive(Debug)]
pub struct BuiltFeed {
    /// The body as it is.
    pub body: Bytes,
    /// The body gzip-compressed.
    pub gzip: Bytes,
    /// A strong entity tag for the body (quoted).
    pub etag: String,
    /// A strong entity tag for the gzip body: another representation, so another tag, and
    /// caches never serve one coding for the other.
    pub gzip_etag: String,
}

impl BuiltFeed {
    /// Compresses and tags a body.
    pub fn new(body: Vec<u8>) -> BuiltFeed {
        let hash = hex::encode(&Sha256::digest(&body)[..16]);
        let (etag, gzip_etag) = (format!("\"{hash}\""), format!("\"{hash}-gzip\""));
        let mut encoder = GzEncoder::new(Vec::with_capacity(body.len() / 4), Compression::default());
        let gzip = encoder.write_all(&body).and_then(|()| encoder.finish()).unwrap_or_default();
        BuiltFeed { body: Bytes::from(body), gzip: Bytes::from(gzip), etag, gzip_etag }
    }
}

/// At most this many filtered feeds are kept per data generation.
const MAX_CACHED_FEEDS: usize = 256;

/// Built feeds for the current generation of the index.
#[derive(Debug, Default)]
pub struct FeedCache {
    inner: Mutex<(u64, HashMap<FeedKey, Arc<BuiltFeed>>)>,
    /// Serializes builds so that a burst of requests after a change builds each feed once.
    building: tokio::sync::Mutex<()>,
}

impl FeedCache {
    fn lookup(&self, generation: u64, key: &FeedKey) -> Option<Arc<BuiltFeed>> {
        let inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        (inner.0 == generation).then(|| inner.1.get(key).cloned()).flatten()
    }

    /// The feed for `key` at `generation`, built with `build` if not already built.
    pub async fn get_or_build<F>(&self, generation: u64, key: FeedKey, build: F) -> Arc<BuiltFeed>
    where
        F: FnOnce() -> Vec<u8> + Send + 'static,
    {
        if let Some(feed) = self.lookup(generation, &key) {
            return feed;
        }
        let _building = self.building.lock().await;
        if let Some(feed) = self.lookup(generation, &key) {
            return feed;
        }
        let feed = match actix_web::web::block(move || BuiltFeed::new(build())).await {
            Ok(feed) => Arc::new(feed),
            Err(_) => Arc::new(BuiltFeed::new(b"[]".to_vec())),
        };
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if inner.0 != generation {
            *inner = (generation, HashMap::new());
        }
        if inner.1.len() < MAX_CACHED_FEEDS {
            inner.1.insert(key, feed.clone());
        }
        feed
    }
}
