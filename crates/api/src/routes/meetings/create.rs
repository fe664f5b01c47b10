//! `POST /v1/meetings`.

use actix_web::{HttpResponse, http::header, post, web};
use recovery_domain::MeetingInput;
use std::sync::Arc;

use super::view::MeetingView;
use crate::auth::Staff;
use crate::error::{ApiError, CreateProblems};
use crate::extract::JsonBody;
use crate::state::AppState;

/// Create a meeting.
///
/// Editors and admins only. The slug is made from the name when absent (with a numeric suffix
/// if that slug is taken); an explicit slug that is taken is a 409. An editor scoped to regions
/// or programs gets a 403 for a meeting outside them.
#[utoipa::path(
    operation_id = "meetings_create",
    post, path = "/v1/meetings", tag = "meetings",
    request_body = MeetingInput,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = MeetingView,
            headers(("Location" = String, description = "The new meeting's URL"))),
        CreateProblems,
    )
)]
#[post("/v1/meetings")]
pub async fn create(
    state: web::Data<AppState>,
    staff: Staff,
    body: JsonBody<MeetingInput>,
) -> Result<HttpResponse, ApiError> {
    let meeting = state.create_meeting_as(body.0, &staff.0).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/v1/meetings/{}", meeting.id)))
        .json(MeetingView::of(Arc::new(meeting))))
}
