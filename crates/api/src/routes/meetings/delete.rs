//! `DELETE /v1/meetings/{id}`: archives, never erases (the history stays).

use actix_web::{HttpResponse, delete, web};

use crate::auth::Staff;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

/// Archive a meeting.
///
/// Editors and admins only. The meeting disappears from public reads, searches and feeds; staff
/// can still read it, and restore it by setting `status` back to `published`. An editor scoped
/// to regions or programs gets a 403 for a meeting outside them.
#[utoipa::path(
    operation_id = "meetings_archive",
    delete, path = "/v1/meetings/{id}", tag = "meetings",
    params(("id" = String, Path, description = "The meeting's id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Archived"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not write", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/v1/meetings/{id}")]
pub async fn archive(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = super::parse_id(&path)?;
    state.archive_meeting_as(id, &staff.0).await?;
    Ok(HttpResponse::NoContent().finish())
}
