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

use recovery_domain::UserId;

use crate::error::ApiError;

/// Reads a user id from a path segment; anything else names no user.
pub(crate) fn parse_id(raw: &str) -> Result<UserId, ApiError> {
    raw.parse().map_err(|_| ApiError::NotFound(format!("no user with id `{}`", crate::extract::query::shorten(raw))))
}
