//! The staff console's sign-in: server-side sessions, and the one-time links through which an
//! invited user chooses a first password, or a user a new one.
//!
//! A session token and a link token are 256 random bits, shown once (in a cookie, in a link)
//! and stored only as their SHA-256: a fast hash is right for random tokens.

use chrono::{TimeDelta, Utc};
use rand::TryRngCore;
use recovery_domain::user::{LinkKind, LinkRefusal, NewUser, StaffLink};
use recovery_domain::{Actor, Role, User, UserId, ValidationErrors};
use recovery_store::NewStaffLink;
use sha2::{Digest, Sha256};

use super::{email_error, hash, password_error, scopes};
use crate::directory::blocking;
use crate::{AppError, Directory, authorize};

/// A session ends after this long without a request.
pub const SESSION_IDLE: TimeDelta = TimeDelta::minutes(30);
/// A session ends this long after sign-in, however busy.
pub const SESSION_LIFETIME: TimeDelta = TimeDelta::hours(12);
/// An invitation or reset link works for this long.
pub const LINK_LIFETIME: TimeDelta = TimeDelta::hours(72);
/// The stored password of an invited user who has not chosen one: not a hash any password
/// verifies against, so the account cannot be signed in to until the link is used.
const NO_PASSWORD_YET: &str = "!invited";

/// 256 random bits as 64 hex digits.
pub fn random_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.try_fill_bytes(&mut bytes).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
    Ok(hex::encode(bytes))
}

/// Hex SHA-256 of a token, as stored.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// True when `token` has the shape of the tokens we hand out (so garbage never reaches the
/// database).
pub fn well_formed(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A person an admin invites.
#[derive(Debug, Clone)]
pub struct Invitation {
    /// Their sign-in email.
    pub email: String,
    /// Their role.
    pub role: Role,
    /// Regions an editor is limited to (none: all).
    pub scope_regions: Vec<String>,
    /// Programs an editor is limited to (none: all).
    pub scope_programs: Vec<String>,
}

/// A link just issued: what is stored, and the token to hand over (shown once).
#[derive(Debug, Clone)]
pub struct IssuedLink {
    /// The stored link.
    pub link: StaffLink,
    /// The token for the link's address.
    pub token: String,
}

impl Directory {
    /// Starts a console session for `user` (who just signed in); the token for the cookie.
    pub async fn start_session(&self, user: UserId) -> Result<String, AppError> {
        let token = random_token()?;
        let (hash, expires_at) = (token_hash(&token), Utc::now() + SESSION_LIFETIME);
        self.read(move |store| store.start_staff_session(user, &hash, expires_at)).await?;
        Ok(token)
    }

    /// The active user whose live session `token` is, if any (an idle, expired or
    /// deactivated user's session ends here).
    pub async fn session_user(&self, token: &str) -> Result<Option<User>, AppError> {
        if !well_formed(token) {
            return Ok(None);
        }
        let hash = token_hash(token);
        self.read(move |store| store.staff_session(&hash, SESSION_IDLE)).await
    }

    /// Ends the session `token` (signing out).
    pub async fn end_session(&self, token: &str) -> Result<(), AppError> {
        if !well_formed(token) {
            return Ok(());
        }
        let hash = token_hash(token);
        self.read(move |store| store.end_staff_session(&hash)).await
    }

    /// Adds an account for the person `invitation` names, by an admin, with a one-time link
    /// (valid [`LINK_LIFETIME`]) through which they choose their password. A taken email is a
    /// conflict; bad input is `Invalid`.
    pub async fn invite_user(&self, invitation: Invitation, by: &User) -> Result<IssuedLink, AppError> {
        authorize::admin(by)?;
        let Invitation { email, role, scope_regions, scope_programs } = invitation;
        let mut errors: Vec<_> = email_error("email", &email).into_iter().collect();
        let (scope_regions, scope_programs) = scopes(scope_regions, scope_programs, &mut errors);
        if !errors.is_empty() {
            return Err(ValidationErrors(errors).into());
        }
        let new = NewUser { email: email.trim().to_string(), role, scope_regions, scope_programs };
        let token = random_token()?;
        let link = self.new_link(LinkKind::Invitation, &token, by);
        let actor = Actor::User(by.id);
        let link = self.read(move |store| store.invite_user(&new, NO_PASSWORD_YET, &link, &actor)).await?;
        Ok(IssuedLink { link, token })
    }

    /// Issues a one-time password-reset link for user `id`, by an admin; the user's earlier
    /// unused links stop working.
    pub async fn issue_reset_link(&self, id: UserId, by: &User) -> Result<IssuedLink, AppError> {
        authorize::admin(by)?;
        let token = random_token()?;
        let link = self.new_link(LinkKind::Reset, &token, by);
        let link = self.read(move |store| store.issue_staff_link(id, &link)).await.map_err(|e| match e {
            AppError::Store(recovery_store::StoreError::NotFound) => {
                AppError::NotFound(format!("no user with id `{id}`"))
            }
            other => other,
        })?;
        Ok(IssuedLink { link, token })
    }

    /// The links not used, revoked or expired yet, newest first; admins only.
    pub async fn open_links(&self, by: &User) -> Result<Vec<StaffLink>, AppError> {
        authorize::admin(by)?;
        self.read(|store| store.open_staff_links()).await
    }

    /// Revokes the open link `id`; admins only.
    pub async fn revoke_link(&self, id: String, by: &User) -> Result<(), AppError> {
        authorize::admin(by)?;
        self.read(move |store| store.revoke_staff_link(&id)).await.map_err(|e| match e {
            AppError::Store(recovery_store::StoreError::NotFound) => {
                AppError::NotFound("no open link with this id".into())
            }
            other => other,
        })
    }

    /// The link `token` opens, if it may be used now.
    pub async fn check_link(&self, token: &str) -> Result<Result<StaffLink, LinkRefusal>, AppError> {
        if !well_formed(token) {
            return Ok(Err(LinkRefusal::Unknown));
        }
        let hash = token_hash(token);
        self.read(move |store| store.staff_link(&hash)).await
    }

    /// Uses the link `token` to set its user's password (ending their other sessions). A
    /// password that breaks the rules is `Invalid` (naming `password`) and uses nothing up.
    pub async fn redeem_link(&self, token: &str, password: &str) -> Result<Result<User, LinkRefusal>, AppError> {
        if let Some(error) = password_error("password", password) {
            return Err(ValidationErrors(vec![error]).into());
        }
        if !well_formed(token) {
            return Ok(Err(LinkRefusal::Unknown));
        }
        let (hash_of_token, password) = (token_hash(token), password.to_string());
        blocking(self.store(), move |store| -> Result<_, AppError> {
            Ok(store.redeem_staff_link(&hash_of_token, &hash(&password)?)?)
        })
        .await
    }

    fn new_link(&self, kind: LinkKind, token: &str, by: &User) -> NewStaffLink {
        NewStaffLink { token_hash: token_hash(token), kind, created_by: by.id, expires_at: Utc::now() + LINK_LIFETIME }
    }
}
