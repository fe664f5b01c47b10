//! `PUT /v1/users/me/password`.

use actix_web::{HttpRequest, HttpResponse, put, web};
use recovery_app::accounts::PasswordChange;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::{Staff, throttle};
use crate::error::{ApiError, Problem};
use crate::extract::JsonBody;
use crate::state::AppState;

/// The current password and the new one.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    /// The password the user signs in with now.
    pub current_password: String,
    /// The new password: at least 10 characters.
    #[schema(min_length = 10, max_length = 1024)]
    pub new_password: String,
}

/// Change your own password.
///
/// Any signed-in user. A wrong `current_password` is a 403 (the token is fine; the proof is
/// not) and counts as a failed sign-in for the account and address, so guessing it through a
/// stolen access token hits the same 429 lockout as signing in. On success every refresh
/// token and every access token of the user ends at once: each signed-in session (this one
/// too) must sign in again, with the new password.
#[utoipa::path(
    operation_id = "users_change_own_password",
    put, path = "/v1/users/me/password", tag = "users",
    request_body = ChangePasswordRequest,
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Changed"),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The current password is wrong", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The new password is too short or too long", body = Problem,
            content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts for this account or address", body = Problem,
            content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until attempts are accepted again"))),
    )
)]
#[put("/v1/users/me/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    staff: Staff,
    req: HttpRequest,
    body: JsonBody<ChangePasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    let ChangePasswordRequest { current_password, new_password } = body.0;
    let attempt = throttle::attempt(&staff.0.email, &req);
    match state.change_password(staff.0.id, &attempt, &current_password, &new_password).await? {
        PasswordChange::Changed => {}
        PasswordChange::WrongPassword => return Err(ApiError::Forbidden("the current password is wrong".into())),
        PasswordChange::Locked(until) => return Ok(throttle::locked_response(until)),
    }
    Ok(HttpResponse::NoContent().finish())
}
