//! `/hsds`: the Open Referral HSDS 3.0 API, exactly as its `openapi.json` lists it. Open to
//! everyone (no credentials), read from the in-memory catalog and meeting index.

pub mod docs;
pub mod organization;
pub mod organizations;
pub mod root;
pub mod service;
pub mod service_at_location;
pub mod service_at_locations;
pub mod services;
pub mod taxonomies;
pub mod taxonomy;
pub mod taxonomy_term;
pub mod taxonomy_terms;

use uuid::Uuid;

use crate::error::ApiError;
use crate::extract::query::shorten;

/// Reads an id from the path; anything that is not a UUID names nothing (404).
pub(crate) fn path_id(raw: &str, what: &str) -> Result<Uuid, ApiError> {
    raw.parse().map_err(|_| not_found(raw, what))
}

/// The 404 for an unknown id.
pub(crate) fn not_found(raw: &str, what: &str) -> ApiError {
    ApiError::NotFound(format!("no {what} with id `{}`", shorten(raw)))
}
