//! Verify, archive and restore: one-button posts, each a use case.

use actix_web::{HttpRequest, HttpResponse, web};
use recovery_api::error::ApiError;
use recovery_api::state::AppState;
use recovery_app::AppError;
use recovery_app::meetings::Expect;
use recovery_domain::{Meeting, MeetingId, MeetingInput, Status};

use crate::console::session::Signed;
use crate::console::{failure, not_found, see_other};

/// The shape every button here shares: a checked post, then `action`, then back to the meeting
/// saying what was done (or the page for a refusal).
async fn act(
    state: &AppState,
    req: &HttpRequest,
    id: &str,
    body: &[u8],
    done: &str,
    action: impl AsyncFnOnce(&AppState, MeetingId, &Signed) -> Result<Meeting, AppError>,
) -> Result<HttpResponse, ApiError> {
    let (signed, _) = posted_or_return!(state, req, body);
    let Ok(id) = id.parse::<MeetingId>() else { return not_found(&signed) };
    match action(state, id, &signed).await {
        Ok(_) => Ok(see_other(&format!("/staff/meetings/{id}?done={done}"))),
        Err(e) => failure(&signed, e),
    }
}

/// `POST /staff/meetings/{id}/verify`: `verify_meeting_as`.
pub async fn verify(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    act(&state, &req, &id, &body, "verified", async |s, id, signed| s.verify_meeting_as(id, &signed.user).await).await
}

/// `POST /staff/meetings/{id}/archive`: `archive_meeting_as`, as `DELETE /v1/meetings/{id}`.
pub async fn archive(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    act(&state, &req, &id, &body, "archived", async |s, id, signed| s.archive_meeting_as(id, &signed.user).await).await
}

/// `POST /staff/meetings/{id}/restore`: publishes an archived meeting again, as a `PATCH` of
/// its status would.
pub async fn restore(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    act(&state, &req, &id, &body, "restored", async |s, id, signed| {
        let stored = s.meeting_to_edit(id, &signed.user).await?;
        let input =
            MeetingInput { status: Some(Status::Published.as_str().into()), ..MeetingInput::from(&stored.data) };
        s.update_meeting_as(id, input, &signed.user, Expect { updated_at: Some(stored.updated_at) }).await
    })
    .await
}
