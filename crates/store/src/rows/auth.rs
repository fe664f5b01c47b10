//! Rows of `refresh_tokens` and `sign_in_throttle`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::{refresh_tokens, sign_in_throttle, staff_links, staff_sessions};

/// A stored refresh token (its hash, never the token).
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = refresh_tokens)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub(crate) struct RefreshTokenRow {
    pub id: String,
    pub token_hash: String,
    pub family_id: String,
    pub user_id: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

/// The insert form of a refresh token: new tokens are neither used nor revoked.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = refresh_tokens)]
pub(crate) struct NewRefreshTokenRow<'a> {
    pub id: String,
    pub token_hash: &'a str,
    pub family_id: &'a str,
    pub user_id: &'a str,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

/// A stored sign-in throttle counter.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = sign_in_throttle)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub(crate) struct ThrottleRow {
    pub key: String,
    pub failures: i32,
    pub window_start: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
}

/// The insert form of a throttle counter.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = sign_in_throttle)]
#[diesel(treat_none_as_default_value = false)]
pub(crate) struct NewThrottleRow<'a> {
    pub key: &'a str,
    pub failures: i32,
    pub window_start: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
}

/// The update form of a throttle counter (`None` clears a lockout).
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = sign_in_throttle)]
#[diesel(treat_none_as_null = true)]
pub(crate) struct ThrottleChangeset {
    pub failures: i32,
    pub window_start: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
}

/// A signed-in console session (keyed by the hash of its token).
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = staff_sessions)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub(crate) struct StaffSessionRow {
    pub id: String,
    pub user_id: String,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

/// A one-time invitation or reset link (by the hash of its token).
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = staff_links)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub(crate) struct StaffLinkRow {
    pub id: String,
    pub token_hash: String,
    pub kind: String,
    pub user_id: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}
