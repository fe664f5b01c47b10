//! Staff accounts: signing in (with the throttle), adding and changing users, and changing
//! one's own password. Every surface (the REST API, the staff console, the command line)
//! signs in and manages accounts through these use cases, so roles, scopes, lockout and the
//! password rules are the same everywhere.

pub mod console;
pub mod password;
mod throttle;

use chrono::{DateTime, Utc};
use recovery_domain::user::{NewUser, UserChanges, validate_scopes};
use recovery_domain::validation::is_plausible_email;
use recovery_domain::{Actor, FieldError, Programs, Role, User, UserId, ValidationErrors};

pub use throttle::{Attempt, POLICY};

use crate::directory::blocking;
use crate::{AppError, Directory};

/// The longest email accepted for a staff account.
pub const MAX_EMAIL_LEN: usize = 254;
/// The longest password accepted (argon2 would take any length; this bounds the work).
pub const MAX_PASSWORD_LEN: usize = 1024;

/// The error for `field` holding `email`, if it is not a usable sign-in email.
pub fn email_error(field: &str, email: &str) -> Option<FieldError> {
    let email = email.trim();
    let message = if email.chars().count() > MAX_EMAIL_LEN {
        format!("must be at most {MAX_EMAIL_LEN} characters")
    } else if !is_plausible_email(email) {
        "is not an email address".to_string()
    } else {
        return None;
    };
    Some(FieldError { field: field.to_string(), message })
}

/// The error for `field` holding `password`, if it is too short or too long.
pub fn password_error(field: &str, password: &str) -> Option<FieldError> {
    let length = password.chars().count();
    let message = if length < password::MIN_PASSWORD_LEN {
        format!("must be at least {} characters", password::MIN_PASSWORD_LEN)
    } else if length > MAX_PASSWORD_LEN {
        format!("must be at most {MAX_PASSWORD_LEN} characters")
    } else {
        return None;
    };
    Some(FieldError { field: field.to_string(), message })
}

/// A staff account to add, as an admin sends it.
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// Sign-in email.
    pub email: String,
    /// The first password.
    pub password: String,
    /// The role.
    pub role: Role,
    /// Regions an editor is limited to (none: all).
    pub scope_regions: Vec<String>,
    /// Programs an editor is limited to (none: all).
    pub scope_programs: Vec<String>,
}

/// What an admin changes about an account; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct AccountChanges {
    /// A new sign-in email.
    pub email: Option<String>,
    /// A new role.
    pub role: Option<Role>,
    /// `false` deactivates, `true` reactivates.
    pub active: Option<bool>,
    /// New region scope (`[]` removes it).
    pub scope_regions: Option<Vec<String>>,
    /// New program scope (`[]` removes it).
    pub scope_programs: Option<Vec<String>>,
}

/// How a sign-in went.
#[derive(Debug, Clone)]
pub enum SignIn {
    /// The email and password match an active account.
    Signed(User),
    /// Wrong email or password, or a deactivated account (the caller cannot tell which).
    Refused,
    /// Too many failures for this account or address: refused until then, whatever the
    /// password.
    Locked(DateTime<Utc>),
}

/// How a change of one's own password went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordChange {
    /// Changed.
    Changed,
    /// The current password was wrong (counted as a failed sign-in).
    WrongPassword,
    /// Too many failures: refused until then.
    Locked(DateTime<Utc>),
}

/// Checks the scopes an admin sends, adding their errors to `errors`.
fn scopes(regions: Vec<String>, programs: Vec<String>, errors: &mut Vec<FieldError>) -> (Vec<String>, Vec<String>) {
    match validate_scopes(regions, programs, Programs::builtin()) {
        Ok(scopes) => scopes,
        Err(ValidationErrors(more)) => {
            errors.extend(more);
            Default::default()
        }
    }
}

/// Hashes a password; call it on the blocking pool (argon2 takes tens of milliseconds on purpose).
fn hash(password: &str) -> Result<String, AppError> {
    password::hash_password(password).map_err(|e| AppError::Internal(format!("hashing: {e}")))
}

impl Directory {
    /// Signs in with email and password under the throttle: a wrong password and an unknown
    /// email cost the same time and count the same failure.
    pub async fn sign_in(&self, email: &str, password: &str, attempt: &Attempt) -> Result<SignIn, AppError> {
        if let Some(until) = self.sign_in_locked_until(attempt).await? {
            return Ok(SignIn::Locked(until));
        }
        let (email, password) = (email.trim().to_string(), password.to_string());
        let user = self
            .read(move |store| {
                Ok(match store.user_credentials(&email)? {
                    Some((user, hash)) if password::verify_password(&password, &hash) && user.active => Some(user),
                    Some(_) => None,
                    None => {
                        password::verify_against_dummy(&password);
                        None
                    }
                })
            })
            .await?;
        let Some(user) = user else {
            self.record_sign_in_failure(attempt).await?;
            return Ok(SignIn::Refused);
        };
        self.clear_sign_in_failures(attempt).await?;
        Ok(SignIn::Signed(user))
    }

    /// Changes `user`'s own password, given the current one, under the throttle. A new
    /// password that breaks the rules is `Invalid` (naming `new_password`) before anything else.
    pub async fn change_password(
        &self,
        user: UserId,
        attempt: &Attempt,
        current: &str,
        new: &str,
    ) -> Result<PasswordChange, AppError> {
        if let Some(error) = password_error("new_password", new) {
            return Err(ValidationErrors(vec![error]).into());
        }
        if let Some(until) = self.sign_in_locked_until(attempt).await? {
            return Ok(PasswordChange::Locked(until));
        }
        let (current, new) = (current.to_string(), new.to_string());
        let changed = blocking(self.store(), move |store| -> Result<bool, AppError> {
            let (_, stored) = store.user_credentials_by_id(user)?;
            if !password::verify_password(&current, &stored) {
                return Ok(false);
            }
            store.set_user_password(user, &hash(&new)?, &Actor::User(user))?;
            Ok(true)
        })
        .await?;
        if !changed {
            self.record_sign_in_failure(attempt).await?;
            return Ok(PasswordChange::WrongPassword);
        }
        Ok(PasswordChange::Changed)
    }

    /// Adds a staff account, active at once. A taken email is a conflict.
    pub async fn add_user(&self, new: NewAccount, actor: Actor) -> Result<User, AppError> {
        let NewAccount { email, password, role, scope_regions, scope_programs } = new;
        let mut errors: Vec<_> =
            [email_error("email", &email), password_error("password", &password)].into_iter().flatten().collect();
        let (scope_regions, scope_programs) = scopes(scope_regions, scope_programs, &mut errors);
        if !errors.is_empty() {
            return Err(ValidationErrors(errors).into());
        }
        let new = NewUser { email: email.trim().to_string(), role, scope_regions, scope_programs };
        blocking(self.store(), move |store| -> Result<User, AppError> {
            Ok(store.add_user(&new, &hash(&password)?, &actor)?)
        })
        .await
    }

    /// Changes an account's email, role, active flag or scopes. One that would leave no
    /// active admin, or take a used email, is a conflict.
    pub async fn update_user(&self, id: UserId, changes: AccountChanges, actor: Actor) -> Result<User, AppError> {
        let mut errors: Vec<_> = changes.email.as_deref().and_then(|e| email_error("email", e)).into_iter().collect();
        let given_regions = changes.scope_regions.is_some();
        let given_programs = changes.scope_programs.is_some();
        let (regions, programs) =
            scopes(changes.scope_regions.unwrap_or_default(), changes.scope_programs.unwrap_or_default(), &mut errors);
        if !errors.is_empty() {
            return Err(ValidationErrors(errors).into());
        }
        let changes = UserChanges {
            email: changes.email.map(|e| e.trim().to_string()),
            role: changes.role,
            active: changes.active,
            scope_regions: given_regions.then_some(regions),
            scope_programs: given_programs.then_some(programs),
        };
        self.read(move |store| store.update_user(id, &changes, &actor)).await
    }
}
