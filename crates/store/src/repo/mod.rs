//! The repositories: methods on [`crate::Store`], one file per resource and verb.
//!
//! Every write is one transaction that changes the row(s) and appends one change-log entry
//! whose `before`/`after` are the full JSON of the domain value (the staff audit trail).

pub(crate) mod agencies;
pub(crate) mod api_keys;
pub(crate) mod auth;
pub(crate) mod backup;
pub(crate) mod changes;
pub(crate) mod meetings;
pub(crate) mod reports;
pub(crate) mod sources;
pub(crate) mod users;

/// Most rows per multi-row INSERT: stays under SQLite's 32,766 and PostgreSQL's 65,535 bound
/// parameters even for the widest table (meetings, 40 columns).
pub(crate) const INSERT_BATCH: usize = 500;
