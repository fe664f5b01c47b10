//! `POST /v1/users`.

use actix_web::{HttpResponse, http::header, post, web};
use recovery_app::accounts::NewAccount;
use recovery_domain::{Actor, Role};
use serde::Deserialize;
use utoipa::ToSchema;

use super::view::UserView;
use crate::auth::Staff;
use crate::error::{ApiError, CreateProblems};
use crate::extract::JsonBody;
use crate::state::AppState;

/// A new staff user.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    /// Sign-in email (stored lowercase; must not be taken).
    #[schema(format = Email, max_length = 254)]
    pub email: String,
    /// At least 10 characters.
    #[schema(min_length = 10, max_length = 1024)]
    pub password: String,
    /// `admin`, `editor` or `viewer`.
    pub role: Role,
    /// Regions an editor may write meetings in; absent or empty for every region.
    #[serde(default)]
    pub scope_regions: Vec<String>,
    /// Program ids an editor may write meetings of; absent or empty for every program.
    #[serde(default)]
    pub scope_programs: Vec<String>,
}

/// Create a staff user.
///
/// Admins only. The user is active at once. A taken email is a 409.
#[utoipa::path(
    operation_id = "users_create",
    post, path = "/v1/users", tag = "users",
    request_body = CreateUserRequest,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = UserView,
            headers(("Location" = String, description = "The new user's URL"))),
        CreateProblems,
    )
)]
#[post("/v1/users")]
pub async fn create(
    state: web::Data<AppState>,
    staff: Staff,
    body: JsonBody<CreateUserRequest>,
) -> Result<HttpResponse, ApiError> {
    staff.require_admin()?;
    let CreateUserRequest { email, password, role, scope_regions, scope_programs } = body.0;
    let new = NewAccount { email, password, role, scope_regions, scope_programs };
    let user = state.add_user(new, Actor::User(staff.0.id)).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/v1/users/{}", user.id)))
        .json(UserView::from(user)))
}
