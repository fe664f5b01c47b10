//! Running import sources from the server and the command line: every kind (the meeting
//! kinds through [`recovery_import::sync::Importer`], HSDS through this crate's HSDS reader),
//! applying what a run wrote to the index, and the scheduler that re-syncs sources on their
//! interval, one replica per source.

pub mod command;
pub mod hsds;
pub mod report;
pub mod run;
pub mod scheduler;
pub mod settings;

pub use run::{run_on_store, run_source};
