//! `PUT /v1/organizations/{id}`.

use actix_web::{HttpResponse, put, web};
use recovery_domain::agency::{Organization, OrganizationData, validate_organization};
use recovery_domain::{Actor, OrganizationId};

use super::NOUN;
use crate::auth::Staff;
use crate::error::{ApiError, UpdateProblems};
use crate::extract::JsonBody;
use crate::routes::agency_write;
use crate::state::AppState;

/// Replace an organization.
///
/// Editors and admins only. The body is a whole organization, as for `POST`; fields left out
/// are cleared. Nested records (phones, contacts) keep their ids when sent back with them.
#[utoipa::path(
    operation_id = "organizations_replace",
    put, path = "/v1/organizations/{id}", tag = "agencies",
    params(("id" = String, Path, description = "The organization's id")),
    request_body = OrganizationData,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The updated organization", body = Organization),
        UpdateProblems,
    )
)]
#[put("/v1/organizations/{id}")]
pub async fn replace(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    body: JsonBody<OrganizationData>,
) -> Result<HttpResponse, ApiError> {
    staff.require_editor()?;
    let raw = path.into_inner();
    let id: OrganizationId = agency_write::parse_id(&raw, NOUN)?;
    let mut data = body.0;
    validate_organization(&mut data)?;
    let actor = Actor::User(staff.0.id);
    let org = state.update_organization(id, data, actor).await.map_err(agency_write::naming(NOUN, raw))?;
    Ok(HttpResponse::Ok().json(org))
}
