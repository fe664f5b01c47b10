//! `/v1/auth`: signing in, refreshing the access token, signing out.
//!
//! Signing in gives a short-lived access token (a JWT sent as `Authorization: Bearer`) and a
//! refresh token, which is exchanged once for a new pair (`/v1/auth/refresh`) and revoked by
//! signing out (`/v1/auth/logout`). Every refused refresh token gets the same 401.

pub mod logout;
pub mod refresh;
pub mod token;

use recovery_domain::User;
use recovery_store::RefreshRefusal;

use crate::auth::refresh::REFRESH_TOKEN_TTL;
use crate::auth::token::ACCESS_TOKEN_TTL_SECS;
use crate::error::ApiError;
use crate::state::AppState;
pub use token::TokenResponse;

/// The answer to a refresh token that is unknown, expired, revoked, reused or a deactivated
/// user's: one 401 for all, so a client learns nothing about which tokens exist.
pub(crate) fn refused(reason: RefreshRefusal) -> ApiError {
    tracing::info!(?reason, "refresh token refused");
    ApiError::Unauthorized("invalid refresh token; sign in again".into())
}

/// An access token for `user` and the given refresh token, as answered.
pub(crate) fn token_pair(state: &AppState, user: &User, refresh_token: String) -> Result<TokenResponse, ApiError> {
    let access_token =
        state.keys.issue(user.id, user.role).map_err(|e| ApiError::Internal(format!("could not sign a token: {e}")))?;
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
