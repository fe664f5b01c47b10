//! `POST /v1/meetings/{id}/contacts/scrub`: erase a contact's details from a meeting's history.

use actix_web::{HttpResponse, post, web};
use recovery_domain::Actor;
use recovery_domain::change::{ContactMatch, ScrubReport};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Staff;
use crate::error::{ApiError, Problem};
use crate::extract::JsonBody;
use crate::state::AppState;

/// Which contact to scrub: give the email, the phone, or both.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScrubRequest {
    /// The contact's email (compared without regard to case).
    #[serde(default)]
    pub email: Option<String>,
    /// The contact's phone (compared by its digits; a number with 10 or more digits also
    /// matches it written with a country code).
    #[serde(default)]
    pub phone: Option<String>,
}

/// What was scrubbed, and the change-log entry recording it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScrubResult {
    /// The `seq` of the new `scrub` entry in the change log.
    pub seq: i64,
    /// Counts and match keys, never the scrubbed data.
    #[serde(flatten)]
    pub report: ScrubReport,
}

/// Scrub a contact from a meeting's history.
///
/// Admins only. Removing a contact from a meeting is an ordinary update; the change log still
/// holds the contact in every earlier version of the meeting. This replaces, in every entry
/// about the meeting, the name, email and phone of each contact with this email and/or phone
/// by `"[scrubbed]"` (and that email or phone wherever else it appears, as in notes), in one
/// transaction, and logs a `scrub` entry saying what was done without the data. Entries keep
/// their `seq`: copies clients already fetched are not recalled.
///
/// The meeting must no longer show the contact (409 otherwise: remove it with `PUT`/`PATCH`
/// first). 404 when nothing in the history matches.
#[utoipa::path(
    operation_id = "meetings_scrub_contact",
    post, path = "/v1/meetings/{id}/contacts/scrub", tag = "meetings",
    params(("id" = String, Path, description = "The meeting's id")),
    request_body = ScrubRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Scrubbed", body = ScrubResult),
        (status = 400, description = "Malformed JSON, or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin, or an API key was sent", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or no such contact in its history", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The meeting still shows the contact", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 1 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Neither a usable email nor phone", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/meetings/{id}/contacts/scrub")]
pub async fn scrub(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    body: JsonBody<ScrubRequest>,
) -> Result<HttpResponse, ApiError> {
    staff.require_admin()?;
    let id = super::parse_id(&path)?;
    let target = ContactMatch::new(body.0.email.as_deref(), body.0.phone.as_deref())?;
    let actor = Actor::User(staff.0.id);
    let (_, report, seq) = state.scrub_meeting_contact(id, target, actor).await?;
    Ok(HttpResponse::Ok().json(ScrubResult { seq, report }))
}
