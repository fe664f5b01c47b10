//! `POST /v1/sources`.

use actix_web::{HttpResponse, post, web};
use recovery_domain::Actor;
use recovery_domain::source::{Source, SourceInput};

use super::require_source_editor;
use crate::auth::Staff;
use crate::error::{ApiError, CreateProblems};
use crate::extract::JsonBody;
use crate::routes::agency_write;
use crate::state::AppState;

/// Register a source.
///
/// Editors and admins (not editors scoped to regions or programs). `kind` and `name` are
/// required; `program` and `default_timezone` default to the server's; a source without `url`
/// is fed by uploading files to `POST /v1/sources/{id}/sync`. With `interval_minutes` (15 to
/// 44640) and `enabled` the server re-syncs it on that interval. Registering does not sync:
/// call `POST /v1/sources/{id}/sync` for the first run. URLs are fetched over http(s) only,
/// never at private, loopback or link-local addresses unless the operator allows them.
/// Logged in the change log (entity `source`).
#[utoipa::path(
    operation_id = "sources_create",
    post, path = "/v1/sources", tag = "sources",
    request_body = SourceInput,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Registered", body = Source,
            headers(("Location" = String, description = "The new source's URL"))),
        CreateProblems,
    )
)]
#[post("/v1/sources")]
pub async fn create(
    state: web::Data<AppState>,
    staff: Staff,
    body: JsonBody<SourceInput>,
) -> Result<HttpResponse, ApiError> {
    require_source_editor(&staff)?;
    let source = state.create_source(body.0, Actor::User(staff.0.id)).await?;
    Ok(agency_write::created(format!("/v1/sources/{}", source.id), &source))
}
