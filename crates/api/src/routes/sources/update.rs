//! `PUT /v1/sources/{id}`.

use actix_web::{HttpResponse, put, web};
use recovery_domain::Actor;
use recovery_domain::source::{Source, SourceInput};

use super::{NOUN, require_source_editor};
use crate::auth::Staff;
use crate::error::{ApiError, UpdateProblems};
use crate::extract::JsonBody;
use crate::routes::agency_write;
use crate::state::AppState;

/// Replace a source's settings.
///
/// Editors and admins (not editors scoped to regions or programs). The body is a whole source,
/// as for `POST`; fields left out take their defaults. Read-only fields sent back (`id`,
/// `created_at`, …) are ignored. Changing the interval reschedules the next sync. Listings
/// already imported stay as they are until the next run. Logged in the change log.
#[utoipa::path(
    operation_id = "sources_replace",
    put, path = "/v1/sources/{id}", tag = "sources",
    params(("id" = String, Path, description = "The source's id")),
    request_body = SourceInput,
    security(("bearer" = [])),
    responses((status = 200, description = "The updated source", body = Source), UpdateProblems)
)]
#[put("/v1/sources/{id}")]
pub async fn replace(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    body: JsonBody<SourceInput>,
) -> Result<HttpResponse, ApiError> {
    require_source_editor(&staff)?;
    let raw = path.into_inner();
    let id = super::parse_id(&raw)?;
    let source =
        state.update_source(id, body.0, Actor::User(staff.0.id)).await.map_err(agency_write::naming(NOUN, raw))?;
    Ok(HttpResponse::Ok().json(source))
}
