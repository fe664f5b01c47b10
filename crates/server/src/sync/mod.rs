//! Import sources on the command line (`recovery-directory import KIND …`) and the run report
//! as an operator reads it. Runs themselves belong to the application layer (`recovery_app`)
//! and the import crate.

pub mod command;
pub mod report;
