//! Starting the server: open the database, load demo data when asked, load the search index,
//! start the background tasks (readiness and write checks, following other writers, erasing
//! old reporters' emails, the sync scheduler), then serve until a stop signal, draining first.

use std::sync::Arc;
use std::time::Duration;

use actix_web::middleware::from_fn;
use actix_web::{HttpServer, web};
use anyhow::Context;
use recovery_api::auth::TokenKeys;
use recovery_app::{Defaults, Directory};
use recovery_store::Store;

use super::middleware::{cors, head, observe, rate_limit, security_headers};
use super::routes::configure;
use super::shutdown::stop_signal;
use crate::demo;
use crate::settings::serve::ServerSettings;
use recovery_api::state::AppState;

/// The target of this module's log lines, from before it moved (see the `http` module docs).
const TARGET: &str = "recovery_server::server";

/// Opens the store, loads the index (and demo data if asked), and serves until stopped.
pub async fn serve(settings: ServerSettings) -> anyhow::Result<()> {
    let url = settings.common.database_url.clone();
    let timeout = settings.database_timeout;
    let store = web::block(move || Store::open_with_timeout(&url, timeout)).await?.context("opening the database")?;
    if settings.demo {
        let store = store.clone();
        let ctx_tz = settings.common.default_timezone;
        let loaded = web::block(move || demo::load_if_empty(&store, ctx_tz)).await??;
        if loaded != demo::Loaded::default() {
            tracing::info!(target: TARGET, meetings = loaded.meetings, services = loaded.services, "loaded demo data");
        }
    }
    let loader = store.clone();
    let fallback_tz = settings.common.default_timezone;
    let index =
        web::block(move || Directory::load_index(&loader, fallback_tz)).await?.context("loading the search index")?;
    tracing::info!(target: TARGET, meetings = index.index.len(), services = index.agencies.service_count(), "search index loaded");
    let defaults =
        Defaults { timezone: settings.common.default_timezone, program: settings.common.default_program.clone() };
    let importer = settings.import.importer(store.clone());
    let directory = Arc::new(Directory::new(store, index, importer, defaults));
    let mut state = AppState::new(directory.clone(), TokenKeys::new(&settings.jwt_secret), settings.public_url.clone());
    state.default_place = settings.common.default_place.clone();
    let state = web::Data::new(state);
    // The first readiness finding before the first request, then one a second in the background.
    state.last_check.check(state.store()).await;
    recovery_api::readiness::spawn(state.clone());

    // A floor, so that a tiny interval cannot turn following into a busy loop on the database.
    let interval = settings.follow_interval.max(Duration::from_millis(50));
    recovery_app::spawn_follower(directory.clone(), interval);
    recovery_app::retention::spawn(directory.store().clone(), settings.report_email_retention_days);
    recovery_app::scheduler::spawn(directory, settings.sync_tick);

    // Shared by every worker: buckets and checked keys are per process, not per worker.
    let limits = web::Data::new(rate_limit::RateLimits::new(settings.rate_limits));
    let api_keys = web::Data::new(recovery_api::auth::api_key::ApiKeyCache::default());
    let cors_policy = web::Data::new(cors::CorsPolicy::new(&settings.cors_allowed_origins));
    let pages = web::Data::new(settings.pages.clone());
    rate_limit::spawn_pruning(limits.clone(), api_keys.clone());

    let drain = state.clone();
    let server = HttpServer::new(move || {
        let state = state.clone();
        // Outermost last: observe sees every answer; security headers and CORS go on refusals too.
        actix_web::App::new()
            .app_data(limits.clone())
            .app_data(api_keys.clone())
            .app_data(cors_policy.clone())
            .app_data(pages.clone())
            .wrap(from_fn(head::route_as_get))
            .wrap(from_fn(rate_limit::enforce))
            .wrap(from_fn(cors::apply))
            .wrap(from_fn(security_headers::apply))
            .wrap(from_fn(observe::observe))
            .configure(move |cfg| configure(cfg, state))
    })
    .disable_signals()
    .bind(&settings.bind)
    .with_context(|| format!("binding {}", settings.bind))?
    .run();
    let handle = server.handle();
    let delay = settings.shutdown_delay;
    actix_web::rt::spawn(async move {
        stop_signal().await;
        // Fail readiness first, so load balancers stop sending new requests, then stop
        // accepting and let the requests in flight finish.
        drain.draining.store(true, std::sync::atomic::Ordering::Relaxed);
        tracing::info!(target: TARGET, delay_ms = delay.as_millis() as u64, "stop signal received; draining");
        actix_web::rt::time::sleep(delay).await;
        handle.stop(true).await;
    });
    tracing::info!(target: TARGET, bind = %settings.bind, "serving");
    server.await.context("serving HTTP")
}
