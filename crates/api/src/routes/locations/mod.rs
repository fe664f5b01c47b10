//! `/v1/locations`: where agencies deliver services. Public reads from the catalog; staff
//! writes through the store.

pub mod create;
pub mod delete;
pub mod list;
pub mod read;
pub mod update;

/// What the answers call a location.
pub(crate) const NOUN: &str = "location";
