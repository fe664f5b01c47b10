//! `Staff` and `MaybeStaff`: who is calling, from an `Authorization: Bearer` access token.
//!
//! The token proves identity; the role and the active flag are read from the store on every
//! request, so a demoted or deactivated user loses access at once, not when the token expires.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use recovery_domain::{MeetingData, Role, User, UserId};

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
        if self.0.role.can_edit_listings() {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!("the {} role cannot change listings", self.0.role.as_str())))
        }
    }

    /// 403 unless the user's scopes (editors may be scoped to regions and programs) let them
    /// write `meeting`; `which` names it in the answer ("the stored meeting", "the meeting as
    /// sent"). Check the stored meeting and the new content both, so that a meeting can be
    /// moved neither into nor out of an editor's scope.
    pub fn require_meeting_scope(&self, meeting: &MeetingData, which: &str) -> Result<(), ApiError> {
        match self.0.scope_denial(meeting) {
            None => Ok(()),
            Some(denial) => Err(ApiError::Forbidden(format!("you may not write {which}: {denial}"))),
        }
    }

    /// 403 unless the user is an admin.
    pub fn require_admin(&self) -> Result<(), ApiError> {
        if self.0.role == Role::Admin { Ok(()) } else { Err(ApiError::Forbidden("admins only".into())) }
    }
}

fn bearer(req: &HttpRequest) -> Result<Option<String>, ApiError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else { return Ok(None) };
    let value = value.to_str().map_err(|_| ApiError::Unauthorized("malformed Authorization header".into()))?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() => {
            Ok(Some(token.trim().to_string()))
        }
        _ => Err(ApiError::Unauthorized("expected `Authorization: Bearer <token>`".into())),
    }
}

async fn authenticate(state: web::Data<AppState>, token: String) -> Result<User, ApiError> {
    let invalid = || ApiError::Unauthorized("invalid or expired token".into());
    let claims = state.keys.verify(&token).ok_or_else(invalid)?;
    let id: UserId = claims.sub.parse().map_err(|_| invalid())?;
    let store = state.store.clone();
    let user = match blocking(move || store.get_user(id)).await {
        Ok(user) => user,
        Err(ApiError::NotFound(_)) => return Err(invalid()),
        Err(e) => return Err(e),
    };
    if !user.active {
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
        let token = bearer(req);
        let state = state_of(req);
        Box::pin(async move {
            match token? {
                None => Ok(MaybeStaff(None)),
                Some(token) => Ok(MaybeStaff(Some(authenticate(state?, token).await?))),
            }
        })
    }
}

impl FromRequest for Staff {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let maybe = MaybeStaff::from_request(req, payload);
        Box::pin(async move {
            match maybe.await?.0 {
                Some(user) => Ok(Staff(user)),
                None => Err(ApiError::Unauthorized("sign in: send `Authorization: Bearer <token>`".into())),
            }
        })
    }
}
