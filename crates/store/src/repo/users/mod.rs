//! Staff users: create, read, and the credentials sign-in checks.

use diesel::prelude::*;
use recovery_domain::{Actor, Role, User, UserId};

use crate::Store;
use crate::convert::user::user_from_row;
use crate::convert::{now, to_db_time, to_json};
use crate::error::StoreError;
use crate::repo::changes::{self, USER};
use crate::rows::change::NewChangeRow;
use crate::rows::user::{NewUserRow, UserRow};
use crate::schema::users;

impl Store {
    /// Creates an active user; the email is stored lowercase. A taken email is
    /// `Conflict { field: "email" }`. The change log gets the user without its password hash.
    pub fn create_user(&self, email: &str, password_hash: &str, role: Role, actor: &Actor) -> Result<User, StoreError> {
        let user = User { id: UserId::new(), email: email.to_lowercase(), role, active: true, created_at: now() };
        self.write(|conn| {
            let at = to_db_time(user.created_at);
            let row = NewUserRow {
                id: user.id.to_string(),
                email: &user.email,
                password_hash,
                role: role.as_str(),
                active: user.active,
                created_at: at,
                updated_at: at,
            };
            diesel::insert_into(users::table).values(row).execute(conn)?;
            changes::append(
                conn,
                NewChangeRow {
                    entity: USER,
                    entity_id: user.id.to_string(),
                    action: "create",
                    actor: actor.label(),
                    at,
                    before: None,
                    after: Some(to_json(&user)?),
                },
            )?;
            Ok(())
        })?;
        Ok(user)
    }

    /// The user signing in as `email` (any case) and their password hash, if there is one.
    pub fn user_credentials(&self, email: &str) -> Result<Option<(User, String)>, StoreError> {
        let row: Option<UserRow> = users::table
            .filter(users::email.eq(email.to_lowercase()))
            .select(UserRow::as_select())
            .first(&mut *self.conn()?)
            .optional()?;
        row.map(user_from_row).transpose()
    }

    /// The user `id`.
    pub fn get_user(&self, id: UserId) -> Result<User, StoreError> {
        let row: UserRow = users::table.find(id.to_string()).select(UserRow::as_select()).first(&mut *self.conn()?)?;
        Ok(user_from_row(row)?.0)
    }
}
