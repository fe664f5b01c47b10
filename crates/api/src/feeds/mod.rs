//! Feeds in other projects' formats, built once per change of the data and served as bytes.
//!
//! Building the Meeting Guide feed of 10,000 meetings and compressing it costs a noticeable
//! fraction of a second; serving prebuilt bytes costs well under a millisecond. So a feed is
//! built (body, gzip body, ETag) the first time it is asked for after the index changed, and
//! every later request until the next change gets the same bytes.
//!
//! Memory: the cache holds the feeds of one generation only, and feeds are built one at a time
//! on one thread of their own (see [`Builder`]), so a directory under steady writes holds a
//! bounded amount whatever the rate of writes and reads.

pub mod meeting_guide;

use std::collections::HashMap;
use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, OnceLock, PoisonError, mpsc};

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
        let mut gzip = encoder.write_all(&body).and_then(|()| encoder.finish()).unwrap_or_default();
        gzip.shrink_to_fit();
        BuiltFeed { body: Bytes::from(body), gzip: Bytes::from(gzip), etag, gzip_etag }
    }
}

/// At most this many filtered feeds are kept per data generation.
const MAX_CACHED_FEEDS: usize = 256;

/// Built feeds for one generation of the index: the newest one built. Feeds of older
/// generations are dropped as soon as a newer one is built, so the cache holds at most
/// [`MAX_CACHED_FEEDS`] feeds of a single generation whatever the rate of writes.
#[derive(Debug, Default)]
pub struct FeedCache {
    inner: Mutex<(u64, HashMap<FeedKey, Arc<BuiltFeed>>)>,
    /// Serializes builds so that a burst of requests after a change builds each feed once.
    building: tokio::sync::Mutex<()>,
    builder: Builder,
}

/// A build job: it sends its own result.
type Job = Box<dyn FnOnce() + Send>;

/// Runs feed builds on one long-lived thread of their own.
///
/// Builds are serialized anyway (`building`), so one thread costs no throughput. What it buys
/// is memory: a build allocates and frees feed-sized blocks, and the allocator keeps freed
/// memory per thread arena. Run on whichever blocking-pool thread is free, every thread that
/// ever built a feed kept its own feed-sized high-water mark, and a replica under reads that
/// follow writes grew with the number of such threads (#18); on one thread, one arena holds it.
#[derive(Debug, Default)]
struct Builder {
    jobs: OnceLock<Option<mpsc::Sender<Job>>>,
}

impl Builder {
    /// Runs `job` on the builder thread (started on first use); `None` if it could not run.
    async fn run<T: Send + 'static>(&self, job: impl FnOnce() -> T + Send + 'static) -> Option<T> {
        let sender = self.jobs.get_or_init(|| {
            let (sender, jobs) = mpsc::channel::<Job>();
            let thread = std::thread::Builder::new().name("feed-builder".into()).spawn(move || {
                for job in jobs {
                    // A build that panics loses its own answer (the request gets an empty
                    // feed), not the builder.
                    if std::panic::catch_unwind(AssertUnwindSafe(job)).is_err() {
                        tracing::error!("a feed build panicked");
                    }
                }
            });
            thread.map_err(|e| tracing::error!(error = %e, "could not start the feed builder thread")).ok()?;
            Some(sender)
        });
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            // The requester may have gone; the result is then simply dropped.
            let _ = answer.send(job());
        });
        sender.as_ref()?.send(job).ok()?;
        answered.await.ok()
    }
}

/// What the feed cache holds, for the metrics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FeedCacheSize {
    /// The index generation the held feeds were built from (0 before the first build).
    pub generation: u64,
    /// How many feeds are held (each with its gzip body).
    pub feeds: usize,
    /// Their bodies' bytes, identity and gzip together.
    pub bytes: usize,
}

impl FeedCache {
    /// The feed for `key` built from index generation `generation` or a later one, if it is
    /// held: the first thing a request does, so a client whose copy is current (a 304) or a
    /// repeat request reads nothing else. A later generation is as good: it holds every change
    /// the request could have seen.
    pub fn lookup(&self, generation: u64, key: &FeedKey) -> Option<Arc<BuiltFeed>> {
        let inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        (inner.0 >= generation).then(|| inner.1.get(key).cloned()).flatten()
    }

    /// The feed for `key` at `generation`, built with `build` if not already built. `build`
    /// reads the index itself and returns the generation it read with the body; the feed is
    /// kept under that generation (never under an older one than the cache holds).
    pub async fn get_or_build<F>(&self, generation: u64, key: FeedKey, build: F) -> Arc<BuiltFeed>
    where
        F: FnOnce() -> (u64, Vec<u8>) + Send + 'static,
    {
        if let Some(feed) = self.lookup(generation, &key) {
            return feed;
        }
        let _building = self.building.lock().await;
        if let Some(feed) = self.lookup(generation, &key) {
            return feed;
        }
        let built = self
            .builder
            .run(move || {
                let (built_at, body) = build();
                (built_at, BuiltFeed::new(body))
            })
            .await;
        let (built_at, feed) = match built {
            Some((built_at, feed)) => (built_at, Arc::new(feed)),
            None => return Arc::new(BuiltFeed::new(b"[]".to_vec())),
        };
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if built_at > inner.0 {
            // A newer generation: the older feeds can no longer be served, so let them go now.
            *inner = (built_at, HashMap::new());
        }
        if built_at == inner.0 && inner.1.len() < MAX_CACHED_FEEDS {
            inner.1.insert(key, feed.clone());
        }
        feed
    }

    /// What is held now.
    pub fn size(&self) -> FeedCacheSize {
        let inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        FeedCacheSize {
            generation: inner.0,
            feeds: inner.1.len(),
            bytes: inner.1.values().map(|f| f.body.len() + f.gzip.len()).sum(),
        }
    }
}
