//! What signing in and refreshing answer with: a new token pair; and the one answer to every
//! refused refresh token.

use recovery_domain::User;
use recovery_store::RefreshRefusal;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::refresh::REFRESH_TOKEN_TTL;
use crate::auth::token::ACCESS_TOKEN_TTL_SECS;
use crate::error::ApiError;
use crate::state::AppState;

/// An access token and the refresh token that renews it.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer <access_token>`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the access token expires (900).
    pub expires_in: i64,
    /// Exchange once at `POST /v1/auth/refresh` for a new pair; keep it secret. Using it a
    /// second time signs out every token descended from the same sign-in.
    pub refresh_token: String,
    /// Seconds until the refresh token expires unless exchanged (30 days).
    pub refresh_expires_in: i64,
}

/// The answer to a refresh token that is unknown, expired, revoked, reused or a deactivated
/// user's: one 401 for all, so a client learns nothing about which tokens exist.
pub(crate) fn refused(reason: RefreshRefusal) -> ApiError {
    tracing::info!(?reason, "refresh token refused");
    ApiError::Unauthorized("invalid refresh token; sign in again".into())
}

/// An access token for `user` and the given refresh token, as answered.
pub(crate) fn token_pair(state: &AppState, user: &User, refresh_token: String) -> Result<TokenResponse, ApiError> {
    let access_token = state
        .keys
        .issue(user.id, user.role, user.token_generation)
        .map_err(|e| ApiError::Internal(format!("could not sign a token: {e}")))?;
    Ok(TokenResponse {
        access_token,
        token_type: "Bearer",
        expires_in: ACCESS_TOKEN_TTL_SECS,
        refresh_token,
        refresh_expires_in: REFRESH_TOKEN_TTL.num_seconds(),
    })
}

/// A new refresh token and its hash (500 only if the system's random source fails).
pub(crate) fn new_refresh_token() -> Result<(String, String), ApiError> {
    crate::auth::refresh::new_refresh_token().map_err(ApiError::Internal)
}
