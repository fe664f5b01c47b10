//! Probes and metrics for operators: `/healthz`, `/readyz`, `/metrics`.

use std::time::Duration;

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::state::AppState;

/// How long readiness waits for the database before calling it unavailable.
/// `/readyz` answers within this, whatever the database does: a probe that times out tells
/// an orchestrator less than a prompt 503 (the manifest's probe allows 2 s).
const READY_TIMEOUT: Duration = Duration::from_millis(400);
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
    /// `ready` or `not_ready`.
    pub status: &'static str,
    /// `ok`, or why the database cannot be used.
    pub database: String,
    /// `current`, or how many migrations are pending.
    pub migrations: String,
    /// Published meetings in the search index (loaded before the server accepts requests).
    pub index_meetings: usize,
    /// True once the process was asked to stop: it finishes what it has, takes nothing new.
    pub draining: bool,
}

/// Liveness probe: the process is up.
#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, description = "Up", body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// Readiness probe: the database answers, migrations are current, the index is loaded, and the
/// process is not shutting down.
#[utoipa::path(
    get, path = "/readyz", tag = "operations",
    responses(
        (status = 200, description = "Ready for traffic", body = Readiness),
        (status = 503, description = "Not ready; the body says why", body = Readiness),
    )
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let store = state.store().clone();
    // One check at a time: while the database hangs, probes wait for the check in flight (up to
    // the timeout) instead of each parking another blocking thread on it.
    let check = actix_web::rt::time::timeout(READY_TIMEOUT, async {
        let _one = state.ready_check.lock().await;
        web::block(move || store.ping().and_then(|()| store.pending_migrations())).await
    })
    .await;
    let unavailable = |detail: &dyn std::fmt::Display| {
        // Hosts, ports and driver messages are for the log, not for anonymous callers.
        tracing::warn!(%detail, "readiness: the database is unavailable");
        ("unavailable".to_string(), "unknown".to_string())
    };
    let (database, migrations) = match check {
        Ok(Ok(Ok(0))) => ("ok".to_string(), "current".to_string()),
        Ok(Ok(Ok(n))) => ("ok".to_string(), format!("{n} pending")),
        Ok(Ok(Err(e))) => unavailable(&e),
        Ok(Err(e)) => unavailable(&e),
        Err(_) => unavailable(&"no answer within the readiness timeout"),
    };
    let draining = state.draining.load(std::sync::atomic::Ordering::Relaxed);
    let ready = database == "ok" && migrations == "current" && !draining;
    let body = Readiness {
        status: if ready { "ready" } else { "not_ready" },
        database,
        migrations,
        index_meetings: state.index().index.len(),
        draining,
    };
    if ready { HttpResponse::Ok().json(body) } else { HttpResponse::ServiceUnavailable().json(body) }
}

/// Metrics in the OpenMetrics text format (Prometheus's text exposition format, as Prometheus
/// scrapes it by default).
#[utoipa::path(
    get, path = "/metrics", tag = "operations",
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
    let body = state.metrics.render(meetings, lag, state.store().pool_state());
    HttpResponse::Ok().content_type("application/openmetrics-text; version=1.0.0; charset=utf-8").body(body)
}
