//! `DELETE /v1/sources/{id}`.

use actix_web::{HttpResponse, delete, web};
use recovery_domain::Actor;

use super::{NOUN, require_source_editor};
use crate::auth::Staff;
use crate::error::{ApiError, Problem};
use crate::routes::agency_write;
use crate::state::AppState;

/// Delete a source.
///
/// Editors and admins (not editors scoped to regions or programs). The listings it imported
/// stay, as staff's own listings now (nothing archives them); its runs stay readable at
/// `GET /v1/imports/{run_id}` with a null `source_id`. Logged in the change log. Registering
/// the same feed again later imports its listings afresh, beside the kept ones (`GET
/// /v1/duplicates` shows them): to pause a feed, set `enabled` to false instead.
#[utoipa::path(
    operation_id = "sources_delete",
    delete, path = "/v1/sources/{id}", tag = "sources",
    params(("id" = String, Path, description = "The source's id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The role may not change sources", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such source", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/v1/sources/{id}")]
pub async fn delete(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    require_source_editor(&staff)?;
    let raw = path.into_inner();
    let id = super::parse_id(&raw)?;
    state.delete_source(id, Actor::User(staff.0.id)).await.map_err(agency_write::naming(NOUN, raw))?;
    Ok(HttpResponse::NoContent().finish())
}
