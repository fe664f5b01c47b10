//! Referential checks and conflicts: each refused write names its field and leaves nothing
//! behind (no row, no change-log entry).

use recovery_domain::agency::TaxonomyTermData;
use recovery_domain::{LocationId, OrganizationId, ServiceId, TaxonomyId, TermId};
use recovery_store::{AgencyBatch, StoreError};

use super::*;
use crate::harness::system;

/// Asserts `result` is a `Reference` error on `field`.
fn assert_reference<T: std::fmt::Debug>(result: Result<T, StoreError>, field: &str) {
    match result {
        Err(StoreError::Reference { field: f, message }) => {
            assert_eq!(f, field, "{message}");
            assert!(!message.is_empty());
        }
        other => panic!("expected a Reference error on {field}, got {other:?}"),
    }
}

/// Asserts `result` is a `Conflict` on `field` whose message contains `says`.
fn assert_conflict<T: std::fmt::Debug>(result: Result<T, StoreError>, field: &str, says: &str) {
    match result {
        Err(StoreError::Conflict { field: f, message }) => {
            assert_eq!(f, field, "{message}");
            assert!(message.contains(says), "{message}");
        }
        other => panic!("expected a Conflict on {field}, got {other:?}"),
    }
}

on_both_backends! {
    fn services_must_name_stored_organizations_locations_and_categories(db) {
        let (org, _) = db.store.create_organization(OrganizationId::new(), organization("A"), &system()).unwrap();
        let (place, _) = db.store.create_location(LocationId::new(), location(Some(org.id)), &system()).unwrap();
        let before = totals(db);

        let no_org = service(OrganizationId::new(), &[place.id], &[]);
        assert_reference(db.store.create_service(ServiceId::new(), no_org, &system()), "organization_id");
        let no_place = service(org.id, &[place.id, LocationId::new()], &[]);
        assert_reference(
            db.store.create_service(ServiceId::new(), no_place, &system()),
            "service_at_locations[1].location_id",
        );
        let no_term = service(org.id, &[place.id], &[term_id(HOUSING), TermId::new()]);
        assert_reference(db.store.create_service(ServiceId::new(), no_term, &system()), "categories[1]");
        assert_eq!(totals(db), before);

        // The same checks on a replace, which then leaves the stored service as it was.
        let (stored, _) = db.store.create_service(ServiceId::new(), service(org.id, &[place.id], &[]), &system()).unwrap();
        let before = totals(db);
        let bad = service(org.id, &[place.id], &[TermId::new()]);
        assert_reference(db.store.update_service(stored.id, bad, &system()), "categories[0]");
        assert_eq!(db.store.get_service(stored.id).unwrap(), stored);
        assert_eq!(totals(db), before);
    }

    fn locations_and_organizations_must_name_stored_organizations(db) {
        assert_reference(
            db.store.create_location(LocationId::new(), location(Some(OrganizationId::new())), &system()),
            "organization_id",
        );
        let (parent, _) = db.store.create_organization(OrganizationId::new(), organization("Parent"), &system()).unwrap();
        let before = totals(db);
        let mut child = organization("Child");
        child.parent_organization_id = Some(OrganizationId::new());
        assert_reference(db.store.create_organization(OrganizationId::new(), child.clone(), &system()), "parent_organization_id");
        let id = OrganizationId::new();
        child.parent_organization_id = Some(id);
        assert_reference(db.store.create_organization(id, child.clone(), &system()), "parent_organization_id");
        assert_eq!(totals(db), before);

        child.parent_organization_id = Some(parent.id);
        let (child, _) = db.store.create_organization(id, child, &system()).unwrap();
        // Parent under its own child: a cycle.
        let mut looped = parent.data.clone();
        looped.parent_organization_id = Some(child.id);
        let before = totals(db);
        assert_reference(db.store.update_organization(parent.id, looped, &system()), "parent_organization_id");
        assert_eq!(totals(db), before);
        assert_conflict(db.store.delete_organization(parent.id, &system()), "id", "member organizations");
    }

    fn terms_must_stay_a_tree_in_a_stored_taxonomy(db) {
        let before = totals(db);
        assert_reference(db.store.create_taxonomy_term(TermId::new(), term("orphan", Some(TermId::new())), &system()), "parent_id");
        let id = TermId::new();
        assert_reference(db.store.create_taxonomy_term(id, term("selfish", Some(id)), &system()), "parent_id");
        let elsewhere = TaxonomyTermData { taxonomy_id: Some(TaxonomyId::new()), ..term("elsewhere", None) };
        assert_reference(db.store.create_taxonomy_term(TermId::new(), elsewhere, &system()), "taxonomy_id");
        assert_eq!(totals(db), before);

        // housing → sober-living → (new) oxford; housing under oxford would be a cycle.
        let (oxford, _) = db.store.create_taxonomy_term(id, term("oxford", Some(term_id(SOBER_LIVING))), &system()).unwrap();
        let housing = db.store.get_taxonomy_term(term_id(HOUSING)).unwrap();
        let before = totals(db);
        let looped = TaxonomyTermData { parent_id: Some(oxford.id), ..housing.data.clone() };
        assert_reference(db.store.update_taxonomy_term(housing.id, looped, &system()), "parent_id");
        assert_eq!(db.store.get_taxonomy_term(housing.id).unwrap(), housing);
        assert_eq!(totals(db), before);
    }

    fn taken_ids_and_codes_are_conflicts(db) {
        let (org, _) = db.store.create_organization(OrganizationId::new(), organization("A"), &system()).unwrap();
        let (place, _) = db.store.create_location(LocationId::new(), location(None), &system()).unwrap();
        let (svc, _) = db.store.create_service(ServiceId::new(), service(org.id, &[], &[]), &system()).unwrap();
        let (t, _) = db.store.create_taxonomy_term(TermId::new(), term("mine", None), &system()).unwrap();
        let before = totals(db);
        assert_conflict(db.store.create_organization(org.id, organization("B"), &system()), "id", "in use");
        assert_conflict(db.store.create_location(place.id, location(None), &system()), "id", "in use");
        assert_conflict(db.store.create_service(svc.id, service(org.id, &[], &[]), &system()), "id", "in use");
        assert_conflict(db.store.create_taxonomy_term(t.id, term("other", None), &system()), "id", "in use");
        assert_conflict(db.store.create_taxonomy_term(TermId::new(), term("housing", None), &system()), "code", "in use");
        assert_conflict(db.store.update_taxonomy_term(t.id, term("sober-living", None), &system()), "code", "in use");
        assert_eq!(totals(db), before);
        assert_eq!(db.store.get_organization(org.id).unwrap(), org);
        assert_eq!(db.store.get_taxonomy_term(t.id).unwrap(), t);
    }

    fn what_is_still_used_cannot_be_deleted(db) {
        let (org, _) = db.store.create_organization(OrganizationId::new(), organization("A"), &system()).unwrap();
        let (bare, _) = db.store.create_organization(OrganizationId::new(), organization("B"), &system()).unwrap();
        let (place, _) = db.store.create_location(LocationId::new(), location(Some(bare.id)), &system()).unwrap();
        db.store.create_service(ServiceId::new(), service(org.id, &[place.id], &[term_id(SOBER_LIVING)]), &system()).unwrap();
        let before = totals(db);
        let with_services = "the organization still has services or locations";
        assert_conflict(db.store.delete_organization(org.id, &system()), "id", with_services);
        assert_conflict(db.store.delete_organization(bare.id, &system()), "id", with_services);
        assert_conflict(db.store.delete_location(place.id, &system()), "id", "services");
        assert_conflict(db.store.delete_taxonomy_term(term_id(SOBER_LIVING), &system()), "id", "services");
        assert_conflict(db.store.delete_taxonomy_term(term_id(RECOVERY_SUPPORT), &system()), "id", "narrower terms");
        assert_eq!(db.store.delete_taxonomy_term(TermId::new(), &system()).unwrap_err(), StoreError::NotFound);
        assert_eq!(db.store.delete_location(LocationId::new(), &system()).unwrap_err(), StoreError::NotFound);
        assert_eq!(totals(db), before);
        // A leaf term no service uses may go.
        db.store.delete_taxonomy_term(term_id(MUTUAL_AID_GROUPS), &system()).unwrap();
    }

    fn service_ids_and_service_at_location_ids_are_not_shared(db) {
        let (org, _) = db.store.create_organization(OrganizationId::new(), organization("A"), &system()).unwrap();
        let (here, _) = db.store.create_location(LocationId::new(), location(Some(org.id)), &system()).unwrap();
        let (there, _) = db.store.create_location(LocationId::new(), location(Some(org.id)), &system()).unwrap();
        let (first, _) = db.store.create_service(ServiceId::new(), service(org.id, &[here.id], &[]), &system()).unwrap();
        let (meeting, _) = db.store.create_meeting(crate::harness::bare_meeting("m"), false, &system()).unwrap();
        let before = totals(db);

        // A meeting's id is an HSDS service id already.
        let as_meeting = db.store.create_service(ServiceId(meeting.id.0), service(org.id, &[here.id], &[]), &system());
        assert_conflict(as_meeting, "id", "meeting");
        // Another service's service_at_location id, on create and in a batch.
        let mut copy = service(org.id, &[there.id], &[]);
        copy.service_at_locations[0].id = first.data.service_at_locations[0].id;
        assert_conflict(
            db.store.create_service(ServiceId::new(), copy.clone(), &system()),
            "service_at_locations[0].id",
            "another service",
        );
        let mut twice = service(org.id, &[here.id, there.id], &[]);
        twice.service_at_locations[1].id = twice.service_at_locations[0].id;
        let batch = AgencyBatch { services: vec![(ServiceId::new(), twice)], ..Default::default() };
        assert_conflict(db.store.write_agencies(batch, &system()), "services[0].service_at_locations[1].id", "twice");
        assert_eq!(totals(db), before);

        // The service itself may keep its own link ids when it is replaced.
        let mut moved = first.data.clone();
        moved.name = "Moved".into();
        db.store.update_service(first.id, moved, &system()).unwrap();
    }
}
