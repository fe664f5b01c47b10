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

use recovery_domain::validation::is_plausible_email;
use recovery_domain::{FieldError, UserId};

use crate::auth::password::MIN_PASSWORD_LEN;
use crate::error::ApiError;

/// The longest accepted email address (RFC 5321's path limit).
pub const MAX_EMAIL_LEN: usize = 254;
/// The longest accepted password.
pub const MAX_PASSWORD_LEN: usize = 1024;

/// Reads a user id from a path segment; anything else names no user.
pub(crate) fn parse_id(raw: &str) -> Result<UserId, ApiError> {
    raw.parse().map_err(|_| ApiError::NotFound(format!("no user with id `{}`", crate::extract::query::shorten(raw))))
}

/// The problem with `email` as a sign-in address, if any (as a field error on `field`).
pub(crate) fn email_error(field: &str, email: &str) -> Option<FieldError> {
    let email = email.trim();
    let message = if email.chars().count() > MAX_EMAIL_LEN {
        format!("must be at most {MAX_EMAIL_LEN} characters")
    } else if !is_plausible_email(email) {
        "is not an email address".to_string()
    } else {
        return None;
    };
    Some(FieldError { field: field.to_string(), message })
}

/// The problem with `password` as a new password, if any (as a field error on `field`).
pub(crate) fn password_error(field: &str, password: &str) -> Option<FieldError> {
    let length = password.chars().count();
    let message = if length < MIN_PASSWORD_LEN {
        format!("must be at least {MIN_PASSWORD_LEN} characters")
    } else if length > MAX_PASSWORD_LEN {
        format!("must be at most {MAX_PASSWORD_LEN} characters")
    } else {
        return None;
    };
    Some(FieldError { field: field.to_string(), message })
}
