//! `GET /v1/meetings/{id}`.

use std::sync::Arc;

use actix_web::{HttpResponse, get, web};

use super::view::MeetingView;
use crate::auth::MaybeStaff;
use crate::error::{ApiError, Problem, blocking};
use crate::state::AppState;

/// Read one meeting by id (or slug).
///
/// The public sees published meetings, without private contacts. Signed-in staff also see
/// drafts and archived meetings, and private contacts.
#[utoipa::path(
    get, path = "/v1/meetings/{id}", tag = "meetings",
    params(("id" = String, Path, description = "The meeting's id, or its slug")),
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "The meeting", body = MeetingView),
        (status = 401, description = "A token was sent but is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting visible to the caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/meetings/{id}")]
pub async fn read(
    state: web::Data<AppState>,
    caller: MaybeStaff,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let key = path.into_inner();
    let not_found = || ApiError::NotFound(format!("no meeting `{}`", crate::extract::query::shorten(&key)));
    let meeting = if caller.0.is_some() {
        let store = state.store.clone();
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
    Ok(HttpResponse::Ok().json(MeetingView::of(meeting)))
}
