//! The application layer of recovery-directory: one [`Directory`] holding the store, the public
//! search index, the write lock and the importer, with one method per use case.
//!
//! Every write that reaches the index goes through here: to the store first (one transaction
//! with its change-log entry), then to the index, under the write lock so that this process's
//! writes reach the index in commit order. The REST handlers, the HTML pages, the scheduler and
//! the command line all call these methods; none of them touches the lock or the index's
//! projection directly. Nothing here knows about HTTP.

pub mod accounts;
pub mod agencies;
pub mod api_keys;
pub mod authorize;
mod directory;
mod error;
pub mod hsds;
pub mod meetings;
pub mod reports;
pub mod retention;
pub mod scheduler;
pub mod sources;

pub use directory::{Defaults, Directory, spawn_follower};
pub use error::AppError;
