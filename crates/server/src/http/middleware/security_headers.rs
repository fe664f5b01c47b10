//! Security headers on every answer, errors and refusals included.
//!
//! The API answers JSON only, so its content security policy allows nothing at all; the
//! Swagger UI under `/docs/` gets a policy that lets its own (vendored, same-origin) scripts,
//! styles and images load, and nothing from elsewhere; the resident's pages (`/`, `/meetings/…`,
//! `/services/…`, `/report…`, `/assets/…`) and the staff console (`/staff/…`) get one that allows their own script, stylesheet
//! and forms, and nothing from elsewhere either. No page of ours may be framed. An
//! answer to a request that carried credentials, and every sign-in answer, is `no-store`:
//! it may hold private contacts or a token, and must not sit in a shared or disk cache —
//! unless the route already made it `private` (staff reads revalidated with their `ETag`).

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::middleware::Next;

use recovery_api::auth::api_key::API_KEY_HEADER;

/// The policy of API answers: JSON needs nothing, and may not be framed.
pub const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/// The policy of the Swagger UI: its own scripts and styles (Swagger UI sets inline styles),
/// its own and `data:` images (icons in its stylesheet), calls to this API only.
pub const DOCS_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; font-src 'self' data:; connect-src 'self'; manifest-src 'self'; \
    frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// The policy of the resident's pages: their own script and stylesheet (no inline code), forms
/// posting back here, `data:` images, calls to this server only.
pub const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    form-action 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";

/// True for the paths of the resident's pages and their assets.
pub(crate) fn is_page(path: &str) -> bool {
    path == "/"
        || path == "/report"
        || path == "/staff"
        || ["/meetings/", "/services/", "/report/", "/assets/", "/staff/"].iter().any(|prefix| path.starts_with(prefix))
}

/// True for the paths of the Swagger UI.
fn is_docs(path: &str) -> bool {
    path == "/docs" || path.starts_with("/docs/")
}

/// True when the answer must not be stored by any cache.
fn private_answer(req: &ServiceRequest) -> bool {
    let headers = req.headers();
    headers.contains_key(header::AUTHORIZATION)
        || headers.contains_key(API_KEY_HEADER)
        || req.path().starts_with("/v1/auth/")
}

/// Sets `name` unless the route set it already.
fn default_header(headers: &mut HeaderMap, name: HeaderName, value: &'static str) {
    if !headers.contains_key(&name) {
        headers.insert(name, HeaderValue::from_static(value));
    }
}

/// Writes the security headers on `headers`.
pub fn write(headers: &mut HeaderMap, docs: bool, private: bool) {
    write_with_policy(headers, if docs { DOCS_CSP } else { API_CSP }, private);
}

/// Writes the security headers on `headers`, with `csp` as the content security policy.
pub fn write_with_policy(headers: &mut HeaderMap, csp: &'static str, private: bool) {
    default_header(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    default_header(headers, header::REFERRER_POLICY, "no-referrer");
    default_header(headers, header::X_FRAME_OPTIONS, "DENY");
    default_header(headers, header::CONTENT_SECURITY_POLICY, csp);
    let kept_private = headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("private") || v.contains("no-store"));
    if private && !kept_private {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
}

/// The middleware.
pub async fn apply(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, Error> {
    let csp = match req.path() {
        path if is_docs(path) => DOCS_CSP,
        path if is_page(path) => PAGE_CSP,
        _ => API_CSP,
    };
    let private = private_answer(&req);
    // (The request must not be cloned here: routing needs it unshared.)
    let mut response = next.call(req).await?;
    write_with_policy(response.headers_mut(), csp, private);
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_make_answers_private() {
        let mut headers = HeaderMap::new();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=60"));
        write(&mut headers, false, true);
        assert_eq!(headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
        assert_eq!(headers.get(header::CONTENT_SECURITY_POLICY).unwrap(), API_CSP);
        assert_eq!(headers.get(header::X_FRAME_OPTIONS).unwrap(), "DENY");
        let mut public = HeaderMap::new();
        public.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=60"));
        write(&mut public, true, false);
        assert_eq!(public.get(header::CACHE_CONTROL).unwrap(), "public, max-age=60");
        assert_eq!(public.get(header::CONTENT_SECURITY_POLICY).unwrap(), DOCS_CSP);
        assert!(is_docs("/docs/") && is_docs("/docs") && !is_docs("/docsx"));
        assert!(is_page("/") && is_page("/meetings/a-slug") && is_page("/report") && is_page("/assets/app.js"));
        assert!(is_page("/staff/") && is_page("/staff/meetings") && !is_page("/staffing"));
        assert!(!is_page("/v1/meetings") && !is_page("/reports") && !is_page("/hsds/services"));
        let mut revalidated = HeaderMap::new();
        revalidated.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
        write(&mut revalidated, false, true);
        assert_eq!(revalidated.get(header::CACHE_CONTROL).unwrap(), "private, no-cache");
    }
}
