//! Rows of `change_log`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::change_log;

/// A stored change-log entry.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = change_log)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub(crate) struct ChangeRow {
    pub seq: i64,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub actor: String,
    pub at: NaiveDateTime,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The insert form of a change-log entry; the database assigns `seq`.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = change_log)]
#[diesel(treat_none_as_default_value = false)]
pub(crate) struct NewChangeRow {
    pub entity: &'static str,
    pub entity_id: String,
    pub action: &'static str,
    pub actor: String,
    pub at: NaiveDateTime,
    pub before: Option<String>,
    pub after: Option<String>,
}
