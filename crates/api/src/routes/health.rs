//! Probes and metrics for operators: `/healthz`, `/readyz`, `/metrics`.

use std::time::Duration;

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::readiness::{self, Database};
use crate::state::AppState;

/// How long `/metrics` waits for the change-log position before leaving the lag as it was.
const METRICS_DB_TIMEOUT: Duration = Duration::from_millis(500);

/// Liveness.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok`.
    pub status: &'static str,
}

/// Readiness, with each check's finding.
#[derive(Debug, Serialize, ToSchema)]
pub struct Readiness {
    /// `ready` (the database answers, migrations are current, not draining: reads are served,
    /// and writes too unless `writable` is false) or `not_ready`.
    pub status: &'static str,
    /// `ok`, `unavailable` (no answer, or not within 2 s; the reason is logged), or
    /// `not_checked` (just started).
    pub database: String,
    /// `current`, `N pending`, or `unknown` while the database does not answer.
    pub migrations: String,
    /// False while the store cannot take writes (a full disk, files it may not write, a
    /// read-only or unreachable database): reads go on, writes answer 503. Not a condition of
    /// `ready`, so a replica that can only read stays in rotation for reads.
    pub writable: bool,
    /// Published meetings in the search index (loaded before the server accepts requests).
    pub index_meetings: usize,
    /// True once the process was asked to stop: it finishes what it has, takes nothing new.
    pub draining: bool,
    /// When the database was last checked (RFC 3339, UTC). Checks run every second in the
    /// background; this answer never waits for one.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub checked_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Liveness probe: the process is up.
#[utoipa::path(
    operation_id = "healthz", get, path = "/healthz", tag = "operations", security(()), responses((status = 200, description = "Up", body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// Readiness probe: the database answers, migrations are current, the index is loaded, and the
/// process is not shutting down. Answered at once from the last background check (every
/// second), whatever the database does; `writable` says whether writes can be taken.
#[utoipa::path(
    operation_id = "readyz",
    get, path = "/readyz", tag = "operations", security(()),
    responses(
        (status = 200, description = "Ready for traffic (for writes too when `writable`)", body = Readiness),
        (status = 503, description = "Not ready; the body says why", body = Readiness),
    )
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let finding = state.last_check.get();
    let (database, migrations) = match finding.database {
        Database::Answered { pending_migrations: 0 } => ("ok".to_string(), "current".to_string()),
        Database::Answered { pending_migrations } => ("ok".to_string(), format!("{pending_migrations} pending")),
        Database::Unavailable => ("unavailable".to_string(), "unknown".to_string()),
        Database::NotChecked => ("not_checked".to_string(), "unknown".to_string()),
    };
    let draining = state.draining.load(std::sync::atomic::Ordering::Relaxed);
    let ready = database == "ok" && migrations == "current" && !draining;
    let body = Readiness {
        status: if ready { "ready" } else { "not_ready" },
        database,
        migrations,
        writable: readiness::writable(&state),
        index_meetings: state.index().index.len(),
        draining,
        checked_at: finding.checked_at,
    };
    if ready { HttpResponse::Ok().json(body) } else { HttpResponse::ServiceUnavailable().json(body) }
}

/// Metrics in the OpenMetrics text format (Prometheus's text exposition format, as Prometheus
/// scrapes it by default).
#[utoipa::path(
    operation_id = "metrics",
    get, path = "/metrics", tag = "operations", security(()),
    responses((status = 200, description = "OpenMetrics text exposition", content_type = "application/openmetrics-text", body = String))
)]
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    let latest = {
        let store = state.store().clone();
        // Metrics matter most during an outage: do not wait on the database for them.
        actix_web::rt::time::timeout(METRICS_DB_TIMEOUT, web::block(move || store.latest_change_seq()))
            .await
            .ok()
            .and_then(Result::ok)
            .and_then(Result::ok)
    };
    let (meetings, followed, generation, visited) = {
        let index = state.index();
        (index.index.len(), index.followed_seq, index.generation, index.index.visited())
    };
    state.metrics.observe_held(crate::metrics::HeldState { generation, visited, feeds: state.feeds.size() });
    let lag = latest.map(|latest| latest - followed);
    state.metrics.set_store_writable(readiness::writable(&state));
    let body = state.metrics.render(meetings, lag, state.store().pool_state());
    HttpResponse::Ok().content_type("application/openmetrics-text; version=1.0.0; charset=utf-8").body(body)
}
