//! HTTP routes, one module per resource.

pub mod agency_write;
pub mod api_keys;
pub mod auth;
pub mod changes;
pub mod duplicates;
pub mod feeds;
pub mod flagged;
pub mod health;
pub mod hsds;
pub mod imports;
pub mod locations;
pub mod meetings;
pub mod organizations;
pub mod programs;
pub mod regions;
pub mod reports;
pub mod search;
pub mod services;
pub mod sources;
pub mod taxonomy_terms;
pub mod users;

use actix_web::http::Method;
use actix_web::web;

/// Registers every route.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(health::healthz)
        .service(health::readyz)
        .service(health::metrics)
        .service(auth::token::token)
        .service(auth::refresh::refresh)
        .service(auth::logout::logout)
        .configure(users::configure)
        .configure(meetings::configure)
        .service(regions::regions)
        .service(programs::list)
        .service(programs::types)
        .service(feeds::meeting_guide)
        .configure(reports::configure)
        .configure(api_keys::configure);
    cfg.configure(changes::configure);
    cfg.configure(hsds::configure);
    cfg.configure(imports::configure);
    cfg.configure(sources::configure).service(duplicates::list).service(flagged::list);
    cfg.configure(organizations::configure)
        .configure(locations::configure)
        .configure(services::configure)
        .configure(taxonomy_terms::configure)
        .service(search::search);
}

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
