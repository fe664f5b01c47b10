//! Everything an instance answers: the API's routes, the resident's pages, the API document and
//! its docs page, and the answer for anything else. Kept apart from the server's start so that
//! what is served reads in one place.

use std::sync::LazyLock;

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

/// The answer for a request no route took: 405 with `Allow` when the API document has the
/// path with other methods (RFC 9110 §15.5.6), else 404.
async fn not_found(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    if let Some(allow) = allowed_methods(req.path()) {
        // The method is the path's, but no route took it: a parameter of the wrong shape
        // (`/v1/reports/not-an-id`), so there is no such resource.
        if !allow.split(", ").any(|m| m == req.method().as_str()) {
            return Err(ApiError::MethodNotAllowed(allow));
        }
    }
    Err(ApiError::NotFound(format!("no route for {} {}", req.method(), req.path())))
}

/// The methods the API document lists for the path template `path` matches (`GET` implying
/// `HEAD`), as an `Allow` value; `None` when no documented path matches.
fn allowed_methods(path: &str) -> Option<String> {
    static TEMPLATES: LazyLock<Vec<(Vec<String>, Vec<String>)>> = LazyLock::new(|| {
        let document = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
        let Some(paths) = document.get("paths").and_then(|p| p.as_object()) else { return Vec::new() };
        paths
            .iter()
            .map(|(template, item)| {
                let segments = template.split('/').map(str::to_string).collect();
                let mut methods: Vec<String> = ["get", "put", "post", "delete", "patch"]
                    .iter()
                    .filter(|m| item.get(**m).is_some())
                    .map(|m| m.to_uppercase())
                    .collect();
                if methods.iter().any(|m| m == "GET") {
                    methods.push("HEAD".into());
                }
                (segments, methods)
            })
            .collect()
    });
    let segments: Vec<&str> = path.split('/').collect();
    let matches = |template: &[String]| {
        template.len() == segments.len()
            && template
                .iter()
                .zip(&segments)
                .all(|(t, s)| t == s || (t.starts_with('{') && t.ends_with('}') && !s.is_empty()))
    };
    // A literal segment outranks a parameter (OpenAPI: concrete paths match before templated
    // ones): `/v1/reports/stale` is its own resource, not `/v1/reports/{id}`.
    let literal = |template: &[String]| template.iter().filter(|t| !t.starts_with('{')).count();
    let matching: Vec<_> = TEMPLATES.iter().filter(|(template, _)| matches(template)).collect();
    let best = matching.iter().map(|(template, _)| literal(template)).max()?;
    let mut allowed: Vec<&str> = Vec::new();
    for (_, methods) in matching.into_iter().filter(|(template, _)| literal(template) == best) {
        for method in methods {
            if !allowed.contains(&method.as_str()) {
                allowed.push(method);
            }
        }
    }
    (!allowed.is_empty()).then(|| allowed.join(", "))
}

#[cfg(test)]
mod tests {
    use super::allowed_methods;

    #[test]
    fn documented_paths_name_their_methods() {
        assert_eq!(allowed_methods("/v1/programs").as_deref(), Some("GET, HEAD"));
        let meeting = allowed_methods("/v1/meetings/0190a5e4-0000-7000-8000-000000000000").unwrap();
        for method in ["GET", "PUT", "PATCH", "DELETE", "HEAD"] {
            assert!(meeting.contains(method), "{meeting}");
        }
        assert_eq!(allowed_methods("/v1/nothing-here"), None);
        assert_eq!(allowed_methods("/v1/meetings//"), None);
        // Literal paths outrank templates.
        assert_eq!(allowed_methods("/v1/reports/stale").as_deref(), Some("GET, HEAD"));
        assert_eq!(allowed_methods("/v1/imports/hsds").as_deref(), Some("POST"));
    }
}
