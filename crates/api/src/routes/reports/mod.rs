//! `/v1/reports`: problem reports from the public and the staff queue that works them off, and
//! `/v1/reports/stale`, the published meetings nobody has verified lately.

pub mod create;
pub mod list;
pub mod stale;
pub mod update;

use recovery_domain::{Meeting, ReportId, Role, User};

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

/// Which meetings `user` may work on, when their scopes narrow it (an editor with
/// `scope_regions` or `scope_programs`): `None` means all of them.
pub(crate) fn scope_of(user: &User) -> Option<impl Fn(&Meeting) -> bool + use<>> {
    let scoped = user.role == Role::Editor && !(user.scope_regions.is_empty() && user.scope_programs.is_empty());
    let user = user.clone();
    scoped.then_some(move |meeting: &Meeting| user.scope_denial(&meeting.data).is_none())
}
