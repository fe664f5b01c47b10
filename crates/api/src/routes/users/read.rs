//! `GET /v1/users/{id}`.

use actix_web::{HttpResponse, get, web};

use super::view::UserView;
use crate::auth::Staff;
use crate::error::{ApiError, Problem, blocking};
use crate::state::AppState;

/// Read a staff user.
///
/// Admins only.
#[utoipa::path(
    operation_id = "users_read",
    get, path = "/v1/users/{id}", tag = "users",
    params(("id" = String, Path, description = "The user's id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The user", body = UserView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/users/{id}")]
pub async fn read(state: web::Data<AppState>, staff: Staff, path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    staff.require_admin()?;
    let id = super::parse_id(&path)?;
    let store = state.store().clone();
    let user = blocking(move || store.get_user(id)).await.map_err(|e| not_found(e, &path))?;
    Ok(HttpResponse::Ok().json(UserView::from(user)))
}

/// A store's bare "not found", said about the user asked for.
pub(crate) fn not_found(e: impl Into<ApiError>, id: &str) -> ApiError {
    match e.into() {
        ApiError::NotFound(_) => {
            ApiError::NotFound(format!("no user with id `{}`", crate::extract::query::shorten(id)))
        }
        other => other,
    }
}
