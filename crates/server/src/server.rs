//! Building and running the HTTP server.

use std::sync::Arc;
use std::time::Duration;

use actix_web::middleware::from_fn;
use actix_web::{HttpRequest, HttpResponse, HttpServer, web};
use anyhow::Context;
use recovery_app::{Defaults, Directory};
use recovery_store::Store;
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

use crate::config::ServerSettings;
use crate::demo;
use recovery_api::auth::TokenKeys;
use recovery_api::error::ApiError;
use recovery_api::openapi::ApiDoc;
use recovery_api::routes;
use recovery_api::state::AppState;

/// Registers everything an instance serves (routes, docs, error handlers) for `state`.
pub fn configure(cfg: &mut web::ServiceConfig, state: web::Data<AppState>) {
    cfg.app_data(state)
        .app_data(web::QueryConfig::default().error_handler(|e, _| ApiError::bad_field("query", e.to_string()).into()))
        .app_data(web::PathConfig::default().error_handler(|e, _| ApiError::bad_field("path", e.to_string()).into()))
        .configure(routes::configure)
        // The resident's pages: HTML, not API, so they stay out of the OpenAPI document.
        .configure(recovery_web::configure)
        .route(
            "/docs",
            web::get()
                .to(|| async { HttpResponse::PermanentRedirect().insert_header(("Location", "/docs/")).finish() }),
        )
        .service(SwaggerUi::new("/docs/{_:.*}").url("/openapi.json", ApiDoc::openapi()))
        .default_service(web::to(not_found));
}

async fn not_found(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound(format!("no route for {} {}", req.method(), req.path())))
}

/// Opens the store, loads the index (and demo data if asked), and serves until stopped.
pub async fn serve(settings: ServerSettings) -> anyhow::Result<()> {
    let url = settings.common.database_url.clone();
    let store = web::block(move || Store::open(&url)).await?.context("opening the database")?;
    if settings.demo {
        let store = store.clone();
        let ctx_tz = settings.common.default_timezone;
        let loaded = web::block(move || demo::load_if_empty(&store, ctx_tz)).await??;
        if loaded != demo::Loaded::default() {
            tracing::info!(meetings = loaded.meetings, services = loaded.services, "loaded demo data");
        }
    }
    let loader = store.clone();
    let fallback_tz = settings.common.default_timezone;
    let index =
        web::block(move || Directory::load_index(&loader, fallback_tz)).await?.context("loading the search index")?;
    tracing::info!(meetings = index.index.len(), services = index.agencies.service_count(), "search index loaded");
    let defaults =
        Defaults { timezone: settings.common.default_timezone, program: settings.common.default_program.clone() };
    let importer = settings.import.importer(store.clone());
    let directory = Arc::new(Directory::new(store, index, importer, defaults));
    let state = web::Data::new(AppState::new(
        directory.clone(),
        TokenKeys::new(&settings.jwt_secret),
        settings.public_url.clone(),
    ));

    let interval = Duration::from_millis(settings.follow_interval_ms.max(50));
    recovery_app::spawn_follower(directory.clone(), interval);
    recovery_app::retention::spawn(directory.store().clone(), settings.report_email_retention_days);
    recovery_app::scheduler::spawn(directory, settings.sync_tick);

    // Shared by every worker: buckets and checked keys are per process, not per worker.
    let limits = web::Data::new(crate::rate_limit::RateLimits::new(settings.rate_limits));
    let api_keys = web::Data::new(recovery_api::auth::api_key::ApiKeyCache::default());
    let cors = web::Data::new(crate::cors::CorsPolicy::new(&settings.cors_allowed_origins));
    let pages = web::Data::new(settings.pages.clone());
    crate::rate_limit::spawn_pruning(limits.clone(), api_keys.clone());

    let drain = state.clone();
    let server = HttpServer::new(move || {
        let state = state.clone();
        // Outermost last: observe sees every answer; security headers and CORS go on refusals too.
        actix_web::App::new()
            .app_data(limits.clone())
            .app_data(api_keys.clone())
            .app_data(cors.clone())
            .app_data(pages.clone())
            .wrap(from_fn(crate::rate_limit::enforce))
            .wrap(from_fn(crate::cors::apply))
            .wrap(from_fn(crate::security_headers::apply))
            .wrap(from_fn(crate::middleware::observe))
            .configure(move |cfg| configure(cfg, state))
    })
    .disable_signals()
    .bind(&settings.bind)
    .with_context(|| format!("binding {}", settings.bind))?
    .run();
    let handle = server.handle();
    let delay = Duration::from_millis(settings.shutdown_delay_ms);
    actix_web::rt::spawn(async move {
        stop_signal().await;
        // Fail readiness first, so load balancers stop sending new requests, then stop
        // accepting and let the requests in flight finish.
        drain.draining.store(true, std::sync::atomic::Ordering::Relaxed);
        tracing::info!(delay_ms = delay.as_millis() as u64, "stop signal received; draining");
        actix_web::rt::time::sleep(delay).await;
        handle.stop(true).await;
    });
    tracing::info!(bind = %settings.bind, "serving");
    server.await.context("serving HTTP")
}

/// Resolves on SIGTERM or SIGINT (Ctrl-C).
async fn stop_signal() {
    use actix_web::rt::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut terminate) => {
            tokio::select! {
                _ = terminate.recv() => {}
                _ = actix_web::rt::signal::ctrl_c() => {}
            }
        }
        Err(e) => {
            tracing::warn!(error = %e, "cannot listen for SIGTERM; stopping on Ctrl-C only");
            let _ = actix_web::rt::signal::ctrl_c().await;
        }
    }
}
