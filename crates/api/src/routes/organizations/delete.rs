//! `DELETE /v1/organizations/{id}`.

use actix_web::{HttpResponse, delete, web};
use recovery_domain::{Actor, OrganizationId};

use super::NOUN;
use crate::auth::Staff;
use crate::error::ApiError;
use crate::routes::agency_write::{self, DeleteProblems};
use crate::state::AppState;

/// Delete an organization.
///
/// Editors and admins only. Refused with 409 while services, locations or member
/// organizations refer to it: delete or move those first. The change log keeps its history.
#[utoipa::path(
    operation_id = "organizations_delete",
    delete, path = "/v1/organizations/{id}", tag = "agencies",
    params(("id" = String, Path, description = "The organization's id")),
    security(("bearer" = [])),
    responses((status = 204, description = "Deleted"), DeleteProblems)
)]
#[delete("/v1/organizations/{id}")]
pub async fn delete(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    staff.require_editor()?;
    let raw = path.into_inner();
    let id: OrganizationId = agency_write::parse_id(&raw, NOUN)?;
    let actor = Actor::User(staff.0.id);
    state.delete_organization(id, actor).await.map_err(agency_write::naming(NOUN, raw))?;
    Ok(HttpResponse::NoContent().finish())
}
