//! `GET /v1/locations/{id}`.

use actix_web::{HttpRequest, HttpResponse, get, web};
use recovery_domain::LocationId;
use recovery_domain::agency::Location;

use super::NOUN;
use crate::auth::MaybeStaff;
use crate::error::ApiError;
use crate::routes::agency_write::{self, ReadProblems};
use crate::state::AppState;

/// Read one location.
///
/// The public sees its public view (no private contacts or phones); signed-in staff of any
/// role see the whole record. Sends `ETag` and `Last-Modified`; answers `If-None-Match` /
/// `If-Modified-Since` with 304 when the copy is current.
#[utoipa::path(
    operation_id = "locations_read",
    get, path = "/v1/locations/{id}", tag = "agencies",
    params(("id" = String, Path, description = "The location's id")),
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "The location", body = Location, headers(
            ("ETag" = String, description = "Strong tag of the body"),
            ("Last-Modified" = String, description = "When its content last changed"),
            ("Vary" = String, description = "Authorization, X-API-Key: staff get private fields"))),
        (status = 304, description = "Unchanged since the `If-None-Match` tag or `If-Modified-Since` date"),
        ReadProblems,
    )
)]
#[get("/v1/locations/{id}")]
pub async fn read(
    state: web::Data<AppState>,
    caller: MaybeStaff,
    path: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let raw = path.into_inner();
    let id: LocationId = agency_write::parse_id(&raw, NOUN)?;
    let staff = caller.0.is_some();
    let location = agency_write::read_one(
        &state,
        staff,
        raw,
        NOUN,
        move |store| store.get_location(id),
        |i| i.agencies.location(id).map(|o| Location::clone(o)),
    )
    .await?;
    agency_write::one(&req, &location, location.updated_at, staff)
}
