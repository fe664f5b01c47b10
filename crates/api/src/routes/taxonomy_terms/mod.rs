//! `/v1/taxonomy_terms` and `/v1/taxonomies`: the categories services are filed under.
//! Public reads from the catalog; staff writes through the store.

pub mod create;
pub mod delete;
pub mod list;
pub mod read;
pub mod taxonomies;
pub mod update;

/// What the answers call a taxonomy term.
pub(crate) const NOUN: &str = "taxonomy term";
