//! `/v1/users`: staff accounts, managed by admins; `/v1/users/me/password` for everyone.
//!
//! Responses never carry password hashes: they show [`view::UserView`], made from the domain
//! `User`, which has none. Every change is logged by the store (entity `user`).

pub mod create;
pub mod list;
pub mod password;
pub mod read;
pub mod update;
pub mod view;

use actix_web::web;
use recovery_domain::UserId;

use crate::error::ApiError;

/// Registers the user routes (`/v1/users/me/password` before `/v1/users/{id}`).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(password::change_password)
        .service(list::list)
        .service(create::create)
        .service(read::read)
        .service(update::update);
}

/// Reads a user id from a path segment; anything else names no user.
pub(crate) fn parse_id(raw: &str) -> Result<UserId, ApiError> {
    raw.parse().map_err(|_| ApiError::NotFound(format!("no user with id `{}`", crate::extract::query::shorten(raw))))
}
