//! `DELETE /v1/services/{id}`.

use actix_web::{HttpResponse, delete, web};
use recovery_domain::{Actor, ServiceId};

use super::NOUN;
use crate::auth::Staff;
use crate::error::ApiError;
use crate::routes::agency_write::{self, DeleteProblems};
use crate::state::AppState;

/// Delete a service, with where it is delivered.
///
/// Editors and admins only. To take a service out of searches but keep it listed, set its
/// `status` instead. The change log keeps its history.
#[utoipa::path(
    operation_id = "services_delete",
    delete, path = "/v1/services/{id}", tag = "agencies",
    params(("id" = String, Path, description = "The service's id")),
    security(("bearer" = [])),
    responses((status = 204, description = "Deleted"), DeleteProblems)
)]
#[delete("/v1/services/{id}")]
pub async fn delete(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    staff.require_editor()?;
    let raw = path.into_inner();
    let id: ServiceId = agency_write::parse_id(&raw, NOUN)?;
    let actor = Actor::User(staff.0.id);
    state.delete_service(id, actor).await.map_err(agency_write::naming(NOUN, raw))?;
    Ok(HttpResponse::NoContent().finish())
}
