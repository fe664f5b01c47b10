//! `POST /v1/services`.

use actix_web::{HttpResponse, post, web};
use recovery_domain::agency::{Service, ServiceData, validate_service};
use recovery_domain::{Actor, ServiceId};

use crate::auth::Staff;
use crate::error::{ApiError, CreateProblems};
use crate::extract::JsonBody;
use crate::routes::agency_write;
use crate::state::AppState;

/// Create a service an organization provides.
///
/// Editors and admins only. Text is trimmed and empty text dropped. An `organization_id`, a
/// `service_at_locations[i].location_id` or a `categories[i]` that does not exist is a 422
/// naming that field. Only `active` services are offered in `GET /v1/services` and
/// `GET /v1/search`. Contacts are private unless marked `public`; phones are public unless
/// marked otherwise.
#[utoipa::path(
    operation_id = "services_create",
    post, path = "/v1/services", tag = "agencies",
    request_body = ServiceData,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = Service,
            headers(("Location" = String, description = "The new service's URL"))),
        CreateProblems,
    )
)]
#[post("/v1/services")]
pub async fn create(
    state: web::Data<AppState>,
    staff: Staff,
    body: JsonBody<ServiceData>,
) -> Result<HttpResponse, ApiError> {
    staff.require_editor()?;
    let mut data = body.0;
    validate_service(&mut data)?;
    let actor = Actor::User(staff.0.id);
    let id = ServiceId::new();
    let service = state.create_service(id, data, actor).await?;
    Ok(agency_write::created(format!("/v1/services/{}", service.id), &service))
}
