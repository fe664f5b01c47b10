//! `/v1/services`: the public search of services at their locations, from the catalog; reads
//! of one service; staff writes through the store.

pub mod create;
pub mod delete;
pub mod item;
pub mod read;
pub mod search;
pub mod update;

use actix_web::web;

/// What the answers call a service.
pub(crate) const NOUN: &str = "service";

/// Registers the service routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(search::search)
        .service(create::create)
        .service(read::read)
        .service(update::replace)
        .service(delete::delete);
}
