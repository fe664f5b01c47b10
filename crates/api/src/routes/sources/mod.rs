//! `/v1/sources`: the feeds staff register once so the directory follows them (Meeting Guide
//! JSON, TSML CSV, BMLT, HSDS), running one now, and the reports their runs left. Staff only:
//! any role reads, editors and admins write and sync.

pub mod create;
pub mod delete;
pub mod list;
pub mod read;
pub mod runs;
pub mod sync;
pub mod update;

use recovery_domain::{Role, SourceId};

use crate::auth::Staff;
use crate::error::{ApiError, Problem, blocking};
use crate::routes::agency_write;
use crate::state::AppState;

/// What the answers call a source.
pub(crate) const NOUN: &str = "source";

/// Reads a source id from a path segment; anything else names no source (404, as for every
/// other resource).
pub(crate) fn parse_id(raw: &str) -> Result<SourceId, ApiError> {
    agency_write::parse_id(raw, NOUN)
}

/// 403 unless `staff` may change sources: editors and admins, but not an editor scoped to
/// regions or programs, since a feed brings listings from wherever its records say.
pub(crate) fn require_source_editor(staff: &Staff) -> Result<(), ApiError> {
    staff.require_editor()?;
    let user = &staff.0;
    if user.role == Role::Editor && !(user.scope_regions.is_empty() && user.scope_programs.is_empty()) {
        return Err(ApiError::Forbidden(
            "an editor scoped to regions or programs cannot manage sources: a feed writes listings anywhere".into(),
        ));
    }
    Ok(())
}

/// Source `id` from the store, or a 404 naming `raw`.
pub(crate) async fn load(
    state: &AppState,
    id: SourceId,
    raw: &str,
) -> Result<recovery_domain::source::Source, ApiError> {
    let store = state.store().clone();
    blocking(move || store.get_source(id)).await.map_err(agency_write::naming(NOUN, raw.to_string()))
}

/// The problems a staff read of one record can answer with (for `#[utoipa::path]`).
#[derive(utoipa::IntoResponses)]
pub enum StaffReadProblems {
    /// Not signed in, or the token is not valid.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// Not a staff user (an API key).
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// No such record (or the id is not one).
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
}
