//! `/v1/organizations`: the agencies themselves. Public reads from the catalog; staff writes
//! through the store.

pub mod create;
pub mod delete;
pub mod list;
pub mod read;
pub mod update;

/// What the answers call an organization.
pub(crate) const NOUN: &str = "organization";
