//! Which requests are public: reads answered to every origin (CORS) and open to API keys, and
//! the few writes anyone may make, where a key is accepted too.

use actix_web::http::Method;

/// Writes open to anonymous callers: a resident's report and signing in. A third-party app
/// that sends its key with every request is let through on these too.
pub const OPEN_WRITES: [&str; 4] = ["/v1/reports", "/v1/auth/token", "/v1/auth/refresh", "/v1/auth/logout"];

/// True for a write anyone may make (see [`OPEN_WRITES`]).
pub fn is_open_write(method: &Method, path: &str) -> bool {
    *method == Method::POST && OPEN_WRITES.contains(&path)
}

/// True for a read every origin may make.
pub fn is_public_read(method: &Method, path: &str) -> bool {
    // A meeting's history is the staff audit trail, under the public meetings path.
    if path.starts_with("/v1/meetings/") && path.ends_with("/history") {
        return false;
    }
    let under = |root: &str| path == root || path.strip_prefix(root).is_some_and(|rest| rest.starts_with('/'));
    matches!(*method, Method::GET | Method::HEAD)
        && (under("/v1/meetings")
            || under("/v1/regions")
            || under("/v1/programs")
            || under("/v1/search")
            || under("/v1/services")
            || under("/v1/organizations")
            || under("/v1/locations")
            || under("/v1/taxonomies")
            || under("/v1/taxonomy_terms")
            || path.starts_with("/feeds/")
            || under("/hsds")
            || path == "/openapi.json")
}
