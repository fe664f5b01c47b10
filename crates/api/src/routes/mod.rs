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
