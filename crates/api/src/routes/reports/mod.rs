//! `/v1/reports`: problem reports from the public and the staff queue that works them off, and
//! `/v1/reports/stale`, the published meetings nobody has verified lately.

pub mod create;
pub mod list;
pub mod stale;
pub mod update;

use recovery_domain::ReportId;

use crate::error::ApiError;
use crate::extract::query::shorten;

/// The default page size of the staff lists.
pub const DEFAULT_LIMIT: usize = 50;
/// The largest page size of the staff lists.
pub const MAX_LIMIT: usize = 200;

/// Reads a report id from a path segment; anything else names no report.
pub(crate) fn parse_id(raw: &str) -> Result<ReportId, ApiError> {
    raw.parse().map_err(|_| ApiError::NotFound(format!("no report with id `{}`", shorten(raw))))
}

/// Which meetings `user` may work on, when their scopes narrow it: `None` means all of them.
pub(crate) use recovery_app::reports::meeting_scope as scope_of;
