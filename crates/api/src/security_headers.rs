//! Security headers on every answer, errors and refusals included.
//!
//! The API answers JSON only, so its content security policy allows nothing at all; the
//! Swagger UI under `/docs/` gets a policy that lets its own (vendored, same-origin) scripts,
//! styles and images load, and nothing from elsewhere. No page of ours may be framed. An
//! answer to a request that carried credentials, and every sign-in answer, is `no-store`:
//! it may hold private contacts or a token, and must not sit in a shared or disk cache —
//! unless the route already made it `private` (staff reads revalidated with their `ETag`).

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::middleware::Next;

use crate::auth::api_key::API_KEY_HEADER;

/// The policy of API answers: JSON needs nothing, and may not be framed.
pub const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/// The policy of the Swagger UI: its own scripts and styles (Swagger UI sets inline styles),
/// its own and `data:` images (icons in its stylesheet), calls to this API only.
pub const DOCS_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; font-src 'self' data:; connect-src 'self'; manifest-src 'self'; \
    frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

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
    default_header(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    default_header(headers, header::REFERRER_POLICY, "no-referrer");
    default_header(headers, header::X_FRAME_OPTIONS, "DENY");
    default_header(headers, header::CONTENT_SECURITY_POLICY, if docs { DOCS_CSP } else { API_CSP });
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
    let docs = is_docs(req.path());
    let private = private_answer(&req);
    // (The request must not be cloned here: routing needs it unshared.)
    let mut response = next.call(req).await?;
    write(response.headers_mut(), docs, private);
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
        let mut revalidated = HeaderMap::new();
        revalidated.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
        write(&mut revalidated, false, true);
        assert_eq!(revalidated.get(header::CACHE_CONTROL).unwrap(), "private, no-cache");
    }
}
