//! `POST /v1/auth/token`: email and password for an access token.

use actix_web::{HttpResponse, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::password;
use crate::auth::token::ACCESS_TOKEN_TTL_SECS;
use crate::error::{ApiError, Problem};
use crate::extract::JsonBody;
use crate::state::AppState;

/// Sign-in credentials.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    /// The account's email (any case).
    pub email: String,
    /// The account's password.
    pub password: String,
}

/// An access token.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer <access_token>`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the token expires.
    pub expires_in: i64,
}

/// Sign in.
///
/// A wrong password and an unknown email get the same 401, in the same time.
#[utoipa::path(
    post, path = "/v1/auth/token", tag = "auth",
    request_body = TokenRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Wrong email or password", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/auth/token")]
pub async fn token(state: web::Data<AppState>, body: JsonBody<TokenRequest>) -> Result<HttpResponse, ApiError> {
    let TokenRequest { email, password } = body.0;
    let store = state.store.clone();
    let user = web::block(move || -> Result<_, ApiError> {
        let found = store.user_credentials(email.trim())?;
        Ok(match found {
            Some((user, hash)) if password::verify_password(&password, &hash) && user.active => Some(user),
            Some(_) => None,
            None => {
                password::verify_against_dummy(&password);
                None
            }
        })
    })
    .await??;
    let user = user.ok_or_else(|| ApiError::Unauthorized("wrong email or password".into()))?;
    let access_token =
        state.keys.issue(user.id, user.role).map_err(|e| ApiError::Internal(format!("could not sign a token: {e}")))?;
    Ok(HttpResponse::Ok().json(TokenResponse { access_token, token_type: "Bearer", expires_in: ACCESS_TOKEN_TTL_SECS }))
}
