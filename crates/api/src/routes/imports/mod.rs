//! `/v1/imports`: bringing listings in from other systems (staff only).

pub mod hsds;
pub mod runs;

use actix_web::web;

/// Registers the import routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(hsds::import).service(runs::read);
}
