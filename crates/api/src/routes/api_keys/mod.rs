//! `/v1/api-keys`: admins issue, list, read and revoke the keys third-party apps read with.

pub mod create;
pub mod list;
pub mod read;
pub mod revoke;
pub mod view;

use recovery_store::ApiKeyId;

use crate::error::ApiError;

/// Reads a key id from a path segment; anything else names no key.
pub(crate) fn parse_id(raw: &str) -> Result<ApiKeyId, ApiError> {
    raw.parse().map_err(|_| ApiError::NotFound(format!("no API key with id `{}`", crate::extract::query::shorten(raw))))
}
