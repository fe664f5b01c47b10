//! Changing a user's email, role, scopes or active flag.

use diesel::prelude::*;
use recovery_domain::user::UserChanges;
use recovery_domain::{Actor, Role, User, UserId};

use super::read::load_row;
use super::user_change;
use crate::Store;
use crate::connection::DbConnection;
use crate::convert::user::user_from_row;
use crate::convert::{now, to_db_time, to_json};
use crate::error::StoreError;
use crate::repo::auth::refresh::revoke_user_tokens;
use crate::repo::changes;
use crate::rows::user::UserChangeset;
use crate::schema::users;

impl Store {
    /// Applies `changes` to user `id` and logs the change (`before`/`after` without hashes);
    /// returns the user as it now is. Nothing is written when nothing changes.
    ///
    /// Deactivating a user also revokes every refresh token they hold, in the same
    /// transaction. A change that would leave no active admin is
    /// `Conflict { field: "role" | "active" }`; a taken email is `Conflict { field: "email" }`.
    pub fn update_user(&self, id: UserId, changes: &UserChanges, actor: &Actor) -> Result<User, StoreError> {
        self.write(|conn| {
            let (before, _) = user_from_row(load_row(conn, id)?)?;
            let after = changes.applied_to(&before);
            if after == before {
                return Ok(before);
            }
            let removes_an_admin =
                before.role == Role::Admin && before.active && !(after.role == Role::Admin && after.active);
            if removes_an_admin && active_admins(conn)? <= 1 {
                let field = if after.active { "role" } else { "active" };
                return Err(StoreError::Conflict {
                    field: field.to_string(),
                    message: "this is the last active admin; make another admin first".to_string(),
                });
            }
            let at = to_db_time(now());
            diesel::update(users::table.find(id.to_string()))
                .set(UserChangeset {
                    email: after.email.clone(),
                    role: after.role.as_str(),
                    active: after.active,
                    scope_regions: to_json(&after.scope_regions)?,
                    scope_programs: to_json(&after.scope_programs)?,
                    updated_at: at,
                })
                .execute(conn)?;
            if before.active && !after.active {
                revoke_user_tokens(conn, id, at)?;
            }
            changes::append(conn, user_change("update", actor, at, Some(&before), &after)?)?;
            Ok(after)
        })
    }
}

fn active_admins(conn: &mut DbConnection) -> Result<i64, StoreError> {
    Ok(users::table
        .filter(users::role.eq(Role::Admin.as_str()).and(users::active.eq(true)))
        .count()
        .get_result(conn)?)
}
