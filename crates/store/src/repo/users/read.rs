//! Reading staff users.

use diesel::prelude::*;
use recovery_domain::{User, UserId};

use crate::Store;
use crate::connection::DbConnection;
use crate::convert::user::user_from_row;
use crate::error::StoreError;
use crate::rows::user::UserRow;
use crate::schema::users;

impl Store {
    /// The user signing in as `email` (any case) and their password hash, if there is one.
    pub fn user_credentials(&self, email: &str) -> Result<Option<(User, String)>, StoreError> {
        let row: Option<UserRow> = users::table
            .filter(users::email.eq(email.to_lowercase()))
            .select(UserRow::as_select())
            .first(&mut *self.conn()?)
            .optional()?;
        row.map(user_from_row).transpose()
    }

    /// The user `id` and their password hash.
    pub fn user_credentials_by_id(&self, id: UserId) -> Result<(User, String), StoreError> {
        user_from_row(load_row(&mut *self.conn()?, id)?)
    }

    /// The user `id`.
    pub fn get_user(&self, id: UserId) -> Result<User, StoreError> {
        Ok(self.user_credentials_by_id(id)?.0)
    }

    /// Every user, active or not, by email.
    pub fn list_users(&self) -> Result<Vec<User>, StoreError> {
        let rows: Vec<UserRow> =
            users::table.order(users::email.asc()).select(UserRow::as_select()).load(&mut *self.conn()?)?;
        let mut users =
            rows.into_iter().map(|row| Ok(user_from_row(row)?.0)).collect::<Result<Vec<_>, StoreError>>()?;
        // Emails are lowercase ASCII in practice; sort here too so both backends' collations agree.
        users.sort_by(|a, b| a.email.cmp(&b.email));
        Ok(users)
    }
}

/// The row of user `id` (`NotFound` when there is none).
pub(super) fn load_row(conn: &mut DbConnection, id: UserId) -> Result<UserRow, StoreError> {
    Ok(users::table.find(id.to_string()).select(UserRow::as_select()).first(conn)?)
}
