//! `PUT /v1/locations/{id}`.

use actix_web::{HttpResponse, put, web};
use recovery_domain::agency::{Location, LocationData, validate_location};
use recovery_domain::{Actor, LocationId};

use super::NOUN;
use crate::auth::Staff;
use crate::error::{ApiError, UpdateProblems};
use crate::extract::JsonBody;
use crate::routes::agency_write;
use crate::state::AppState;

/// Replace a location.
///
/// Editors and admins only. The body is a whole location, as for `POST`; fields left out
/// are cleared (an absent `timezone` becomes the default zone). Nested records keep their ids
/// when sent back with them. Services delivered here move with it in searches.
#[utoipa::path(
    operation_id = "locations_replace",
    put, path = "/v1/locations/{id}", tag = "agencies",
    params(("id" = String, Path, description = "The location's id")),
    request_body = LocationData,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The updated location", body = Location),
        UpdateProblems,
    )
)]
#[put("/v1/locations/{id}")]
pub async fn replace(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    body: JsonBody<LocationData>,
) -> Result<HttpResponse, ApiError> {
    staff.require_editor()?;
    let raw = path.into_inner();
    let id: LocationId = agency_write::parse_id(&raw, NOUN)?;
    let mut data = body.0;
    validate_location(&mut data, state.defaults().timezone)?;
    let actor = Actor::User(staff.0.id);
    let location = state.update_location(id, data, actor).await.map_err(agency_write::naming(NOUN, raw))?;
    Ok(HttpResponse::Ok().json(location))
}
