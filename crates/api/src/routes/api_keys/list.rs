//! `GET /v1/api-keys`.

use actix_web::{HttpResponse, get, web};

use super::view::{ApiKeyList, ApiKeyView};
use crate::auth::Staff;
use crate::error::{ApiError, Problem, blocking};
use crate::state::AppState;

/// List API keys.
///
/// Admins only. Every key, revoked ones included (with `revoked_at`), oldest first; never the
/// keys themselves.
#[utoipa::path(
    operation_id = "api_keys_list",
    get, path = "/v1/api-keys", tag = "api-keys",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The keys", body = ApiKeyList),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin, or an API key was sent", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/api-keys")]
pub async fn list(state: web::Data<AppState>, staff: Staff) -> Result<HttpResponse, ApiError> {
    staff.require_admin()?;
    let store = state.store().clone();
    let keys = blocking(move || store.api_keys()).await?;
    Ok(HttpResponse::Ok().json(ApiKeyList { items: keys.into_iter().map(ApiKeyView::from).collect() }))
}
