//! User rows ⇄ [`User`].

use recovery_domain::{Role, User, UserId};

use super::{from_db_time, from_json};
use crate::error::StoreError;
use crate::rows::user::UserRow;

/// The user stored as `row`, and its password hash.
pub(crate) fn user_from_row(row: UserRow) -> Result<(User, String), StoreError> {
    let id: UserId = row.id.parse().map_err(|_| StoreError::Corrupt(format!("user id `{}` is not a UUID", row.id)))?;
    let role =
        Role::parse(&row.role).ok_or_else(|| StoreError::Corrupt(format!("user {id}: bad role `{}`", row.role)))?;
    let user = User {
        id,
        email: row.email,
        role,
        active: row.active,
        scope_regions: from_json("users.scope_regions", &row.scope_regions)?,
        scope_programs: from_json("users.scope_programs", &row.scope_programs)?,
        created_at: from_db_time(row.created_at),
        token_generation: row.token_generation,
    };
    Ok((user, row.password_hash))
}
