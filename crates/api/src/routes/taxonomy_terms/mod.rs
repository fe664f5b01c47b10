//! `/v1/taxonomy_terms` and `/v1/taxonomies`: the categories services are filed under.
//! Public reads from the catalog; staff writes through the store.

pub mod create;
pub mod delete;
pub mod list;
pub mod read;
pub mod taxonomies;
pub mod update;

use actix_web::web;

/// What the answers call a taxonomy term.
pub(crate) const NOUN: &str = "taxonomy term";

/// Registers the taxonomy term routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list::list)
        .service(create::create)
        .service(read::read)
        .service(update::replace)
        .service(delete::delete);
    cfg.service(taxonomies::taxonomies);
}
