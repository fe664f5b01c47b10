//! Rows of `sources`, `meeting_sources`, `import_runs`, `geocode_cache` and `leases`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::{geocode_cache, import_runs, meeting_sources, sources};

/// A stored source; also its insert form.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = sources)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
#[diesel(treat_none_as_default_value = false)]
pub(crate) struct SourceRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub url: Option<String>,
    pub program: String,
    pub default_timezone: String,
    pub region_prefix: String,
    pub interval_minutes: Option<i32>,
    pub enabled: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub next_sync_at: Option<NaiveDateTime>,
}

/// The update form of a source: what staff set, `updated_at` and the schedule.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = sources)]
#[diesel(treat_none_as_null = true)]
pub(crate) struct SourceChangeset {
    pub name: String,
    pub kind: String,
    pub url: Option<String>,
    pub program: String,
    pub default_timezone: String,
    pub region_prefix: String,
    pub interval_minutes: Option<i32>,
    pub enabled: bool,
    pub updated_at: NaiveDateTime,
    pub next_sync_at: Option<NaiveDateTime>,
}

/// A stored provenance row; also its insert form.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = meeting_sources)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub(crate) struct ProvenanceRow {
    pub meeting_id: String,
    pub source_id: String,
    pub external_key: String,
    pub content_hash: String,
    pub fetched_at: NaiveDateTime,
    pub synced_version: NaiveDateTime,
    pub flags: String,
    pub source_updated_at: Option<NaiveDateTime>,
}

/// A stored import run; also its insert form.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = import_runs)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
#[diesel(treat_none_as_default_value = false)]
pub(crate) struct RunRow {
    pub id: String,
    pub source_id: Option<String>,
    pub kind: String,
    pub origin: String,
    pub trigger: String,
    pub dry_run: bool,
    pub status: String,
    pub started_at: NaiveDateTime,
    pub finished_at: NaiveDateTime,
    pub source_records: i64,
    pub added: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub archived: i64,
    pub rejected: i64,
    pub conflicts: i64,
    pub flagged: i64,
    pub error: Option<String>,
    pub report: String,
}

/// A remembered geocoder answer; also its insert form.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = geocode_cache)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
#[diesel(treat_none_as_default_value = false, treat_none_as_null = true)]
pub(crate) struct GeocodeRow {
    pub query: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub approximate: bool,
    pub fetched_at: NaiveDateTime,
}
