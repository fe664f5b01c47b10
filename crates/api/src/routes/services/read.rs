//! `GET /v1/services/{id}`.

use actix_web::{HttpRequest, HttpResponse, get, web};
use recovery_domain::ServiceId;
use recovery_domain::agency::Service;

use super::NOUN;
use crate::auth::MaybeStaff;
use crate::error::ApiError;
use crate::routes::agency_write::{self, ReadProblems};
use crate::state::AppState;

/// Read one service.
///
/// The public sees its public view (no private contacts or phones); signed-in staff of any
/// role see the whole record. Sends `ETag` and `Last-Modified`; answers `If-None-Match` /
/// `If-Modified-Since` with 304 when the copy is current.
#[utoipa::path(
    operation_id = "services_read",
    get, path = "/v1/services/{id}", tag = "agencies",
    params(("id" = String, Path, description = "The service's id")),
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "The service", body = Service, headers(
            ("ETag" = String, description = "Strong tag of the body"),
            ("Last-Modified" = String, description = "When its content last changed"),
            ("Vary" = String, description = "Authorization, X-API-Key: staff get private fields"))),
        (status = 304, description = "Unchanged since the `If-None-Match` tag or `If-Modified-Since` date"),
        ReadProblems,
    )
)]
#[get("/v1/services/{id}")]
pub async fn read(
    state: web::Data<AppState>,
    caller: MaybeStaff,
    path: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let raw = path.into_inner();
    let id: ServiceId = agency_write::parse_id(&raw, NOUN)?;
    let staff = caller.0.is_some();
    let service = agency_write::read_one(
        &state,
        staff,
        raw,
        NOUN,
        move |store| store.get_service(id),
        |i| i.agencies.service(id).map(|o| Service::clone(o)),
    )
    .await?;
    agency_write::one(&req, &service, service.updated_at, staff)
}
