//! `POST /v1/auth/refresh`: a refresh token for a new access token and refresh token.

use actix_web::{HttpResponse, post, web};
use recovery_store::RefreshOutcome;
use serde::Deserialize;
use utoipa::ToSchema;

use super::pair::{self, TokenResponse};
use crate::auth::refresh::{hash_refresh_token, refresh_expiry};
use crate::error::{ApiError, Problem, blocking};
use crate::extract::JsonBody;
use crate::state::AppState;

/// A refresh token, to exchange or to revoke.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// The `refresh_token` from the last sign-in or refresh.
    pub refresh_token: String,
}

/// Exchange a refresh token.
///
/// Answers a new access token and a new refresh token; the one sent is spent. Sending a spent
/// refresh token again is taken for theft: every token descended from the same sign-in is
/// revoked, and the answer is 401. So is the answer for an unknown, expired or revoked token,
/// or one of a deactivated user — always the same 401. Of two concurrent exchanges of one
/// token, exactly one succeeds (and the other, being a reuse, revokes the pair it got).
#[utoipa::path(
    operation_id = "auth_refresh",
    post, path = "/v1/auth/refresh", tag = "auth",
    request_body = RefreshRequest,
    security(()),
    responses(
        (status = 200, description = "A new token pair", body = TokenResponse),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "The refresh token is not valid (any reason)", body = Problem,
            content_type = "application/problem+json"),
    )
)]
#[post("/v1/auth/refresh")]
pub async fn refresh(state: web::Data<AppState>, body: JsonBody<RefreshRequest>) -> Result<HttpResponse, ApiError> {
    let presented = hash_refresh_token(body.0.refresh_token.trim());
    let (refresh_token, new_hash) = pair::new_refresh_token()?;
    let store = state.store().clone();
    let outcome = blocking(move || store.rotate_refresh_token(&presented, &new_hash, refresh_expiry())).await?;
    match outcome {
        RefreshOutcome::Rotated(user) => Ok(HttpResponse::Ok().json(pair::token_pair(&state, &user, refresh_token)?)),
        RefreshOutcome::Refused(reason) => Err(pair::refused(reason)),
    }
}
