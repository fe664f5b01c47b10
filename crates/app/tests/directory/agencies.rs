//! Agency use cases: organizations, locations, services and taxonomy terms reach the index's
//! catalog as they are written, and leave it when deleted; a delete the store refuses leaves
//! store and catalog as they were.

use recovery_app::AppError;
use recovery_domain::agency::{LocationData, OrganizationData, ServiceData, TaxonomyTermData};
use recovery_domain::{LocationId, OrganizationId, ServiceId, TermId};
use recovery_store::StoreError;
use serde_json::json;

use crate::harness::*;

/// The seeded category "housing".
pub const HOUSING: &str = "1247b25a-a22d-4342-90a8-ceaa980777ee";

/// An organization with a public and a private phone and a private contact.
pub fn organization(name: &str) -> OrganizationData {
    serde_json::from_value(json!({
        "name": name,
        "description": "Helps people in recovery find work and housing.",
        "email": "info@example.org",
        "phones": [{"number": "+1 215-555-0100"}, {"number": "+1 215-555-0199", "public": false}],
        "contacts": [{"name": "Dana", "email": "dana@example.org", "public": false}],
    }))
    .unwrap()
}

/// A physical location of `organization` in Philadelphia.
pub fn location(organization: OrganizationId) -> LocationData {
    serde_json::from_value(json!({
        "location_type": "physical",
        "organization_id": organization,
        "name": "Main office",
        "latitude": 39.952_583,
        "longitude": -75.165_222,
        "timezone": "America/New_York",
        "addresses": [{
            "address_1": "1500 Market St", "city": "Philadelphia", "state_province": "PA",
            "postal_code": "19102", "country": "US", "address_type": "physical"
        }],
    }))
    .unwrap()
}

/// An active service named `name` of `organization` at `location`, in `categories`.
pub fn service(name: &str, organization: OrganizationId, location: LocationId, categories: &[TermId]) -> ServiceData {
    serde_json::from_value(json!({
        "organization_id": organization,
        "name": name,
        "description": "Places in sober homes across the city.",
        "status": "active",
        "categories": categories,
        "service_at_locations": [{"location_id": location, "description": "Walk in"}],
        "schedules": [{"freq": "WEEKLY", "opens_at": "09:00", "closes_at": "17:00"}],
    }))
    .unwrap()
}

/// A term `code` under `parent`.
fn term(code: &str, parent: Option<TermId>) -> TaxonomyTermData {
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

/// How many organizations, locations, services and terms are stored.
fn stored(db: &TestDb) -> [usize; 4] {
    let s = &db.store;
    [
        s.all_organizations().unwrap().len(),
        s.all_locations().unwrap().len(),
        s.all_services().unwrap().len(),
        s.all_taxonomy_terms().unwrap().len(),
    ]
}

on_both_backends! {
    async fn agency_writes_reach_the_catalog_at_once(db) {
        let directory = db.directory();
        let housing: TermId = HOUSING.parse().unwrap();

        let org = directory.create_organization(OrganizationId::new(), organization("Hope House"), staff()).await.unwrap();
        let place = directory.create_location(LocationId::new(), location(org.id), staff()).await.unwrap();
        let data = service("Sober living referrals", org.id, place.id, &[housing]);
        let svc = directory.create_service(ServiceId::new(), data, staff()).await.unwrap();
        {
            let index = directory.index();
            let catalog = &index.agencies;
            let public = catalog.organization(org.id).expect("organization in the catalog");
            assert_eq!(public.data.name, "Hope House");
            assert!(public.data.phones.iter().all(|p| p.public), "only public phones in the catalog");
            assert!(public.data.contacts.is_empty(), "no private contacts in the catalog");
            assert_eq!(catalog.location(place.id).map(|l| l.data.name.clone()), Some(Some("Main office".to_string())));
            assert_eq!(catalog.service(svc.id).map(|s| s.data.name.as_str()), Some("Sober living referrals"));
            assert_eq!(catalog.service_count(), 1);
        }
        assert_eq!(directory.store().get_service(svc.id).unwrap(), svc);

        let mut renamed = svc.data.clone();
        renamed.name = "Recovery housing referrals".to_string();
        directory.update_service(svc.id, renamed, staff()).await.unwrap();
        let mut org_data = org.data.clone();
        org_data.name = "Hope House Philadelphia".to_string();
        directory.update_organization(org.id, org_data, staff()).await.unwrap();
        let mut place_data = place.data.clone();
        place_data.name = Some("Front office".to_string());
        directory.update_location(place.id, place_data, staff()).await.unwrap();
        {
            let index = directory.index();
            let catalog = &index.agencies;
            assert_eq!(catalog.service(svc.id).unwrap().data.name, "Recovery housing referrals");
            assert_eq!(catalog.organization(org.id).unwrap().data.name, "Hope House Philadelphia");
            assert_eq!(catalog.location(place.id).unwrap().data.name.as_deref(), Some("Front office"));
        }

        directory.delete_service(svc.id, staff()).await.unwrap();
        assert!(directory.index().agencies.service(svc.id).is_none());
        directory.delete_location(place.id, staff()).await.unwrap();
        assert!(directory.index().agencies.location(place.id).is_none());
        directory.delete_organization(org.id, staff()).await.unwrap();
        assert!(directory.index().agencies.organization(org.id).is_none());
        assert_eq!(stored(db)[..3], [0, 0, 0], "no organization, location or service left");
        assert_eq!(directory.store().get_organization(org.id), Err(StoreError::NotFound));
    }

    async fn taxonomy_terms_reach_the_catalog_at_once(db) {
        let directory = db.directory();
        let housing: TermId = HOUSING.parse().unwrap();
        let id = TermId::new();
        directory.create_taxonomy_term(id, term("shelter", Some(housing)), staff()).await.unwrap();
        assert_eq!(directory.index().agencies.taxonomies().term(id).map(|t| t.data.code.clone()).as_deref(), Some("shelter"));
        assert!(directory.index().agencies.taxonomies().children(housing).contains(&id));

        let mut renamed = term("shelter", Some(housing));
        renamed.name = "Emergency shelter".to_string();
        directory.update_taxonomy_term(id, renamed, staff()).await.unwrap();
        assert_eq!(directory.index().agencies.taxonomies().term(id).unwrap().data.name, "Emergency shelter");

        directory.delete_taxonomy_term(id, staff()).await.unwrap();
        assert!(directory.index().agencies.taxonomies().term(id).is_none());
        assert!(!directory.index().agencies.taxonomies().children(housing).contains(&id));
    }

    async fn a_delete_the_store_refuses_leaves_store_and_catalog_unchanged(db) {
        let directory = db.directory();
        let housing: TermId = HOUSING.parse().unwrap();
        let org = directory.create_organization(OrganizationId::new(), organization("Hope House"), staff()).await.unwrap();
        let place = directory.create_location(LocationId::new(), location(org.id), staff()).await.unwrap();
        let data = service("Sober living referrals", org.id, place.id, &[housing]);
        let svc = directory.create_service(ServiceId::new(), data, staff()).await.unwrap();
        let (counts, log, generation) = (stored(db), db.log_len(), directory.index().generation);

        let refused = directory.delete_organization(org.id, staff()).await;
        assert!(
            matches!(&refused, Err(AppError::Store(StoreError::Conflict { field, .. })) if field == "id"),
            "{refused:?}"
        );
        let refused = directory.delete_location(place.id, staff()).await;
        assert!(matches!(refused, Err(AppError::Store(StoreError::Conflict { .. }))), "{refused:?}");
        let refused = directory.delete_taxonomy_term(housing, staff()).await;
        assert!(matches!(refused, Err(AppError::Store(StoreError::Conflict { .. }))), "{refused:?}");

        assert_eq!((stored(db), db.log_len()), (counts, log), "nothing written");
        assert_eq!(directory.store().get_organization(org.id).unwrap(), org);
        let index = directory.index();
        assert_eq!(index.generation, generation, "the catalog did not move");
        assert!(index.agencies.organization(org.id).is_some());
        assert!(index.agencies.location(place.id).is_some());
        assert!(index.agencies.service(svc.id).is_some());
        assert!(index.agencies.taxonomies().term(housing).is_some());
    }

    async fn a_write_with_a_missing_reference_is_refused_and_not_indexed(db) {
        let directory = db.directory();
        let (counts, log) = (stored(db), db.log_len());
        let id = LocationId::new();
        let refused = directory.create_location(id, location(OrganizationId::new()), staff()).await;
        assert!(
            matches!(&refused, Err(AppError::Store(StoreError::Reference { field, .. })) if field == "organization_id"),
            "{refused:?}"
        );
        assert_eq!((stored(db), db.log_len()), (counts, log));
        assert!(directory.index().agencies.location(id).is_none());
    }
}
