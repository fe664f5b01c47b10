//! `POST /v1/organizations`.

use actix_web::{HttpResponse, post, web};
use recovery_domain::agency::{Organization, OrganizationData, validate_organization};
use recovery_domain::{Actor, OrganizationId};

use crate::auth::Staff;
use crate::error::{ApiError, CreateProblems};
use crate::extract::JsonBody;
use crate::routes::agency_write;
use crate::state::AppState;

/// Create an organization (an agency).
///
/// Editors and admins only. Text is trimmed and empty text dropped; a
/// `parent_organization_id` that does not exist (or would make a cycle) is a 422 naming it.
/// Contacts are private unless marked `public`; phones are public unless marked otherwise.
#[utoipa::path(
    operation_id = "organizations_create",
    post, path = "/v1/organizations", tag = "agencies",
    request_body = OrganizationData,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = Organization,
            headers(("Location" = String, description = "The new organization's URL"))),
        CreateProblems,
    )
)]
#[post("/v1/organizations")]
pub async fn create(
    state: web::Data<AppState>,
    staff: Staff,
    body: JsonBody<OrganizationData>,
) -> Result<HttpResponse, ApiError> {
    staff.require_editor()?;
    let mut data = body.0;
    validate_organization(&mut data)?;
    let actor = Actor::User(staff.0.id);
    let id = OrganizationId::new();
    let org = state.create_organization(id, data, actor).await?;
    Ok(agency_write::created(format!("/v1/organizations/{}", org.id), &org))
}
