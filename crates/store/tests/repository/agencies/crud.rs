//! Create, read, replace, leave alone and delete each kind, with its change-log entries.

use recovery_domain::agency::{ServiceStatus, TaxonomyTermData};
use recovery_domain::{LocationId, OrganizationId, ServiceId, TermId};
use recovery_store::StoreError;

use super::*;
use crate::harness::{assert_recent, staff, system};

on_both_backends! {
    fn an_organization_is_created_replaced_left_alone_and_deleted(db) {
        let editor = staff();
        let id = OrganizationId::new();
        let (created, s1) = db.store.create_organization(id, organization("Philly Works"), &editor).unwrap();
        assert_eq!(created.id, id);
        assert_eq!(created.data, organization("Philly Works").clone_with_ids(&created.data));
        assert_recent(created.created_at);
        assert_eq!(created.created_at, created.updated_at);
        assert_eq!(db.store.get_organization(id).unwrap(), created);

        let mut data = created.data.clone();
        data.name = "Philly Works Inc.".to_string();
        let (updated, s2) = db.store.update_organization(id, data.clone(), &editor).unwrap();
        assert!(s2 > s1);
        assert_eq!(updated.created_at, created.created_at);
        assert!(updated.updated_at >= created.updated_at);
        assert_eq!(updated.data.name, "Philly Works Inc.");
        assert_eq!(db.store.get_organization(id).unwrap(), updated);

        let (same, s3) = db.store.update_organization(id, data, &system()).unwrap();
        assert_eq!((same, s3), (updated.clone(), s2), "unchanged content writes nothing");

        let s4 = db.store.delete_organization(id, &editor).unwrap();
        assert!(s4 > s2);
        assert_eq!(db.store.get_organization(id).unwrap_err(), StoreError::NotFound);
        assert_eq!(db.store.delete_organization(id, &editor).unwrap_err(), StoreError::NotFound);
        assert_eq!(db.store.update_organization(id, organization("x"), &editor).unwrap_err(), StoreError::NotFound);

        let log = log(db);
        let summary: Vec<_> = log.iter().map(|c| (c.seq, c.entity.as_str(), c.action.as_str())).collect();
        assert_eq!(summary, vec![(s1, "organization", "create"), (s2, "organization", "update"), (s4, "organization", "delete")]);
        assert!(log.iter().all(|c| c.entity_id == id.to_string() && c.actor == editor.label()));
        assert_eq!((log[0].before.clone(), log[0].after.clone()), (None, Some(as_json(&created))));
        assert_eq!((log[1].before.clone(), log[1].after.clone()), (Some(as_json(&created)), Some(as_json(&updated))));
        assert_eq!((log[2].before.clone(), log[2].after.clone()), (Some(as_json(&updated)), None));
        // Private contacts and phones are in the staff audit.
        assert_eq!(log[0].after.as_ref().unwrap()["contacts"][0]["email"], "dana@example.org");
        assert_eq!(log[0].at, created.created_at);
    }

    fn a_location_is_created_replaced_left_alone_and_deleted(db) {
        let (org, _) = db.store.create_organization(OrganizationId::new(), organization("A"), &system()).unwrap();
        let id = LocationId::new();
        let (created, s1) = db.store.create_location(id, location(Some(org.id)), &system()).unwrap();
        assert_eq!(db.store.get_location(id).unwrap(), created);
        // Coordinates come back bit for bit.
        assert_eq!(created.data.latitude, Some(39.952_583_123_456_79));

        let mut data = created.data.clone();
        data.organization_id = None;
        data.name = Some("Annex".to_string());
        let (updated, s2) = db.store.update_location(id, data.clone(), &system()).unwrap();
        assert_eq!((updated.created_at, updated.data.organization_id), (created.created_at, None));
        assert_eq!(db.store.update_location(id, data, &system()).unwrap(), (updated.clone(), s2));
        // Detached from it, the location no longer holds its organization back.
        db.store.delete_organization(org.id, &system()).unwrap();
        let s4 = db.store.delete_location(id, &system()).unwrap();
        assert_eq!(db.store.get_location(id).unwrap_err(), StoreError::NotFound);

        let mine: Vec<_> = log(db).into_iter().filter(|c| c.entity == "location").collect();
        let summary: Vec<_> = mine.iter().map(|c| (c.seq, c.action.as_str(), c.before.is_some(), c.after.is_some())).collect();
        assert_eq!(summary, vec![(s1, "create", false, true), (s2, "update", true, true), (s4, "delete", true, false)]);
        assert_eq!(mine[1].after, Some(as_json(&updated)));
    }

    fn a_service_is_created_replaced_left_alone_and_deleted(db) {
        let (org, _) = db.store.create_organization(OrganizationId::new(), organization("A"), &system()).unwrap();
        let (place, _) = db.store.create_location(LocationId::new(), location(Some(org.id)), &system()).unwrap();
        let (other, _) = db.store.create_location(LocationId::new(), location(None), &system()).unwrap();
        let id = ServiceId::new();
        let data = service(org.id, &[place.id], &[term_id(SOBER_LIVING)]);
        let (created, s1) = db.store.create_service(id, data, &system()).unwrap();
        assert_eq!(db.store.get_service(id).unwrap(), created);
        assert_eq!(created.data.status, ServiceStatus::Active);

        let mut data = service(org.id, &[other.id, place.id], &[term_id(HOUSING), term_id(MUTUAL_AID_GROUPS)]);
        data.status = ServiceStatus::TemporarilyClosed;
        let (updated, s2) = db.store.update_service(id, data, &system()).unwrap();
        assert_eq!(db.store.get_service(id).unwrap(), updated);
        assert_eq!(updated.created_at, created.created_at);
        assert_eq!(db.store.update_service(id, updated.data.clone(), &system()).unwrap(), (updated.clone(), s2));

        // The links follow the content: `other` is used now, `sober-living` no longer is.
        assert!(matches!(db.store.delete_location(other.id, &system()), Err(StoreError::Conflict { .. })));
        let (spare, _) = db.store.create_taxonomy_term(TermId::new(), term("spare", None), &system()).unwrap();
        let mut only_spare = updated.data.clone();
        only_spare.categories = vec![spare.id];
        db.store.update_service(id, only_spare, &system()).unwrap();
        assert!(matches!(db.store.delete_taxonomy_term(spare.id, &system()), Err(StoreError::Conflict { .. })));

        let s4 = db.store.delete_service(id, &system()).unwrap();
        assert_eq!(db.store.get_service(id).unwrap_err(), StoreError::NotFound);
        assert_eq!(db.store.delete_service(id, &system()).unwrap_err(), StoreError::NotFound);
        // Deleting the service released what it used.
        db.store.delete_location(other.id, &system()).unwrap();
        db.store.delete_taxonomy_term(spare.id, &system()).unwrap();

        let mine: Vec<_> = log(db).into_iter().filter(|c| c.entity == "service").collect();
        let actions: Vec<_> = mine.iter().map(|c| c.action.as_str()).collect();
        assert_eq!(actions, vec!["create", "update", "update", "delete"]);
        assert_eq!((mine[0].seq, mine[1].seq, mine[3].seq), (s1, s2, s4));
        assert_eq!((mine[0].before.clone(), mine[0].after.clone()), (None, Some(as_json(&created))));
        assert_eq!(mine[1].before, Some(as_json(&created)));
        assert!(mine[3].before.is_some() && mine[3].after.is_none());
    }

    fn a_term_is_created_replaced_left_alone_and_deleted(db) {
        let id = TermId::new();
        let (created, s1) = db.store.create_taxonomy_term(id, term("oxford-houses", Some(term_id(SOBER_LIVING))), &staff()).unwrap();
        // Without a taxonomy it joins the directory's own.
        assert_eq!(created.data.taxonomy_id, Some(taxonomy_id(DIRECTORY_TAXONOMY)));
        assert_eq!(created.data.parent_id, Some(term_id(SOBER_LIVING)));
        assert_eq!(db.store.get_taxonomy_term(id).unwrap(), created);

        let renamed = TaxonomyTermData { name: "Oxford Houses".to_string(), ..term("oxford-houses", Some(term_id(HOUSING))) };
        let (updated, s2) = db.store.update_taxonomy_term(id, renamed.clone(), &staff()).unwrap();
        assert_eq!((updated.data.name.as_str(), updated.data.parent_id), ("Oxford Houses", Some(term_id(HOUSING))));
        assert_eq!(updated.created_at, created.created_at);
        // The same content, with or without the taxonomy spelled out, changes nothing.
        assert_eq!(db.store.update_taxonomy_term(id, renamed.clone(), &staff()).unwrap(), (updated.clone(), s2));
        assert_eq!(db.store.update_taxonomy_term(id, updated.data.clone(), &staff()).unwrap(), (updated.clone(), s2));

        let s3 = db.store.delete_taxonomy_term(id, &staff()).unwrap();
        assert_eq!(db.store.get_taxonomy_term(id).unwrap_err(), StoreError::NotFound);
        let mine: Vec<_> = log(db).into_iter().filter(|c| c.entity == "taxonomy_term").collect();
        let summary: Vec<_> = mine.iter().map(|c| (c.seq, c.action.as_str(), c.before.is_some(), c.after.is_some())).collect();
        assert_eq!(summary, vec![(s1, "create", false, true), (s2, "update", true, true), (s3, "delete", true, false)]);
        assert_eq!(mine[2].before, Some(as_json(&updated)));
    }

    fn lists_are_ordered_by_id(db) {
        let ids: Vec<OrganizationId> = (0..5).map(|_| OrganizationId(uuid::Uuid::new_v4())).collect();
        for (i, id) in ids.iter().enumerate() {
            db.store.create_organization(*id, organization(&format!("Org {i}")), &system()).unwrap();
        }
        let listed: Vec<OrganizationId> = db.store.all_organizations().unwrap().iter().map(|o| o.id).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(listed, sorted);
        let terms: Vec<TermId> = db.store.all_taxonomy_terms().unwrap().iter().map(|t| t.id).collect();
        assert!(terms.windows(2).all(|w| w[0] < w[1]));
    }
}

/// Ids the store assigned to nested records are kept; compare the rest.
trait CloneWithIds {
    fn clone_with_ids(&self, stored: &Self) -> Self;
}

impl CloneWithIds for recovery_domain::agency::OrganizationData {
    fn clone_with_ids(&self, stored: &Self) -> Self {
        let mut out = self.clone();
        for (mine, theirs) in out.phones.iter_mut().zip(&stored.phones) {
            mine.id = theirs.id;
        }
        for (mine, theirs) in out.contacts.iter_mut().zip(&stored.contacts) {
            mine.id = theirs.id;
        }
        out
    }
}
