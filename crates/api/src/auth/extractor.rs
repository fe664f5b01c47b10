//! `Staff` and `MaybeStaff`: who is calling, from an `Authorization: Bearer` access token.
//!
//! The token proves identity; the role and the active flag are read from the store on every
//! request, so a demoted or deactivated user loses access at once, not when the token expires.
//!
//! A request may carry an API key instead (`X-API-Key`, or `Authorization: Bearer rdk_…`:
//! keys are told from tokens by their prefix). A key reads like the public: `MaybeStaff` is
//! `None` for it, and `Staff` answers 403, because keys are read-only.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header::{self, HeaderMap};
use actix_web::{FromRequest, HttpRequest, web};
use recovery_domain::{MeetingData, User, UserId};

use super::api_key::{self, API_KEY_HEADER, KEY_PREFIX};
use crate::error::{ApiError, blocking};
use crate::state::AppState;

/// A signed-in, active staff user (401 otherwise).
#[derive(Debug, Clone)]
pub struct Staff(pub User);

/// The caller, if it sent credentials; a present but bad token is still a 401.
#[derive(Debug, Clone)]
pub struct MaybeStaff(pub Option<User>);

impl Staff {
    /// 403 unless the user may change listings.
    pub fn require_editor(&self) -> Result<(), ApiError> {
        Ok(recovery_app::authorize::editor(&self.0)?)
    }

    /// 403 unless the user's scopes (editors may be scoped to regions and programs) let them
    /// write `meeting`; `which` names it in the answer ("the stored meeting", "the meeting as
    /// sent"). Check the stored meeting and the new content both, so that a meeting can be
    /// moved neither into nor out of an editor's scope.
    pub fn require_meeting_scope(&self, meeting: &MeetingData, which: &str) -> Result<(), ApiError> {
        Ok(recovery_app::authorize::meeting_scope(&self.0, meeting, which)?)
    }

    /// 403 unless the user is an admin.
    pub fn require_admin(&self) -> Result<(), ApiError> {
        Ok(recovery_app::authorize::admin(&self.0)?)
    }
}

/// What a request presents to say who it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// A staff access token (`Authorization: Bearer <jwt>`).
    Token(String),
    /// An API key (`X-API-Key: <key>` or `Authorization: Bearer rdk_…`).
    ApiKey(String),
}

/// The credential in `headers`, if any. A malformed `Authorization` or `X-API-Key` is a 401;
/// both at once is a 400 (which one should count?).
pub fn credential(headers: &HeaderMap) -> Result<Option<Credential>, ApiError> {
    let authorization = headers.get(header::AUTHORIZATION);
    if let Some(value) = headers.get(API_KEY_HEADER) {
        if authorization.is_some() {
            return Err(ApiError::bad_field("X-API-Key", "send an API key or an Authorization header, not both"));
        }
        let key = value.to_str().map(str::trim).unwrap_or_default();
        if key.is_empty() {
            return Err(ApiError::Unauthorized("malformed X-API-Key header".into()));
        }
        return Ok(Some(Credential::ApiKey(key.to_string())));
    }
    let Some(value) = authorization else { return Ok(None) };
    let value = value.to_str().map_err(|_| ApiError::Unauthorized("malformed Authorization header".into()))?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() => {
            let token = token.trim().to_string();
            Ok(Some(if token.starts_with(KEY_PREFIX) { Credential::ApiKey(token) } else { Credential::Token(token) }))
        }
        _ => Err(ApiError::Unauthorized("expected `Authorization: Bearer <token>`".into())),
    }
}

async fn authenticate(state: web::Data<AppState>, token: String) -> Result<User, ApiError> {
    let invalid = || ApiError::Unauthorized("invalid or expired token".into());
    let claims = state.keys.verify(&token).ok_or_else(invalid)?;
    let id: UserId = claims.sub.parse().map_err(|_| invalid())?;
    let store = state.store().clone();
    let user = match blocking(move || store.get_user(id)).await {
        Ok(user) => user,
        Err(ApiError::NotFound(_)) => return Err(invalid()),
        Err(e) => return Err(e),
    };
    // Signed out, a new password, deactivated: tokens of an earlier generation end at once.
    if !user.active || claims.generation != user.token_generation {
        return Err(invalid());
    }
    Ok(user)
}

fn state_of(req: &HttpRequest) -> Result<web::Data<AppState>, ApiError> {
    req.app_data::<web::Data<AppState>>().cloned().ok_or_else(|| ApiError::Internal("application state missing".into()))
}

impl FromRequest for MaybeStaff {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let credential = credential(req.headers());
        let state = state_of(req);
        let req = req.clone();
        Box::pin(async move {
            match credential? {
                None => Ok(MaybeStaff(None)),
                // A key reads what the public reads.
                Some(Credential::ApiKey(key)) => {
                    api_key::check(&req, &key).await?;
                    Ok(MaybeStaff(None))
                }
                Some(Credential::Token(token)) => Ok(MaybeStaff(Some(authenticate(state?, token).await?))),
            }
        })
    }
}

impl FromRequest for Staff {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let presents_key = matches!(credential(req.headers()), Ok(Some(Credential::ApiKey(_))));
        let maybe = MaybeStaff::from_request(req, payload);
        Box::pin(async move {
            let maybe = maybe.await?;
            if presents_key {
                return Err(ApiError::Forbidden(
                    "API keys are read-only: staff routes and writes need a staff access token".into(),
                ));
            }
            match maybe.0 {
                Some(user) => Ok(Staff(user)),
                None => Err(ApiError::Unauthorized("sign in: send `Authorization: Bearer <token>`".into())),
            }
        })
    }
}
