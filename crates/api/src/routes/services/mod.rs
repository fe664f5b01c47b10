//! `/v1/services`: the public search of services at their locations, from the catalog; reads
//! of one service; staff writes through the store.

pub mod create;
pub mod delete;
pub mod item;
pub mod read;
pub mod search;
pub mod update;

/// What the answers call a service.
pub(crate) const NOUN: &str = "service";
