//! `write_agencies`: one transaction for many records, created, replaced or left alone.

use recovery_domain::{LocationId, OrganizationId, ServiceId, TermId};
use recovery_store::{AgencyBatch, BatchOutcome, StoreError};

use super::*;
use crate::harness::system;

/// A batch given children before their parents, as an import may list them.
fn directory() -> AgencyBatch {
    let (parent, child) = (OrganizationId::new(), OrganizationId::new());
    let mut child_data = organization("Branch");
    child_data.parent_organization_id = Some(parent);
    let (narrow, narrower) = (TermId::new(), TermId::new());
    let places: Vec<LocationId> = (0..3).map(|_| LocationId::new()).collect();
    AgencyBatch {
        organizations: vec![(child, child_data), (parent, organization("Head office"))],
        terms: vec![
            (narrower, term("oxford-houses-women", Some(narrow))),
            (narrow, term("oxford-houses", Some(term_id(SOBER_LIVING)))),
        ],
        locations: places.iter().map(|id| (*id, location(Some(parent)))).collect(),
        services: vec![
            (ServiceId::new(), service(parent, &places[..2], &[narrower, term_id(HOUSING)])),
            (ServiceId::new(), service(child, &places[2..], &[term_id(MUTUAL_AID_GROUPS)])),
        ],
    }
}

on_both_backends! {
    fn a_batch_is_created_then_left_alone(db) {
        let batch = directory();
        let outcome = db.store.write_agencies(batch.clone(), &system()).unwrap();
        assert_eq!((outcome.created, outcome.updated, outcome.unchanged), (9, 0, 0));
        let log = log(db);
        assert_eq!(log.len(), 9);
        assert_eq!(outcome.last_seq, log.last().unwrap().seq);
        let kinds: Vec<&str> = log.iter().map(|c| c.entity.as_str()).collect();
        let mut expected = vec!["organization"; 2];
        expected.extend(["taxonomy_term"; 2]);
        expected.extend(["location"; 3]);
        expected.extend(["service"; 2]);
        assert_eq!(kinds, expected, "organizations, terms, locations, services");
        assert!(log.iter().all(|c| c.action == "create" && c.before.is_none() && c.after.is_some()));
        // Parents were written before their children although listed after them.
        assert_eq!(log[0].entity_id, batch.organizations[1].0.to_string());
        assert_eq!(log[2].entity_id, batch.terms[1].0.to_string());

        for (id, data) in &batch.services {
            let stored = db.store.get_service(*id).unwrap();
            assert_eq!(&stored.data, data);
            assert_eq!(log.iter().find(|c| c.entity_id == id.to_string()).unwrap().after, Some(as_json(&stored)));
        }
        assert_eq!(db.store.get_taxonomy_term(batch.terms[0].0).unwrap().data.parent_id, Some(batch.terms[1].0));

        let before = totals(db);
        let again = db.store.write_agencies(batch.clone(), &system()).unwrap();
        assert_eq!(again, BatchOutcome { created: 0, updated: 0, unchanged: 9, last_seq: 0 });
        assert_eq!(totals(db), before);

        // One change is one update, and only that one is logged.
        let mut edited = batch.clone();
        edited.services[1].1.name = "Peer support".to_string();
        let third = db.store.write_agencies(edited.clone(), &system()).unwrap();
        assert_eq!((third.created, third.updated, third.unchanged), (0, 1, 8));
        let last = db.store.changes_since(outcome.last_seq, 10).unwrap();
        assert_eq!(last.len(), 1);
        assert_eq!((last[0].action.as_str(), last[0].entity_id.clone(), last[0].seq), ("update", edited.services[1].0.to_string(), third.last_seq));
        assert_eq!(db.store.get_service(edited.services[1].0).unwrap().data.name, "Peer support");
    }

    fn a_batch_with_one_bad_reference_writes_nothing(db) {
        let before = totals(db);
        let mut batch = directory();
        batch.services[1].1.categories.push(TermId::new());
        let err = db.store.write_agencies(batch, &system()).unwrap_err();
        assert!(
            matches!(&err, StoreError::Reference { field, .. } if field == "services[1].categories[1]"),
            "{err:?}"
        );
        assert_eq!(totals(db), before);

        let mut batch = directory();
        batch.locations[2].1.organization_id = Some(OrganizationId::new());
        let err = db.store.write_agencies(batch, &system()).unwrap_err();
        assert!(matches!(&err, StoreError::Reference { field, .. } if field == "locations[2].organization_id"), "{err:?}");

        let mut batch = directory();
        let (a, b) = (batch.terms[0].0, batch.terms[1].0);
        batch.terms[1].1.parent_id = Some(a);
        let err = db.store.write_agencies(batch, &system()).unwrap_err();
        assert!(matches!(&err, StoreError::Reference { field, .. } if field.starts_with("terms[") && field.ends_with("parent_id")), "{err:?} ({a} {b})");

        let mut batch = directory();
        batch.terms[1].1.code = "housing".to_string();
        let err = db.store.write_agencies(batch, &system()).unwrap_err();
        assert!(matches!(&err, StoreError::Conflict { field, .. } if field == "terms[1].code"), "{err:?}");

        let mut batch = directory();
        let twice = batch.locations[0].clone();
        batch.locations.push(twice);
        let err = db.store.write_agencies(batch, &system()).unwrap_err();
        assert!(matches!(&err, StoreError::Conflict { field, .. } if field == "locations[3].id"), "{err:?}");
        assert_eq!(totals(db), before);
    }

    fn a_batch_may_name_stored_records(db) {
        let first = directory();
        db.store.write_agencies(first.clone(), &system()).unwrap();
        let org = first.organizations[1].0;
        let place = first.locations[0].0;
        let service_id = ServiceId::new();
        let second = AgencyBatch {
            services: vec![(service_id, service(org, &[place], &[first.terms[0].0]))],
            ..AgencyBatch::default()
        };
        let outcome = db.store.write_agencies(second, &system()).unwrap();
        assert_eq!((outcome.created, outcome.updated, outcome.unchanged), (1, 0, 0));
        assert_eq!(db.store.get_service(service_id).unwrap().data.organization_id, org);
        assert_eq!(AgencyBatch::default().services.len(), 0);
        assert_eq!(db.store.write_agencies(AgencyBatch::default(), &system()).unwrap(), BatchOutcome::default());
    }

    fn a_large_batch_goes_in_several_statements(db) {
        let org = OrganizationId::new();
        let places: Vec<(LocationId, _)> = (0..1_200).map(|_| (LocationId::new(), location(Some(org)))).collect();
        let services = places
            .iter()
            .map(|(id, _)| (ServiceId::new(), service(org, &[*id], &[term_id(HOUSING), term_id(SOBER_LIVING)])))
            .collect();
        let batch = AgencyBatch { organizations: vec![(org, organization("Big"))], locations: places, services, terms: vec![] };
        let outcome = db.store.write_agencies(batch.clone(), &system()).unwrap();
        assert_eq!(outcome.created, 2_401);
        assert_eq!(db.store.all_services().unwrap().len(), 1_200);
        let again = db.store.write_agencies(batch, &system()).unwrap();
        assert_eq!((again.unchanged, again.last_seq), (2_401, 0));
    }
}
