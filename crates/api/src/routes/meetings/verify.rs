//! `POST /v1/meetings/{id}/verify`: staff confirm a meeting is still right.

use std::sync::Arc;

use actix_web::{HttpResponse, post, web};

use super::view::MeetingView;
use crate::auth::Staff;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

/// Mark a meeting as verified now.
///
/// Editors and admins only (an editor scoped to regions or programs: meetings in scope only);
/// no body. Records `verified_at` (now) and `verified_by` (the caller) without changing the
/// meeting's content or `updated_at`, and logs it in the change log (action `verify`).
/// `verified_at` shows at once in public reads, searches and the Meeting Guide feed;
/// `verified_by` is shown to staff only. Drafts and archived meetings may be verified too.
#[utoipa::path(
    operation_id = "meetings_verify",
    post, path = "/v1/meetings/{id}/verify", tag = "meetings",
    params(("id" = String, Path, description = "The meeting's id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The meeting, verified", body = MeetingView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not write, or the meeting is outside the editor's scope", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/meetings/{id}/verify")]
pub async fn verify(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = super::parse_id(&path)?;
    let meeting = state.verify_meeting_as(id, &staff.0).await?;
    Ok(HttpResponse::Ok().json(MeetingView::of(Arc::new(meeting))))
}
