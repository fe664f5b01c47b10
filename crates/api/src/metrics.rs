//! Prometheus metrics: requests and their latency by route and status, the index's size, how
//! far this process is behind the change log, database pool use, and whether the store takes
//! writes.

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
