//! HTTP routes, one module per resource, and the one list that registers each of them.

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
pub mod public;
pub mod regions;
pub mod reports;
pub mod search;
pub mod services;
pub mod sources;
pub mod taxonomy_terms;
pub mod users;

// Named here by the server's CORS check; defined apart so that the API-key docs can ask it too
// without importing the route list (and so every handler).
pub use public::is_public_read;

use actix_web::web;
use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every route on the server's actix config (the OpenAPI document is built from the
/// same [`register`]).
pub fn configure(cfg: &mut web::ServiceConfig) {
    register(&mut ServiceConfig::new(cfg));
}

/// Every route, each registered once: `service` mounts the handler and adds its
/// `#[utoipa::path]` entry to the OpenAPI document, so a route cannot be served undocumented or
/// documented unserved. A new route is its file and one line here.
///
/// The order is the document's path order. It is also the order actix tries routes in, which
/// matters only where two routes of one method could match one path: none do today, but a
/// `GET /v1/reports/{id}` would have to come after `GET /v1/reports/stale`.
pub fn register(cfg: &mut ServiceConfig) {
    cfg.service(health::healthz).service(health::readyz).service(health::metrics);
    cfg.service(auth::token::token).service(auth::refresh::refresh).service(auth::logout::logout);
    cfg.service(users::list::list)
        .service(users::create::create)
        .service(users::read::read)
        .service(users::update::update)
        .service(users::password::change_password);
    cfg.service(meetings::search::search)
        .service(meetings::create::create)
        .service(meetings::read::read)
        .service(meetings::update::replace)
        .service(meetings::update::patch)
        .service(meetings::delete::archive)
        .service(meetings::history::history)
        .service(meetings::scrub::scrub)
        .service(meetings::verify::verify);
    cfg.service(regions::regions).service(programs::list).service(programs::types);
    cfg.service(feeds::meeting_guide);
    cfg.service(api_keys::list::list)
        .service(api_keys::create::create)
        .service(api_keys::read::read)
        .service(api_keys::revoke::revoke);
    cfg.service(changes::list::list);
    cfg.service(reports::create::create)
        .service(reports::list::list)
        .service(reports::update::update)
        .service(reports::stale::stale);
    cfg.service(organizations::list::list)
        .service(organizations::create::create)
        .service(organizations::read::read)
        .service(organizations::update::replace)
        .service(organizations::delete::delete);
    cfg.service(locations::list::list)
        .service(locations::create::create)
        .service(locations::read::read)
        .service(locations::update::replace)
        .service(locations::delete::delete);
    cfg.service(services::search::search)
        .service(services::create::create)
        .service(services::read::read)
        .service(services::update::replace)
        .service(services::delete::delete);
    cfg.service(taxonomy_terms::list::list)
        .service(taxonomy_terms::create::create)
        .service(taxonomy_terms::read::read)
        .service(taxonomy_terms::update::replace)
        .service(taxonomy_terms::delete::delete)
        .service(taxonomy_terms::taxonomies::taxonomies);
    cfg.service(search::search);
    cfg.service(hsds::root::root)
        // `/hsds/` with the slash answers as `/hsds` does; the document lists the one.
        .map(|cfg| cfg.service(hsds::root::root_slash))
        .service(hsds::services::list)
        .service(hsds::service::read)
        .service(hsds::organizations::list)
        .service(hsds::organization::read)
        .service(hsds::service_at_locations::list)
        .service(hsds::service_at_location::read)
        .service(hsds::taxonomies::list)
        .service(hsds::taxonomy::read)
        .service(hsds::taxonomy_terms::list)
        .service(hsds::taxonomy_term::read);
    cfg.service(imports::hsds::import);
    cfg.service(sources::list::list)
        .service(sources::create::create)
        .service(sources::read::read)
        .service(sources::update::replace)
        .service(sources::delete::delete)
        .service(sources::sync::sync)
        .service(sources::runs::list);
    cfg.service(imports::runs::read);
    cfg.service(flagged::list).service(duplicates::list);
}
