//! `GET /v1/users`.

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use super::view::UserView;
use crate::auth::Staff;
use crate::error::{ApiError, Problem, blocking};
use crate::state::AppState;

/// Every staff user.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserList {
    /// The users, active or not, by email.
    pub items: Vec<UserView>,
}

/// List staff users.
///
/// Admins only.
#[utoipa::path(
    operation_id = "users_list",
    get, path = "/v1/users", tag = "users",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every user", body = UserList),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/users")]
pub async fn list(state: web::Data<AppState>, staff: Staff) -> Result<HttpResponse, ApiError> {
    staff.require_admin()?;
    let store = state.store().clone();
    let users = blocking(move || store.list_users()).await?;
    Ok(HttpResponse::Ok().json(UserList { items: users.into_iter().map(UserView::from).collect() }))
}
