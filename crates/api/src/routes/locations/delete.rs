//! `DELETE /v1/locations/{id}`.

use actix_web::{HttpResponse, delete, web};
use recovery_domain::{Actor, LocationId};

use super::NOUN;
use crate::auth::Staff;
use crate::error::ApiError;
use crate::routes::agency_write::{self, DeleteProblems};
use crate::state::AppState;

/// Delete a location.
///
/// Editors and admins only. Refused with 409 while a service is delivered there: change or
/// delete those services first. The change log keeps its history.
#[utoipa::path(
    operation_id = "locations_delete",
    delete, path = "/v1/locations/{id}", tag = "agencies",
    params(("id" = String, Path, description = "The location's id")),
    security(("bearer" = [])),
    responses((status = 204, description = "Deleted"), DeleteProblems)
)]
#[delete("/v1/locations/{id}")]
pub async fn delete(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    staff.require_editor()?;
    let raw = path.into_inner();
    let id: LocationId = agency_write::parse_id(&raw, NOUN)?;
    let actor = Actor::User(staff.0.id);
    state.delete_location(id, actor).await.map_err(agency_write::naming(NOUN, raw))?;
    Ok(HttpResponse::NoContent().finish())
}
