//! Rows of `reports`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::reports;

/// A stored problem report; the read row is also the insert form (every column is written
/// once on creation, closing updates a few of them).
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = reports)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
#[diesel(treat_none_as_default_value = false)]
pub(crate) struct ReportRow {
    pub id: String,
    pub listing_kind: String,
    pub listing_id: String,
    pub reason: String,
    pub message: String,
    pub contact_email: Option<String>,
    pub status: String,
    pub note: Option<String>,
    pub change_seq: Option<i64>,
    pub created_at: NaiveDateTime,
    pub closed_at: Option<NaiveDateTime>,
    pub closed_by: Option<String>,
}

/// The update form of closing a report (resolving or dismissing it).
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = reports)]
#[diesel(treat_none_as_null = true)]
pub(crate) struct ReportClosingChangeset {
    pub status: String,
    pub note: Option<String>,
    pub change_seq: Option<i64>,
    pub closed_at: Option<NaiveDateTime>,
    pub closed_by: Option<String>,
}
