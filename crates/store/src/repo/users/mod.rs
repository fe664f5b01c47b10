//! Staff users: create, read, update, passwords, and the credentials sign-in checks.
//!
//! Every change is one transaction that also appends a change-log entry (entity `user`) whose
//! `before`/`after` are the [`recovery_domain::User`] — which has no password hash, so hashes
//! never reach the log.

pub(crate) mod create;
pub(crate) mod password;
mod read;
mod update;

use recovery_domain::{Actor, User};

use crate::convert::to_json;
use crate::error::StoreError;
use crate::repo::changes::USER;
use crate::rows::change::NewChangeRow;

/// The change-log entry for `action` on a user.
fn user_change(
    action: &'static str,
    actor: &Actor,
    at: chrono::NaiveDateTime,
    before: Option<&User>,
    after: &User,
) -> Result<NewChangeRow, StoreError> {
    Ok(NewChangeRow {
        entity: USER,
        entity_id: after.id.to_string(),
        action,
        actor: actor.label(),
        at,
        before: before.map(to_json).transpose()?,
        after: Some(to_json(after)?),
    })
}
