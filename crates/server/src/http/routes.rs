//! Everything an instance answers: the API's routes, the resident's pages, the API document and
//! its docs page, and the answer for anything else. Kept apart from the server's start so that
//! what is served reads in one place.

use actix_web::{HttpRequest, HttpResponse, web};
use recovery_api::error::ApiError;
use recovery_api::openapi::ApiDoc;
use recovery_api::routes;
use recovery_api::state::AppState;
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

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
