//! Adding a staff user.

use diesel::prelude::*;
use recovery_domain::user::NewUser;
use recovery_domain::{Actor, Role, User, UserId};

use super::user_change;
use crate::Store;
use crate::connection::DbConnection;
use crate::convert::{now, to_db_time, to_json};
use crate::error::StoreError;
use crate::repo::changes;
use crate::rows::user::{NewScopedUserRow, NewUserRow};
use crate::schema::users;

impl Store {
    /// Creates an active, unscoped user; the email is stored lowercase. A taken email is
    /// `Conflict { field: "email" }`. The change log gets the user without its password hash.
    pub fn create_user(&self, email: &str, password_hash: &str, role: Role, actor: &Actor) -> Result<User, StoreError> {
        let new = NewUser { email: email.to_string(), role, scope_regions: Vec::new(), scope_programs: Vec::new() };
        self.add_user(&new, password_hash, actor)
    }

    /// Creates an active user with the role and scopes of `new` (scopes as given: validate them
    /// first). A taken email is `Conflict { field: "email" }`.
    pub fn add_user(&self, new: &NewUser, password_hash: &str, actor: &Actor) -> Result<User, StoreError> {
        self.write(|conn| insert_user(conn, new, password_hash, actor))
    }
}

/// Inserts an active user with the role and scopes of `new` and logs it, inside the caller's
/// transaction.
pub(crate) fn insert_user(
    conn: &mut DbConnection,
    new: &NewUser,
    password_hash: &str,
    actor: &Actor,
) -> Result<User, StoreError> {
    let user = User {
        id: UserId::new(),
        email: new.email.to_lowercase(),
        role: new.role,
        active: true,
        scope_regions: new.scope_regions.clone(),
        scope_programs: new.scope_programs.clone(),
        created_at: now(),
        token_generation: 0,
    };
    let at = to_db_time(user.created_at);
    let row = NewScopedUserRow {
        account: NewUserRow {
            id: user.id.to_string(),
            email: &user.email,
            password_hash,
            role: user.role.as_str(),
            active: user.active,
            created_at: at,
            updated_at: at,
        },
        scope_regions: to_json(&user.scope_regions)?,
        scope_programs: to_json(&user.scope_programs)?,
    };
    diesel::insert_into(users::table).values(row).execute(conn)?;
    changes::append(conn, user_change("create", actor, at, None, &user)?)?;
    Ok(user)
}
