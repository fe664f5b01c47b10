//! `POST /v1/auth/logout`: revoke a refresh token.

use actix_web::{HttpResponse, post, web};

use super::pair;
use super::refresh::RefreshRequest;
use crate::auth::refresh::hash_refresh_token;
use crate::error::{ApiError, Problem, blocking};
use crate::extract::JsonBody;
use crate::state::AppState;

/// Sign out.
///
/// Revokes the refresh token and every token descended from the same sign-in, and ends every
/// access token the user holds at once (other sessions refresh theirs with their own refresh
/// tokens). A token
/// that could not be exchanged any more (unknown, expired, revoked, spent) gets the same 401 as
/// at `/v1/auth/refresh`.
#[utoipa::path(
    operation_id = "auth_logout",
    post, path = "/v1/auth/logout", tag = "auth",
    request_body = RefreshRequest,
    security(()),
    responses(
        (status = 204, description = "Signed out"),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "The refresh token is not valid (any reason)", body = Problem,
            content_type = "application/problem+json"),
    )
)]
#[post("/v1/auth/logout")]
pub async fn logout(state: web::Data<AppState>, body: JsonBody<RefreshRequest>) -> Result<HttpResponse, ApiError> {
    let presented = hash_refresh_token(body.0.refresh_token.trim());
    let store = state.store().clone();
    match blocking(move || store.revoke_refresh_token(&presented)).await? {
        None => Ok(HttpResponse::NoContent().finish()),
        Some(reason) => Err(pair::refused(reason)),
    }
}
