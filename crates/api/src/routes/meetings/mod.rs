//! `/v1/meetings`: public search and reads from the index; staff writes through the store.

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
use recovery_domain::{Meeting, MeetingId, MeetingInput, ValidationErrors, validate_meeting};
use recovery_store::{Store, StoreError};

use crate::error::{ApiError, blocking};
use crate::state::AppState;

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

/// Validates an input against this deployment's defaults.
pub(crate) fn validate(
    state: &AppState,
    input: MeetingInput,
) -> Result<recovery_domain::validation::ValidMeeting, ValidationErrors> {
    validate_meeting(input, &state.validation_context())
}

/// Runs one store write and applies its result to the index, in commit order.
pub(crate) async fn write<F>(state: &AppState, f: F) -> Result<Meeting, ApiError>
where
    F: FnOnce(&Store) -> Result<(Meeting, i64), StoreError> + Send + 'static,
{
    let _guard = state.write_lock.lock().await;
    let store = state.store.clone();
    let (meeting, seq) = blocking(move || f(&store)).await?;
    state.apply_meeting(&meeting, seq);
    Ok(meeting)
}

/// Reads a meeting id from a path segment; anything else names no meeting.
pub(crate) fn parse_id(raw: &str) -> Result<MeetingId, ApiError> {
    raw.parse().map_err(|_| ApiError::NotFound(format!("no meeting with id `{}`", crate::extract::query::shorten(raw))))
}
