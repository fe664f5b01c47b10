//! Cross-origin requests from browsers: the one place CORS headers are written.
//!
//! Public reads (`GET`/`HEAD` of meetings, agencies and their search, regions, programs, feeds,
//! the HSDS API under `/hsds` and the API document) are
//! open to every origin with `Access-Control-Allow-Origin: *`: they need no credentials, and
//! nothing here uses cookies, so a foreign page can read no more than anyone could. Everything
//! else (writes, staff routes) is open only to the origins configured in
//! `cors_allowed_origins` (`RD_CORS_ORIGINS`), which are echoed back; any other origin gets no
//! CORS headers at all, and its preflight a 403.
//!
//! `actix-cors` was considered: it has one policy per wrapped scope and echoes the origin
//! rather than answering `*`, while our routes are registered flat and need a policy per
//! method and path.

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse, ResponseError, web};

use recovery_api::error::ApiError;
use recovery_api::routes::is_public_read;

/// Headers a browser may send cross-origin.
pub const ALLOW_HEADERS: &str = "Authorization, X-API-Key, Content-Type, If-None-Match, X-Request-Id";
/// Methods of public reads.
pub const PUBLIC_METHODS: &str = "GET, HEAD, OPTIONS";
/// Methods configured origins may use.
pub const ALL_METHODS: &str = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
/// Response headers a browser script may read.
pub const EXPOSE_HEADERS: &str =
    "ETag, Location, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, X-Request-Id";
/// How long a browser may cache a preflight answer, in seconds (browsers cap it at 2 hours).
pub const MAX_AGE_SECS: u32 = 7200;

/// Which origins may call what.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CorsPolicy {
    /// Origins allowed everywhere, lowercase without a trailing slash; `*` allows any.
    origins: Vec<String>,
}

impl CorsPolicy {
    /// A policy allowing `origins` (as in `cors_allowed_origins`) on every route.
    pub fn new(origins: &[String]) -> CorsPolicy {
        CorsPolicy { origins: origins.iter().map(|o| o.trim_end_matches('/').to_ascii_lowercase()).collect() }
    }

    fn allows(&self, origin: &str) -> bool {
        let origin = origin.to_ascii_lowercase();
        self.origins.iter().any(|o| o == "*" || *o == origin)
    }
}

/// What a request gets: `*`, its own origin echoed, or nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Grant {
    Any,
    Origin(HeaderValue),
    None,
}

fn grant(policy: &CorsPolicy, origin: Option<&HeaderValue>, method: &Method, path: &str) -> Grant {
    if is_public_read(method, path) {
        return Grant::Any;
    }
    match origin {
        Some(origin) if origin.to_str().is_ok_and(|o| policy.allows(o)) => Grant::Origin(origin.clone()),
        _ => Grant::None,
    }
}

fn write_grant(headers: &mut HeaderMap, grant: &Grant, configured: bool) {
    match grant {
        Grant::Any => {
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
        }
        Grant::Origin(origin) => {
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
        }
        Grant::None => {}
    }
    if *grant != Grant::Any && configured {
        // The answer depends on the origin: caches must keep one per origin.
        headers.append(header::VARY, HeaderValue::from_static("Origin"));
    }
}

/// The middleware: answers preflights, and adds CORS headers to every other answer.
pub async fn apply(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody + 'static, BoxBody>>, Error> {
    let policy = req.app_data::<web::Data<CorsPolicy>>().map(|p| p.get_ref().clone()).unwrap_or_default();
    let configured = !policy.origins.is_empty();
    let origin = req.headers().get(header::ORIGIN).cloned();
    let requested = req
        .headers()
        .get(header::ACCESS_CONTROL_REQUEST_METHOD)
        .and_then(|m| m.to_str().ok())
        .and_then(|m| m.parse::<Method>().ok());
    if let (true, Some(_), Some(method)) = (req.method() == Method::OPTIONS, &origin, &requested) {
        let grant = grant(&policy, origin.as_ref(), method, req.path());
        let response = preflight(&grant, configured);
        return Ok(req.into_response(response).map_into_right_body());
    }
    let grant = grant(&policy, origin.as_ref(), req.method(), req.path());
    let mut response = next.call(req).await?;
    let headers = response.headers_mut();
    write_grant(headers, &grant, configured);
    if grant != Grant::None {
        headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(EXPOSE_HEADERS));
    }
    Ok(response.map_into_left_body())
}

/// The answer to a preflight: 204 with what may be sent, or a 403 without CORS headers.
fn preflight(grant: &Grant, configured: bool) -> HttpResponse {
    let mut response = match grant {
        Grant::None => ApiError::Forbidden("this origin may not make this request".into()).error_response(),
        _ => HttpResponse::build(StatusCode::NO_CONTENT).finish(),
    };
    let headers = response.headers_mut();
    write_grant(headers, grant, configured);
    if *grant == Grant::None {
        return response;
    }
    let methods = if *grant == Grant::Any { PUBLIC_METHODS } else { ALL_METHODS };
    headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static(methods));
    headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static(ALLOW_HEADERS));
    headers.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from(MAX_AGE_SECS));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_reads_are_gets_of_public_paths() {
        for path in [
            "/v1/meetings",
            "/v1/meetings/abc",
            "/v1/regions",
            "/v1/programs/aa/types",
            "/feeds/x.json",
            "/v1/search",
            "/v1/services/abc",
            "/v1/taxonomy_terms",
            "/hsds",
            "/hsds/services",
        ] {
            assert!(is_public_read(&Method::GET, path), "{path}");
            assert!(is_public_read(&Method::HEAD, path), "{path}");
            assert!(!is_public_read(&Method::POST, path), "{path}");
        }
        assert!(is_public_read(&Method::GET, "/openapi.json"));
        for path in ["/v1/meetingsx", "/v1/api-keys", "/v1/users", "/v1/reports", "/docs/", "/v1/auth/token"] {
            assert!(!is_public_read(&Method::GET, path), "{path}");
        }
    }

    #[test]
    fn only_configured_origins_are_echoed() {
        let policy = CorsPolicy::new(&["https://Admin.example.org/".to_string()]);
        let ours = HeaderValue::from_static("https://admin.example.org");
        let theirs = HeaderValue::from_static("https://evil.example");
        assert_eq!(grant(&policy, Some(&ours), &Method::POST, "/v1/meetings"), Grant::Origin(ours.clone()));
        assert_eq!(grant(&policy, Some(&theirs), &Method::POST, "/v1/meetings"), Grant::None);
        assert_eq!(grant(&policy, Some(&theirs), &Method::GET, "/v1/meetings"), Grant::Any);
        assert_eq!(grant(&CorsPolicy::default(), Some(&ours), &Method::DELETE, "/v1/meetings/x"), Grant::None);
        let any = CorsPolicy::new(&["*".to_string()]);
        assert_eq!(grant(&any, Some(&theirs), &Method::POST, "/v1/reports"), Grant::Origin(theirs));
    }
}
