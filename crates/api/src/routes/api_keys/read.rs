//! `GET /v1/api-keys/{id}`.

use actix_web::{HttpResponse, get, web};

use super::view::ApiKeyView;
use crate::auth::Staff;
use crate::error::{ApiError, Problem, blocking};
use crate::state::AppState;

/// Read one API key.
///
/// Admins only. Never the key itself; `last_used_at` is kept to within a minute.
#[utoipa::path(
    operation_id = "api_keys_read",
    get, path = "/v1/api-keys/{id}", tag = "api-keys",
    params(("id" = String, Path, description = "The key's id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The key", body = ApiKeyView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin, or an API key was sent", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such key", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/api-keys/{id}")]
pub async fn read(state: web::Data<AppState>, staff: Staff, path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    staff.require_admin()?;
    let id = super::parse_id(&path)?;
    let store = state.store().clone();
    let key = match blocking(move || store.get_api_key(id)).await {
        Err(ApiError::NotFound(_)) => return Err(ApiError::NotFound(format!("no API key with id `{id}`"))),
        other => other?,
    };
    Ok(HttpResponse::Ok().json(ApiKeyView::from(key)))
}
