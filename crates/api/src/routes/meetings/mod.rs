//! `/v1/meetings`: public search and reads from the index; staff writes through the directory.

pub mod create;
pub mod delete;
pub mod history;
pub mod read;
pub mod scrub;
pub mod search;
pub mod update;
pub mod verify;
pub mod view;

use recovery_domain::MeetingId;

use crate::error::ApiError;

/// Reads a meeting id from a path segment; anything else names no meeting.
pub(crate) fn parse_id(raw: &str) -> Result<MeetingId, ApiError> {
    raw.parse().map_err(|_| ApiError::NotFound(format!("no meeting with id `{}`", crate::extract::query::shorten(raw))))
}
