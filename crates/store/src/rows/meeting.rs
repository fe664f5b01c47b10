//! Rows of `meetings` and `meeting_contacts`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::{meeting_contacts, meetings};

/// The content columns of a meeting: what staff write, shared by the read row, the insert
/// form and the update form (so "identical update" is a plain comparison).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = meetings)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
#[diesel(treat_none_as_null = true, treat_none_as_default_value = false)]
pub(crate) struct MeetingContent {
    pub slug: String,
    pub name: String,
    pub program: String,
    pub day: i16,
    pub time: String,
    pub end_time: Option<String>,
    pub timezone: String,
    pub types: String,
    pub notes: Option<String>,
    pub status: String,
    pub has_location: bool,
    pub location_name: Option<String>,
    pub address: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub postal_code: Option<String>,
    pub country: Option<String>,
    pub formatted_address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub approximate: bool,
    pub location_notes: Option<String>,
    pub regions: String,
    pub conference_url: Option<String>,
    pub conference_url_notes: Option<String>,
    pub conference_phone: Option<String>,
    pub conference_phone_notes: Option<String>,
    pub temporarily_closed: bool,
    pub group_name: Option<String>,
    pub group_notes: Option<String>,
    pub group_website: Option<String>,
    pub group_email: Option<String>,
    pub group_phone: Option<String>,
    pub venmo: Option<String>,
    pub paypal: Option<String>,
    pub square: Option<String>,
}

/// A stored meeting row.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = meetings)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub(crate) struct MeetingRow {
    pub id: String,
    #[diesel(embed)]
    pub content: MeetingContent,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub verified_at: Option<NaiveDateTime>,
    pub verified_by: Option<String>,
}

/// The insert form of a meeting (verified only when restored from a backup).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = meetings)]
#[diesel(treat_none_as_default_value = false)]
pub(crate) struct NewMeetingRow {
    pub id: String,
    #[diesel(embed)]
    pub content: MeetingContent,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub verified_at: Option<NaiveDateTime>,
    pub verified_by: Option<String>,
}

/// The update form of a meeting: all content replaced, `created_at` and the verification
/// untouched.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = meetings)]
#[diesel(treat_none_as_null = true)]
pub(crate) struct MeetingChangeset {
    #[diesel(embed)]
    pub content: MeetingContent,
    pub updated_at: NaiveDateTime,
}

/// A contact row. Contacts are replaced whole on every write, never updated in place, so the
/// read row is also the insert form.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = meeting_contacts)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
#[diesel(treat_none_as_default_value = false)]
pub(crate) struct ContactRow {
    pub meeting_id: String,
    pub position: i32,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub public: bool,
}
