//! Prometheus metrics: requests and their latency by route and status, the index's size, how
//! far this process is behind the change log, database pool use, and whether the store takes
//! writes; and what lets an operator see a leak coming: the process's resident memory, the
//! index generation and how many meetings requests read from it, and what the feed cache holds.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use recovery_store::PoolState;

/// Labels of a served request. `route` is the matched route pattern (never the raw path, so
/// ids and coordinates do not become label values).
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    /// HTTP method.
    pub method: String,
    /// Route pattern, e.g. `/v1/meetings/{id}`, or `unmatched`.
    pub route: String,
    /// Response status code.
    pub status: u16,
}

/// Labels of the index size.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct KindLabels {
    /// Listing kind (`meeting`).
    pub kind: String,
}

/// Labels of import runs.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ResultLabels {
    /// `succeeded` or `failed`.
    pub result: String,
}

/// Every metric this process exports.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RequestLabels, Histogram>,
    index_listings: Family<KindLabels, Gauge>,
    change_log_lag: Gauge,
    /// Import runs by result (imports arrive with the sources work; exported from the start so
    /// dashboards and alerts can be written against it).
    pub import_runs: Family<ResultLabels, Counter>,
    pool_open: Gauge,
    pool_idle: Gauge,
    pool_max: Gauge,
    store_writable: Gauge,
    resident_bytes: Gauge,
    index_generation: Gauge,
    index_visited: Counter,
    feed_cache_versions: Gauge,
    feed_cache_feeds: Gauge,
    feed_cache_bytes: Gauge,
}

/// What the index and the caches hold at scrape time.
#[derive(Debug, Clone, Copy, Default)]
pub struct HeldState {
    /// The index generation (bumped by every change applied to it).
    pub generation: u64,
    /// Meetings handed out by the index since start (`SearchIndex::visited`).
    pub visited: u64,
    /// What the feed cache holds.
    pub feeds: crate::feeds::FeedCacheSize,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

fn latency_histogram() -> Histogram {
    // 0.25 ms … ~4 s.
    Histogram::new(exponential_buckets(0.000_25, 2.0, 15))
}

impl Default for Metrics {
    fn default() -> Metrics {
        let mut registry = Registry::with_prefix("recovery_directory");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RequestLabels, Histogram>::new_with_constructor(latency_histogram as fn() -> Histogram);
        let index_listings = Family::<KindLabels, Gauge>::default();
        let change_log_lag = Gauge::default();
        let import_runs = Family::<ResultLabels, Counter>::default();
        let (pool_open, pool_idle, pool_max) = (Gauge::default(), Gauge::default(), Gauge::default());
        registry.register("http_requests", "HTTP requests served", requests.clone());
        registry.register("http_request_duration_seconds", "Time to answer HTTP requests", latency.clone());
        registry.register("index_listings", "Published listings in the search index", index_listings.clone());
        registry.register(
            "change_log_lag",
            "Change-log entries committed but not yet applied to this process's index",
            change_log_lag.clone(),
        );
        registry.register("import_runs", "Import runs by result", import_runs.clone());
        registry.register("db_pool_connections_open", "Database connections open", pool_open.clone());
        registry.register("db_pool_connections_idle", "Database connections open and idle", pool_idle.clone());
        registry.register("db_pool_connections_max", "Most database connections the pool opens", pool_max.clone());
        let store_writable = Gauge::default();
        registry.register(
            "store_writable",
            "1 while the store takes writes; 0 while it cannot be written (a full disk, files it may not write, a read-only or unreachable database)",
            store_writable.clone(),
        );
        let resident_bytes = Gauge::default();
        registry.register(
            "process_resident_memory_bytes",
            "Resident memory of this process (VmRSS), read at scrape time",
            resident_bytes.clone(),
        );
        let (index_generation, index_visited) = (Gauge::default(), Counter::default());
        registry.register(
            "index_generation",
            "Changes applied to this process's index since start",
            index_generation.clone(),
        );
        registry.register(
            "index_meetings_visited",
            "Meetings read out of the index by requests: grows with answers, not with the directory",
            index_visited.clone(),
        );
        let (feed_cache_versions, feed_cache_feeds, feed_cache_bytes) =
            (Gauge::default(), Gauge::default(), Gauge::default());
        registry.register(
            "feed_cache_versions",
            "Index generations the feed cache holds feeds of (at most 1)",
            feed_cache_versions.clone(),
        );
        registry.register("feed_cache_feeds", "Built feeds held (each with its gzip body)", feed_cache_feeds.clone());
        registry.register("feed_cache_bytes", "Bytes of the built feeds held, gzip included", feed_cache_bytes.clone());
        for result in ["succeeded", "failed"] {
            import_runs.get_or_create(&ResultLabels { result: result.into() }).inc_by(0);
        }
        Metrics {
            registry,
            requests,
            latency,
            index_listings,
            change_log_lag,
            import_runs,
            pool_open,
            pool_idle,
            pool_max,
            store_writable,
            resident_bytes,
            index_generation,
            index_visited,
            feed_cache_versions,
            feed_cache_feeds,
            feed_cache_bytes,
        }
    }
}

impl Metrics {
    /// Counts one answered request.
    pub fn observe_request(&self, labels: RequestLabels, seconds: f64) {
        self.latency.get_or_create(&labels).observe(seconds);
        self.requests.get_or_create(&labels).inc();
    }

    /// Sets whether the store takes writes (read at scrape time, like the gauges of `render`).
    pub fn set_store_writable(&self, writable: bool) {
        self.store_writable.set(i64::from(writable));
    }

    /// Sets what the index and caches hold and the process's resident memory, before a render.
    pub fn observe_held(&self, held: HeldState) {
        self.index_generation.set(i64::try_from(held.generation).unwrap_or(i64::MAX));
        // The index counts on its own; the exported counter follows it (it never goes back).
        let exported = self.index_visited.get();
        self.index_visited.inc_by(held.visited.saturating_sub(exported));
        self.feed_cache_versions.set(i64::from(held.feeds.feeds > 0));
        self.feed_cache_feeds.set(held.feeds.feeds as i64);
        self.feed_cache_bytes.set(held.feeds.bytes as i64);
        if let Some(bytes) = resident_bytes() {
            self.resident_bytes.set(bytes as i64);
        }
    }

    /// Sets the gauges read at scrape time and renders the text exposition format.
    /// `lag` is `None` when the change log could not be read; the gauge then keeps its value.
    pub fn render(&self, meetings: usize, lag: Option<i64>, pool: PoolState) -> String {
        self.index_listings.get_or_create(&KindLabels { kind: "meeting".into() }).set(meetings as i64);
        if let Some(lag) = lag {
            self.change_log_lag.set(lag.max(0));
        }
        self.pool_open.set(i64::from(pool.open));
        self.pool_idle.set(i64::from(pool.idle));
        self.pool_max.set(i64::from(pool.max));
        let mut out = String::new();
        if prometheus_client::encoding::text::encode(&mut out, &self.registry).is_err() {
            out.clear();
        }
        out
    }
}

/// The process's resident memory in bytes (`VmRSS` of `/proc/self/status`); `None` where
/// there is no such file (not Linux).
pub fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.trim_start_matches("VmRSS:").trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kib * 1024)
}
