//! `GET /v1/meetings/{id}`.

use std::sync::Arc;

use actix_web::{HttpRequest, HttpResponse, get, web};

use super::view::MeetingView;
use crate::auth::MaybeStaff;
use crate::conditional::{self, Audience};
use crate::error::{ApiError, Problem, blocking};
use crate::state::AppState;

/// Read one meeting by id (or slug).
///
/// The public sees published meetings, without private contacts. Signed-in staff also see
/// drafts and archived meetings, and private contacts.
///
/// Sends `ETag` and `Last-Modified` (when the meeting last changed or was verified) and answers
/// `If-None-Match` / `If-Modified-Since` with 304 when the copy is current.
#[utoipa::path(
    operation_id = "meetings_read",
    get, path = "/v1/meetings/{id}", tag = "meetings",
    params(("id" = String, Path, description = "The meeting's id, or its slug")),
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "The meeting", body = MeetingView, headers(
            ("ETag" = String, description = "Strong tag of the body"),
            ("Last-Modified" = String, description = "When the meeting last changed or was verified"),
            ("Vary" = String, description = "Authorization, X-API-Key: staff get private fields"))),
        (status = 304, description = "Unchanged since the `If-None-Match` tag or `If-Modified-Since` date"),
        (status = 401, description = "A token was sent but is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting visible to the caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/meetings/{id}")]
pub async fn read(
    state: web::Data<AppState>,
    caller: MaybeStaff,
    path: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let key = path.into_inner();
    let not_found = || ApiError::NotFound(format!("no meeting `{}`", crate::extract::query::shorten(&key)));
    let meeting = if caller.0.is_some() {
        let store = state.store().clone();
        let lookup = key.clone();
        let found = blocking(move || match lookup.parse() {
            Ok(id) => store.get_meeting(id),
            Err(_) => store.get_meeting_by_slug(&lookup),
        })
        .await;
        match found {
            Ok(meeting) => Arc::new(meeting),
            Err(ApiError::NotFound(_)) => return Err(not_found()),
            Err(e) => return Err(e),
        }
    } else {
        let state = state.index();
        let found = match key.parse() {
            Ok(id) => state.index.get(id),
            Err(_) => state.index.get_by_slug(&key),
        };
        found.ok_or_else(not_found)?
    };
    // Verifying changes `verified_at` in the body but not `updated_at`.
    let modified = meeting.verified_at.map_or(meeting.updated_at, |v| v.max(meeting.updated_at));
    conditional::json(&req, &MeetingView::of(meeting), Some(modified), Audience::of(caller.0.is_some()))
}
