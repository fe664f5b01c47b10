//! `GET /v1/sources/{id}`.

use actix_web::{HttpResponse, get, web};
use recovery_domain::source::Source;

use super::StaffReadProblems;
use crate::auth::Staff;
use crate::error::ApiError;
use crate::state::AppState;

/// Read one source.
///
/// Staff of any role.
#[utoipa::path(
    operation_id = "sources_read",
    get, path = "/v1/sources/{id}", tag = "sources",
    params(("id" = String, Path, description = "The source's id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The source", body = Source), StaffReadProblems)
)]
#[get("/v1/sources/{id}")]
pub async fn read(
    state: web::Data<AppState>,
    _staff: Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let raw = path.into_inner();
    let id = super::parse_id(&raw)?;
    let source = super::load(&state, id, &raw).await?;
    Ok(HttpResponse::Ok().json(source))
}
