//! HSDS imports in one request (`Directory::import_hsds`): what they write is in the index's
//! catalog afterwards; a dry run writes nothing; an invalid input is refused whole, with field
//! paths; private phones and contacts stored here survive an import that leaves them out.

use std::path::PathBuf;

use recovery_app::AppError;
use recovery_domain::{LocationId, OrganizationId, ServiceId};
use serde_json::{Value, json};

use crate::agencies::{HOUSING, organization};
use crate::harness::*;

/// Where the spec samples are: `RD_SPEC_DIR`, else `shared/spec` beside the checkout, else the
/// workplace's `/work/shared/spec`.
fn spec_dir() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let candidates: Vec<PathBuf> = std::env::var_os("RD_SPEC_DIR")
        .map(PathBuf::from)
        .into_iter()
        .chain([root.join("../shared/spec"), PathBuf::from("/work/shared/spec")])
        .collect();
    candidates
        .iter()
        .find(|dir| dir.join("hsds-3.0/examples/service_full.json").is_file())
        .cloned()
        .unwrap_or_else(|| panic!("the spec samples were not found (set RD_SPEC_DIR); looked in {candidates:?}"))
}

/// HSDS's own example service.
fn service_full() -> Value {
    let path = spec_dir().join("hsds-3.0/examples/service_full.json");
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// A deterministic UUID from a label (readable fixtures).
pub fn uuid(label: &str) -> String {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, label.as_bytes()).to_string()
}

/// A small HSDS service `id` of organization `org` (id, name) at one physical location
/// `location`, in the seeded "housing" category.
pub fn hsds_service(id: &str, name: &str, org: (&str, &str), location: &str) -> Value {
    json!({
        "id": id,
        "name": name,
        "description": format!("{name}: help for people in recovery."),
        "status": "active",
        "organization": {"id": org.0, "name": org.1, "description": format!("{} serves Philadelphia.", org.1)},
        "phones": [{"id": uuid(&format!("{id}-phone")), "number": "215-555-0100", "type": "voice"}],
        "schedules": [{"id": uuid(&format!("{id}-hours")), "freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR",
                       "opens_at": "09:00", "closes_at": "17:00"}],
        "service_at_locations": [{
            "id": uuid(&format!("{id}-sal")),
            "location": {
                "id": location, "location_type": "physical", "name": format!("{name} office"),
                "latitude": 39.95, "longitude": -75.16,
                "addresses": [{"id": uuid(&format!("{id}-address")), "address_1": "1 Main St", "city": "Philadelphia",
                               "state_province": "PA", "postal_code": "19107", "country": "US",
                               "address_type": "physical"}]
            }
        }],
        "attributes": [{"id": uuid(&format!("{id}-housing")), "taxonomy_term_id": HOUSING}]
    })
}

fn id<T: std::str::FromStr>(text: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    text.parse().unwrap()
}

/// How many organizations, locations and services are stored, and the change log's length.
fn totals(db: &TestDb) -> [usize; 4] {
    let s = &db.store;
    [
        s.all_organizations().unwrap().len(),
        s.all_locations().unwrap().len(),
        s.all_services().unwrap().len(),
        db.log_len(),
    ]
}

on_both_backends! {
    async fn imported_services_are_stored_and_in_the_catalog(db) {
        let directory = db.directory();
        let body = json!([
            hsds_service(&uuid("svc-1"), "Sober living referrals", (&uuid("org"), "Hope House"), &uuid("loc-1")),
            hsds_service(&uuid("svc-2"), "Job club", (&uuid("org"), "Hope House"), &uuid("loc-2")),
        ]);

        let imported = directory.import_hsds(&body, false, staff()).await.unwrap();
        assert_eq!(imported.services, vec![id::<ServiceId>(&uuid("svc-1")), id(&uuid("svc-2"))]);
        assert_eq!((imported.outcome.created, imported.outcome.updated), (5, 0), "1 organization, 2 locations, 2 services");
        assert_eq!(totals(db), [1, 2, 2, 5]);
        {
            let index = directory.index();
            let catalog = &index.agencies;
            for svc in &imported.services {
                assert!(catalog.service(*svc).is_some(), "{svc} in the catalog");
            }
            assert_eq!(catalog.organization(id(&uuid("org"))).unwrap().data.name, "Hope House");
            assert!(catalog.location(id::<LocationId>(&uuid("loc-2"))).is_some());
            assert_eq!(index.followed_seq, db.store.latest_change_seq().unwrap());
        }

        // The same input again changes nothing.
        let again = directory.import_hsds(&body, false, staff()).await.unwrap();
        assert_eq!((again.outcome.created, again.outcome.updated, again.outcome.unchanged), (0, 0, 5));
        assert_eq!(totals(db), [1, 2, 2, 5]);

        // A changed name is an update, in the catalog at once.
        let mut changed = body.clone();
        changed[1]["name"] = json!("Job club and résumé help");
        let third = directory.import_hsds(&changed, false, staff()).await.unwrap();
        assert_eq!(third.outcome.updated, 1, "{:?}", third.outcome);
        let svc: ServiceId = id(&uuid("svc-2"));
        assert_eq!(directory.index().agencies.service(svc).unwrap().data.name, "Job club and résumé help");
    }

    async fn the_spec_example_imports_into_the_catalog(db) {
        let directory = db.directory();
        let input = service_full();
        let imported = directory.import_hsds(&input, false, staff()).await.unwrap();
        assert_eq!(imported.outcome.created, 4, "organization, location, term, service: {:?}", imported.outcome);
        assert!(imported.dropped.iter().any(|d| d == "funding"), "{:?}", imported.dropped);
        let svc: ServiceId = id(input["id"].as_str().unwrap());
        let org: OrganizationId = id(input["organization"]["id"].as_str().unwrap());
        assert_eq!(imported.services, vec![svc]);
        let index = directory.index();
        assert_eq!(index.agencies.service(svc).unwrap().data.name.trim(), input["name"].as_str().unwrap().trim());
        assert!(index.agencies.organization(org).is_some());
        assert_eq!(directory.store().get_service(svc).unwrap().id, svc);
    }

    async fn a_dry_run_writes_nothing_and_estimates_the_counts(db) {
        let directory = db.directory();
        let body = hsds_service(&uuid("svc-1"), "Sober living referrals", (&uuid("org"), "Hope House"), &uuid("loc-1"));
        let (before, generation) = (totals(db), directory.index().generation);

        let dry = directory.import_hsds(&body, true, staff()).await.unwrap();
        assert_eq!(dry.outcome.created, 3, "organization, location, service: {:?}", dry.outcome);
        assert_eq!(dry.services, vec![id::<ServiceId>(&uuid("svc-1"))]);
        assert_eq!(totals(db), before, "nothing stored, nothing logged");
        assert_eq!(directory.index().generation, generation);
        assert!(directory.index().agencies.service(dry.services[0]).is_none());

        // Once imported, a dry run of a change estimates an update and still writes nothing.
        directory.import_hsds(&body, false, staff()).await.unwrap();
        let mut changed = body.clone();
        changed["name"] = json!("Recovery housing referrals");
        let before = totals(db);
        let dry = directory.import_hsds(&changed, true, staff()).await.unwrap();
        assert_eq!((dry.outcome.created, dry.outcome.updated), (0, 1), "{:?}", dry.outcome);
        assert_eq!(totals(db), before);
        assert_eq!(directory.index().agencies.service(dry.services[0]).unwrap().data.name, "Sober living referrals");
    }

    async fn an_invalid_import_is_refused_whole_with_field_paths(db) {
        let directory = db.directory();
        let body = json!([
            hsds_service(&uuid("ok"), "Fine", (&uuid("org"), "Org"), &uuid("loc")),
            {"id": uuid("bad"), "name": "", "status": "active",
             "organization": {"id": uuid("org2"), "name": "Org 2", "description": "x"},
             "service_at_locations": [{"id": uuid("sal")}]},
        ]);
        let refused = directory.import_hsds(&body, false, staff()).await;
        let Err(AppError::Invalid(errors)) = refused else { panic!("expected Invalid, got {refused:?}") };
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert!(fields.contains(&"[1].service_at_locations[0].location"), "{fields:?}");
        assert_eq!(totals(db), [0, 0, 0, 0], "the valid first item is not written either");
        assert_eq!(directory.index().agencies.service_count(), 0);

        let refused = directory.import_hsds(&json!({"name": "no id"}), false, staff()).await;
        assert!(matches!(refused, Err(AppError::Invalid(_))), "{refused:?}");
    }

    async fn an_import_keeps_the_private_phones_and_contacts_stored_here(db) {
        let directory = db.directory();
        let org: OrganizationId = id(&uuid("org"));
        directory.create_organization(org, organization("Hope House"), staff()).await.unwrap();
        let private = |db: &TestDb| {
            let stored = db.store.get_organization(org).unwrap();
            (stored.data.phones.iter().filter(|p| !p.public).count(), stored.data.contacts.len())
        };
        assert_eq!(private(db), (1, 1));

        let body = hsds_service(&uuid("svc"), "Job club", (&uuid("org"), "Hope House"), &uuid("loc"));
        let imported = directory.import_hsds(&body, false, staff()).await.unwrap();
        assert!(imported.warnings.iter().any(|w| w.contains("kept")), "{:?}", imported.warnings);
        assert_eq!(private(db), (1, 1), "HSDS leaves private phones and contacts out; they stay");
    }

    /// Replica B has not followed A's write yet when it imports: it must still find the stored
    /// organization's private phone and contact, not take the organization for a new one and
    /// replace it without them.
    async fn an_import_on_a_replica_that_has_not_followed_keeps_private_phones_and_contacts(db) {
        let (a, b) = (db.replica(), db.replica());
        let org: OrganizationId = id(&uuid("org"));
        a.create_organization(org, organization("Hope House"), staff()).await.unwrap();

        let body = hsds_service(&uuid("svc"), "Job club", (&uuid("org"), "Hope House"), &uuid("loc"));
        b.import_hsds(&body, false, staff()).await.unwrap();
        let stored = db.store.get_organization(org).unwrap();
        assert_eq!(
            (stored.data.phones.iter().filter(|p| !p.public).count(), stored.data.contacts.len()),
            (1, 1),
            "the private phone and contact stored through replica A are lost: {:?}",
            stored.data
        );
    }
}
