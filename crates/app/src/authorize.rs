//! Who may do what: the role and scope checks every surface shares, so that the REST API and
//! the staff console refuse the same things with the same words.

use recovery_domain::{MeetingData, Role, User};

use crate::AppError;

/// `Forbidden` unless `user` may change listings.
pub fn editor(user: &User) -> Result<(), AppError> {
    if user.role.can_edit_listings() {
        Ok(())
    } else {
        Err(AppError::Forbidden(format!("the {} role cannot change listings", user.role.as_str())))
    }
}

/// `Forbidden` unless `user`'s scopes (editors may be scoped to regions and programs) let them
/// write `meeting`; `which` names it in the message ("the stored meeting", "the meeting as
/// sent"). Check the stored meeting and the new content both, so that a meeting can be moved
/// neither into nor out of an editor's scope.
pub fn meeting_scope(user: &User, meeting: &MeetingData, which: &str) -> Result<(), AppError> {
    match user.scope_denial(meeting) {
        None => Ok(()),
        Some(denial) => Err(AppError::Forbidden(format!("you may not write {which}: {denial}"))),
    }
}

/// `Forbidden` unless `user` is an admin.
pub fn admin(user: &User) -> Result<(), AppError> {
    if user.role == Role::Admin { Ok(()) } else { Err(AppError::Forbidden("admins only".into())) }
}
