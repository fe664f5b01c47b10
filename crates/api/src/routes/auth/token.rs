//! `POST /v1/auth/token`: email and password for an access token and a refresh token.

use actix_web::{HttpRequest, HttpResponse, post, web};
use recovery_app::accounts::SignIn;
use serde::Deserialize;
use utoipa::ToSchema;

use super::pair::{self, TokenResponse};
use crate::auth::refresh::refresh_expiry;
use crate::auth::throttle;
use crate::error::{ApiError, Problem, blocking};
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

/// Sign in.
///
/// A wrong password and an unknown email get the same 401, in the same time. After 5 failed
/// sign-ins within 15 minutes for one account (existing or not), or from one client address,
/// sign-ins for it are answered 429 for 15 minutes, even with the right password; `Retry-After`
/// says how many seconds remain. A successful sign-in clears the account's count.
#[utoipa::path(
    operation_id = "auth_token",
    post, path = "/v1/auth/token", tag = "auth",
    request_body = TokenRequest,
    security(()),
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Wrong email or password", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed sign-ins for this account or address",
            body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until sign-ins are accepted again"))),
    )
)]
#[post("/v1/auth/token")]
pub async fn token(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonBody<TokenRequest>,
) -> Result<HttpResponse, ApiError> {
    let TokenRequest { email, password } = body.0;
    let user = match state.sign_in(&email, &password, &throttle::attempt(&email, &req)).await? {
        SignIn::Signed(user) => user,
        SignIn::Refused => return Err(ApiError::Unauthorized("wrong email or password".into())),
        SignIn::Locked(until) => return Ok(throttle::locked_response(until)),
    };
    let (refresh_token, hash) = pair::new_refresh_token()?;
    let store = state.store().clone();
    let id = user.id;
    blocking(move || store.issue_refresh_token(id, &hash, refresh_expiry())).await?;
    Ok(HttpResponse::Ok().json(pair::token_pair(&state, &user, refresh_token)?))
}
