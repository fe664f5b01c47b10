//! Which requests are public reads: answered to every origin (CORS), and open to API keys.

use actix_web::http::Method;

/// True for a read every origin may make.
pub fn is_public_read(method: &Method, path: &str) -> bool {
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
