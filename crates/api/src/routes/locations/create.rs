//! `POST /v1/locations`.

use actix_web::{HttpResponse, post, web};
use recovery_domain::agency::{Location, LocationData, validate_location};
use recovery_domain::{Actor, LocationId};

use crate::auth::Staff;
use crate::error::{ApiError, CreateProblems};
use crate::extract::JsonBody;
use crate::routes::agency_write;
use crate::state::AppState;

/// Create a location: a place where services are delivered, or a virtual one.
///
/// Editors and admins only. Text is trimmed and empty text dropped; without `timezone` the
/// location gets the directory's default zone (its schedules are read in it). An
/// `organization_id` that does not exist is a 422 naming it. Contacts are private unless
/// marked `public`; phones are public unless marked otherwise.
#[utoipa::path(
    operation_id = "locations_create",
    post, path = "/v1/locations", tag = "agencies",
    request_body = LocationData,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = Location,
            headers(("Location" = String, description = "The new location's URL"))),
        CreateProblems,
    )
)]
#[post("/v1/locations")]
pub async fn create(
    state: web::Data<AppState>,
    staff: Staff,
    body: JsonBody<LocationData>,
) -> Result<HttpResponse, ApiError> {
    staff.require_editor()?;
    let mut data = body.0;
    validate_location(&mut data, state.defaults().timezone)?;
    let actor = Actor::User(staff.0.id);
    let id = LocationId::new();
    let location = state.create_location(id, data, actor).await?;
    Ok(agency_write::created(format!("/v1/locations/{}", location.id), &location))
}
