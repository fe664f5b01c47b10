//! Persistence for recovery-directory: SQLite and PostgreSQL through one Diesel code path.
//!
//! [`Store::open`] takes a database URL, picks the backend from it, applies the embedded
//! migrations of that backend and hands back a cheap-to-clone [`Store`] whose methods are the
//! repositories (meetings, users, the change log). Rows and their conversions to the
//! `recovery-domain` types stay inside this crate; callers only see domain types,
//! [`Change`], [`Backup`] and [`StoreError`]. Everything blocks: call it from a blocking thread.

mod connection;
mod convert;
mod error;
mod migrations;
mod repo;
mod rows;
mod schema;
mod store;
mod transaction;
mod writability;

#[cfg(feature = "test-support")]
pub mod testing;

pub use connection::{Backend, DbConnection};
pub use error::StoreError;
pub use repo::agencies::{AgencyBatch, BatchOutcome};
pub use repo::api_keys::{ApiKey, ApiKeyId, LAST_USED_RESOLUTION, NewApiKey};
pub use repo::auth::{NewStaffLink, RefreshOutcome, RefreshRefusal, ThrottlePolicy};
pub use repo::backup::{Backup, BackupChange, BackupCounts, BackupGeocode, BackupProvenance, BackupUser};
pub use repo::changes::Change;
pub use repo::changes::ChangeFilter;
pub use repo::reports::ReportQuery;
pub use repo::sources::{CachedGeocode, FlaggedListing, Provenance, SyncApplied};
pub use store::{DEFAULT_CONNECTION_TIMEOUT, PoolState, Store};
