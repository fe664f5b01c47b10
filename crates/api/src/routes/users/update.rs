//! `PATCH /v1/users/{id}`.

use actix_web::{HttpResponse, patch, web};
use recovery_app::accounts::AccountChanges;
use recovery_domain::{Actor, Role};
use serde::Deserialize;
use utoipa::ToSchema;

use super::view::UserView;
use crate::auth::Staff;
use crate::error::{ApiError, UpdateProblems};
use crate::extract::JsonBody;
use crate::state::AppState;

/// What to change about a user; absent (or null) fields stay as they are. The password is
/// not changed here (see `PUT /v1/users/me/password`).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    /// A new sign-in email (must not be taken).
    #[schema(format = Email, max_length = 254)]
    pub email: Option<String>,
    /// A new role.
    pub role: Option<Role>,
    /// `false` deactivates the user: they cannot sign in or refresh, and their access tokens
    /// and refresh tokens stop working at once. `true` reactivates (they sign in again).
    pub active: Option<bool>,
    /// The new region scope, replacing the old one; `[]` removes it.
    pub scope_regions: Option<Vec<String>>,
    /// The new program scope, replacing the old one; `[]` removes it.
    pub scope_programs: Option<Vec<String>>,
}

/// Change a staff user's role, scopes, active flag or email.
///
/// Admins only. A change that would leave no active admin is a 409 (naming `role` or
/// `active`); so is a taken email.
#[utoipa::path(
    operation_id = "users_update",
    patch, path = "/v1/users/{id}", tag = "users",
    params(("id" = String, Path, description = "The user's id")),
    request_body = UpdateUserRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The user as changed", body = UserView),
        UpdateProblems,
    )
)]
#[patch("/v1/users/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    body: JsonBody<UpdateUserRequest>,
) -> Result<HttpResponse, ApiError> {
    staff.require_admin()?;
    let id = super::parse_id(&path)?;
    let UpdateUserRequest { email, role, active, scope_regions, scope_programs } = body.0;
    let changes = AccountChanges { email, role, active, scope_regions, scope_programs };
    let user =
        state.update_user(id, changes, Actor::User(staff.0.id)).await.map_err(|e| super::read::not_found(e, &path))?;
    Ok(HttpResponse::Ok().json(UserView::from(user)))
}
