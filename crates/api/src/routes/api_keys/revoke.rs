//! `DELETE /v1/api-keys/{id}`: revokes; the record stays, for the audit trail.

use actix_web::{HttpRequest, HttpResponse, delete, web};
use recovery_domain::Actor;

use crate::auth::Staff;
use crate::auth::api_key::ApiKeyCache;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

/// Revoke an API key.
///
/// Admins only. The key stops working at once on this server, and within ten seconds on
/// every other replica; it stays listed, with `revoked_at`. Revoking is logged in the change
/// log. A key already revoked is a 404.
#[utoipa::path(
    operation_id = "api_keys_revoke",
    delete, path = "/v1/api-keys/{id}", tag = "api-keys",
    params(("id" = String, Path, description = "The key's id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin, or an API key was sent", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such key, or already revoked", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/v1/api-keys/{id}")]
pub async fn revoke(
    state: web::Data<AppState>,
    staff: Staff,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    staff.require_admin()?;
    let id = super::parse_id(&path)?;
    state.revoke_api_key(id, Actor::User(staff.0.id)).await?;
    if let Some(cache) = req.app_data::<web::Data<ApiKeyCache>>() {
        cache.forget(id);
    }
    Ok(HttpResponse::NoContent().finish())
}
