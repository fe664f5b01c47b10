//! `/v1/locations`: where agencies deliver services. Public reads from the catalog; staff
//! writes through the store.

pub mod create;
pub mod delete;
pub mod list;
pub mod read;
pub mod update;

use actix_web::web;

/// What the answers call a location.
pub(crate) const NOUN: &str = "location";

/// Registers the location routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list::list)
        .service(create::create)
        .service(read::read)
        .service(update::replace)
        .service(delete::delete);
}
