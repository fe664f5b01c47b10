//! Agencies: organizations, locations, services and taxonomy terms, with their change-log
//! entries, referential checks, batches and the seeded categories.

mod batch;
mod crud;
mod references;
mod taxonomy;

use recovery_domain::agency::{LocationData, OrganizationData, ServiceData, TaxonomyTermData};
use recovery_domain::change::Change;
use recovery_domain::{LocationId, OrganizationId, TaxonomyId, TermId};
use serde_json::json;

use crate::harness::TestDb;

/// The seeded taxonomy.
pub const DIRECTORY_TAXONOMY: &str = "01bafb19-9b40-483b-894f-a1008d1720f1";
/// Seeded terms used in these tests.
pub const HOUSING: &str = "1247b25a-a22d-4342-90a8-ceaa980777ee";
pub const SOBER_LIVING: &str = "9d6ccd43-25a8-4c53-8e53-31b2f2ff5f80";
pub const RECOVERY_SUPPORT: &str = "31e88dcb-2421-4acb-9613-fad9c51342c8";
pub const MUTUAL_AID_GROUPS: &str = "92550a57-be0c-4c3b-90c7-04aa8f51a96a";

pub fn term_id(id: &str) -> TermId {
    id.parse().unwrap()
}

pub fn taxonomy_id(id: &str) -> TaxonomyId {
    id.parse().unwrap()
}

/// An organization with phones and a private contact.
pub fn organization(name: &str) -> OrganizationData {
    serde_json::from_value(json!({
        "name": name,
        "description": "Helps people in recovery find work and housing.",
        "email": "info@example.org",
        "website": "https://agency.example.org",
        "phones": [{"number": "+1 215-555-0100"}, {"number": "+1 215-555-0199", "public": false}],
        "contacts": [{"name": "Dana", "email": "dana@example.org"}],
    }))
    .unwrap()
}

/// A physical location in Philadelphia.
pub fn location(organization: Option<OrganizationId>) -> LocationData {
    serde_json::from_value(json!({
        "location_type": "physical",
        "organization_id": organization,
        "name": "Main office",
        "latitude": 39.952_583_123_456_79,
        "longitude": -75.165_222_987_654_32,
        "timezone": "America/New_York",
        "addresses": [{
            "address_1": "1500 Market St", "city": "Philadelphia", "state_province": "PA",
            "postal_code": "19102", "country": "US", "address_type": "physical"
        }],
        "languages": [{"code": "es", "name": "Spanish"}],
    }))
    .unwrap()
}

/// An active service of `organization` at `locations`, in `categories`.
pub fn service(organization: OrganizationId, locations: &[LocationId], categories: &[TermId]) -> ServiceData {
    let at: Vec<_> = locations.iter().map(|l| json!({"location_id": l, "description": "Walk in"})).collect();
    serde_json::from_value(json!({
        "organization_id": organization,
        "name": "Sober living referrals",
        "description": "Places in sober homes across the city.",
        "status": "active",
        "minimum_age": 18,
        "categories": categories,
        "service_at_locations": at,
        "schedules": [{"freq": "WEEKLY", "opens_at": "09:00", "closes_at": "17:00"}],
    }))
    .unwrap()
}

/// A term under `parent`.
pub fn term(code: &str, parent: Option<TermId>) -> TaxonomyTermData {
    TaxonomyTermData {
        code: code.to_string(),
        name: format!("Term {code}"),
        description: "A category added by staff.".to_string(),
        parent_id: parent,
        taxonomy_id: None,
        language: Some("en".to_string()),
        term_uri: None,
    }
}

/// How many organizations, locations, services and terms are stored, and the change-log length.
pub fn totals(db: &TestDb) -> [usize; 5] {
    let s = &db.store;
    [
        s.all_organizations().unwrap().len(),
        s.all_locations().unwrap().len(),
        s.all_services().unwrap().len(),
        s.all_taxonomy_terms().unwrap().len(),
        s.changes_since(0, 100_000).unwrap().len(),
    ]
}

/// The whole change log.
pub fn log(db: &TestDb) -> Vec<Change> {
    db.store.changes_since(0, 100_000).unwrap()
}

/// The JSON of a value, as the change log holds it.
pub fn as_json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap()
}
