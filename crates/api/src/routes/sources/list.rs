//! `GET /v1/sources`.

use actix_web::{HttpResponse, get, web};
use recovery_domain::source::Source;

use crate::auth::Staff;
use crate::error::{ApiError, Problem, blocking};
use crate::state::AppState;

/// List the registered sources.
///
/// Staff of any role. Every source, by name (there are few). `next_sync_at` says when the
/// scheduler runs each next; it is null for sources synced only on request, fed by uploaded
/// files, or disabled.
#[utoipa::path(
    operation_id = "sources_list",
    get, path = "/v1/sources", tag = "sources",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every source, by name", body = Vec<Source>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a staff user (an API key)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/sources")]
pub async fn list(state: web::Data<AppState>, _staff: Staff) -> Result<HttpResponse, ApiError> {
    let store = state.store().clone();
    let sources = blocking(move || store.list_sources()).await?;
    Ok(HttpResponse::Ok().json(sources))
}
