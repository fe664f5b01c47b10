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

use actix_web::web;
use recovery_domain::MeetingId;

use crate::error::ApiError;

/// Registers the meeting routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(search::search)
        .service(create::create)
        .service(read::read)
        .service(update::replace)
        .service(update::patch)
        .service(delete::archive)
        .service(verify::verify);
    cfg.service(history::history).service(scrub::scrub);
}

/// Reads a meeting id from a path segment; anything else names no meeting.
pub(crate) fn parse_id(raw: &str) -> Result<MeetingId, ApiError> {
    raw.parse().map_err(|_| ApiError::NotFound(format!("no meeting with id `{}`", crate::extract::query::shorten(raw))))
}
