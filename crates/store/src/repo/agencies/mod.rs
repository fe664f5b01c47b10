//! Agencies: organizations, locations, services and taxonomy terms (HSDS 3.0 model).
//!
//! Organizations, locations and services are stored as their whole domain value in a JSON
//! `data` column, with copies of the few fields foreign keys and filters need; terms are plain
//! columns. Every write goes through [`write::write_all`], which the single writes and
//! [`Store::write_agencies`](crate::Store::write_agencies) share, after [`checks::check`] has
//! made sure every id they name exists.

mod batch;
mod checks;
mod location;
mod organization;
mod read;
mod service;
mod term;
mod write;

pub(crate) use batch::parents_first;

use recovery_domain::TaxonomyId;
use recovery_domain::agency::{LocationData, OrganizationData, ServiceData, TaxonomyTermData};
use recovery_domain::{LocationId, OrganizationId, ServiceId, TermId};
use uuid::Uuid;

/// The directory's own taxonomy, seeded by the agencies migration with its categories.
pub(crate) const DIRECTORY_TAXONOMY: TaxonomyId =
    TaxonomyId(Uuid::from_u128(0x01ba_fb19_9b40_483b_894f_a100_8d17_20f1));

/// Listings to write together (an import, the demo data): each is created when its id is new,
/// replaced when its content differs, and left alone when unchanged.
#[derive(Debug, Clone, Default)]
pub struct AgencyBatch {
    /// Organizations, with the ids to keep.
    pub organizations: Vec<(OrganizationId, OrganizationData)>,
    /// Locations.
    pub locations: Vec<(LocationId, LocationData)>,
    /// Taxonomy terms.
    pub terms: Vec<(TermId, TaxonomyTermData)>,
    /// Services.
    pub services: Vec<(ServiceId, ServiceData)>,
}

/// What writing an [`AgencyBatch`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    /// How many were created.
    pub created: usize,
    /// How many were replaced.
    pub updated: usize,
    /// How many were already as given.
    pub unchanged: usize,
    /// The last change-log `seq` written (0 when nothing changed).
    pub last_seq: i64,
}
