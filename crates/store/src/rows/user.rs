//! Rows of `users`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::users;

/// A stored user, with the password hash.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = users)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub(crate) struct UserRow {
    pub id: String,
    pub email: String,
    pub password_hash: String,
    pub role: String,
    pub active: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// JSON array.
    pub scope_regions: String,
    /// JSON array.
    pub scope_programs: String,
    pub token_generation: i64,
}

/// The insert form of a user's account columns (scopes take their default, `[]`: what a
/// restored backup gets). [`NewScopedUserRow`] adds the scopes.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = users)]
pub(crate) struct NewUserRow<'a> {
    pub id: String,
    pub email: &'a str,
    pub password_hash: &'a str,
    pub role: &'a str,
    pub active: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The insert form of a user with its scopes.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = users)]
pub(crate) struct NewScopedUserRow<'a> {
    #[diesel(embed)]
    pub account: NewUserRow<'a>,
    /// JSON array.
    pub scope_regions: String,
    /// JSON array.
    pub scope_programs: String,
}

/// The update form of what an admin may change about a user (never the password).
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = users)]
pub(crate) struct UserChangeset {
    pub email: String,
    pub role: &'static str,
    pub active: bool,
    /// JSON array.
    pub scope_regions: String,
    /// JSON array.
    pub scope_programs: String,
    pub updated_at: NaiveDateTime,
}
