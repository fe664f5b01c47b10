//! `/v1/organizations`: the agencies themselves. Public reads from the catalog; staff writes
//! through the store.

pub mod create;
pub mod delete;
pub mod list;
pub mod read;
pub mod update;

use actix_web::web;

/// What the answers call an organization.
pub(crate) const NOUN: &str = "organization";

/// Registers the organization routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list::list)
        .service(create::create)
        .service(read::read)
        .service(update::replace)
        .service(delete::delete);
}
