//! `PUT /v1/services/{id}`.

use actix_web::{HttpResponse, put, web};
use recovery_domain::agency::{Service, ServiceData, validate_service};
use recovery_domain::{Actor, ServiceId};

use super::NOUN;
use crate::auth::Staff;
use crate::error::{ApiError, UpdateProblems};
use crate::extract::JsonBody;
use crate::routes::agency_write;
use crate::state::AppState;

/// Replace a service.
///
/// Editors and admins only. The body is a whole service, as for `POST`; fields left out
/// are cleared. Nested records (service-at-locations, phones, contacts, schedules) keep their
/// ids when sent back with them.
#[utoipa::path(
    operation_id = "services_replace",
    put, path = "/v1/services/{id}", tag = "agencies",
    params(("id" = String, Path, description = "The service's id")),
    request_body = ServiceData,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The updated service", body = Service),
        UpdateProblems,
    )
)]
#[put("/v1/services/{id}")]
pub async fn replace(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    body: JsonBody<ServiceData>,
) -> Result<HttpResponse, ApiError> {
    staff.require_editor()?;
    let raw = path.into_inner();
    let id: ServiceId = agency_write::parse_id(&raw, NOUN)?;
    let mut data = body.0;
    validate_service(&mut data)?;
    let actor = Actor::User(staff.0.id);
    let service = state.update_service(id, data, actor).await.map_err(agency_write::naming(NOUN, raw))?;
    Ok(HttpResponse::Ok().json(service))
}
