//! Setting a user's password.

use diesel::prelude::*;
use recovery_domain::{Actor, UserId};

use super::read::load_row;
use super::user_change;
use crate::Store;
use crate::connection::DbConnection;
use crate::convert::user::user_from_row;
use crate::convert::{now, to_db_time};
use crate::error::StoreError;
use crate::repo::auth::refresh::revoke_user_tokens;
use crate::repo::changes;
use crate::schema::users;

impl Store {
    /// Replaces user `id`'s password hash, revokes every refresh token they hold (each
    /// API client must sign in again once its access token expires), ends their console sessions, and logs a
    /// `password` change whose `before`/`after` carry no hash.
    pub fn set_user_password(&self, id: UserId, password_hash: &str, actor: &Actor) -> Result<(), StoreError> {
        self.write(|conn| replace_password(conn, id, password_hash, actor))
    }
}

/// Replaces user `id`'s password hash, revokes their refresh tokens and console sessions, and
/// logs a `password` change, inside the caller's transaction.
pub(crate) fn replace_password(
    conn: &mut DbConnection,
    id: UserId,
    password_hash: &str,
    actor: &Actor,
) -> Result<(), StoreError> {
    let (user, _) = user_from_row(load_row(conn, id)?)?;
    let at = to_db_time(now());
    diesel::update(users::table.find(id.to_string()))
        .set((users::password_hash.eq(password_hash), users::updated_at.eq(at)))
        .execute(conn)?;
    revoke_user_tokens(conn, id, at)?;
    changes::append(conn, user_change("password", actor, at, Some(&user), &user)?)?;
    Ok(())
}
