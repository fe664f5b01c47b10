//! `PATCH /v1/users/{id}`.

use actix_web::{HttpResponse, patch, web};
use recovery_domain::user::{UserChanges, validate_scopes};
use recovery_domain::{Actor, Programs, Role, ValidationErrors};
use serde::Deserialize;
use utoipa::ToSchema;

use super::view::UserView;
use crate::auth::Staff;
use crate::error::{ApiError, UpdateProblems, blocking};
use crate::extract::JsonBody;
use crate::state::AppState;

/// What to change about a user; absent (or null) fields stay as they are. The password is
/// not changed here (see `PUT /v1/users/me/password`).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    /// A new sign-in email (must not be taken).
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
    let changes = changes(body.0)?;
    let actor = Actor::User(staff.0.id);
    let store = state.store().clone();
    let user = blocking(move || store.update_user(id, &changes, &actor))
        .await
        .map_err(|e| super::read::not_found(e, &path))?;
    Ok(HttpResponse::Ok().json(UserView::from(user)))
}

/// The request as store changes, validated (422 naming each bad field).
fn changes(request: UpdateUserRequest) -> Result<UserChanges, ApiError> {
    let mut errors: Vec<_> =
        request.email.as_deref().and_then(|e| super::email_error("email", e)).into_iter().collect();
    let given_regions = request.scope_regions.is_some();
    let given_programs = request.scope_programs.is_some();
    let scopes = validate_scopes(
        request.scope_regions.unwrap_or_default(),
        request.scope_programs.unwrap_or_default(),
        Programs::builtin(),
    );
    let (regions, programs) = match scopes {
        Ok(scopes) => scopes,
        Err(ValidationErrors(more)) => {
            errors.extend(more);
            Default::default()
        }
    };
    if !errors.is_empty() {
        return Err(ValidationErrors(errors).into());
    }
    Ok(UserChanges {
        email: request.email.map(|e| e.trim().to_string()),
        role: request.role,
        active: request.active,
        scope_regions: given_regions.then_some(regions),
        scope_programs: given_programs.then_some(programs),
    })
}
