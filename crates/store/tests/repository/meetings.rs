//! Meetings: create, read, update, archive, and what failures leave behind.

use recovery_domain::{Contact, Location, MeetingId, Status};
use recovery_store::StoreError;
use recovery_store::testing::execute_sql;

use crate::harness::{assert_recent, bare_meeting, full_meeting, staff, system};

fn slug_conflict() -> StoreError {
    StoreError::Conflict { field: "slug".to_string(), message: "this slug is already in use".to_string() }
}

on_both_backends! {
    fn full_meeting_round_trips(db) {
        let data = full_meeting("tuesday-night-step");
        let (created, seq) = db.store.create_meeting(data.clone(), false, &staff()).unwrap();
        assert!(seq > 0);
        assert_eq!(created.data, data);
        assert_eq!(created.created_at, created.updated_at);
        assert_recent(created.created_at);
        assert_eq!(db.store.get_meeting(created.id).unwrap(), created);
        assert_eq!(db.store.get_meeting_by_slug("tuesday-night-step").unwrap(), created);
    }

    fn bare_meeting_round_trips(db) {
        let data = bare_meeting("morning");
        let (created, _) = db.store.create_meeting(data.clone(), false, &staff()).unwrap();
        assert_eq!(created.data, data);
        let read = db.store.get_meeting(created.id).unwrap();
        assert_eq!(read, created);
        assert_eq!(read.data.location, None);
        assert_eq!(read.data.online, None);
        assert_eq!(read.data.group, None);
    }

    fn an_empty_location_stays_apart_from_none(db) {
        let mut data = bare_meeting("empty-location");
        data.location = Some(Location { approximate: true, ..Location::default() });
        let (created, _) = db.store.create_meeting(data.clone(), false, &staff()).unwrap();
        assert_eq!(db.store.get_meeting(created.id).unwrap().data.location, data.location);
    }

    fn an_explicit_taken_slug_is_a_conflict(db) {
        db.store.create_meeting(bare_meeting("taken"), false, &staff()).unwrap();
        let before = db.store.changes_since(0, 100).unwrap();
        assert_eq!(db.store.create_meeting(bare_meeting("taken"), false, &staff()).unwrap_err(), slug_conflict());
        assert_eq!(db.store.count_meetings().unwrap(), 1);
        assert_eq!(db.store.changes_since(0, 100).unwrap(), before);
    }

    fn a_generated_taken_slug_gets_the_first_free_suffix(db) {
        let create = |slug: &str, generated: bool| db.store.create_meeting(bare_meeting(slug), generated, &staff()).unwrap().0.data.slug;
        assert_eq!(create("step", true), "step");
        assert_eq!(create("step", true), "step-2");
        create("step-4", false);
        create("steps", false);
        assert_eq!(create("step", true), "step-3");
        assert_eq!(create("step", true), "step-5");
        assert_eq!(create("step-2", true), "step-2-2");
        assert_eq!(db.store.get_meeting_by_slug("step-5").unwrap().data.slug, "step-5");
    }

    fn update_replaces_content_and_contacts(db) {
        let (created, create_seq) = db.store.create_meeting(full_meeting("update-me"), false, &staff()).unwrap();
        let mut data = created.data.clone();
        data.name = "Renamed".to_string();
        data.contacts = vec![Contact { name: Some("Zed".to_string()), email: None, phone: None, public: true }];
        data.online = None;
        data.location = None;
        let (updated, seq) = db.store.update_meeting(created.id, data.clone(), &staff()).unwrap();
        assert!(seq > create_seq);
        assert_eq!(updated.data, data);
        assert_eq!(updated.created_at, created.created_at);
        assert!(updated.updated_at > created.updated_at);
        assert_recent(updated.updated_at);
        assert_eq!(db.store.get_meeting(created.id).unwrap(), updated);
    }

    fn an_identical_update_writes_nothing(db) {
        let (created, seq) = db.store.create_meeting(full_meeting("same"), false, &staff()).unwrap();
        db.store.create_meeting(bare_meeting("other"), false, &staff()).unwrap();
        let latest = db.store.latest_change_seq().unwrap();
        let (again, again_seq) = db.store.update_meeting(created.id, created.data.clone(), &staff()).unwrap();
        assert_eq!(again, created);
        assert_eq!(again_seq, seq, "the latest seq about this meeting");
        assert_eq!(db.store.latest_change_seq().unwrap(), latest);
        assert_eq!(db.store.get_meeting(created.id).unwrap(), created);
    }

    fn a_failed_update_leaves_row_and_log_as_they_were(db) {
        db.store.create_meeting(bare_meeting("first"), false, &staff()).unwrap();
        let (second, _) = db.store.create_meeting(full_meeting("second"), false, &staff()).unwrap();
        let log = db.store.changes_since(0, 100).unwrap();
        let mut data = second.data.clone();
        data.slug = "first".to_string();
        data.name = "Changed".to_string();
        data.contacts.clear();
        assert_eq!(db.store.update_meeting(second.id, data, &staff()).unwrap_err(), slug_conflict());
        assert_eq!(db.store.get_meeting(second.id).unwrap(), second);
        assert_eq!(db.store.changes_since(0, 100).unwrap(), log);
    }

    fn archive_is_logged_once(db) {
        let (created, _) = db.store.create_meeting(full_meeting("archive-me"), false, &staff()).unwrap();
        let (archived, seq) = db.store.archive_meeting(created.id, &system()).unwrap();
        assert_eq!(archived.data.status, Status::Archived);
        assert_eq!(archived.data.contacts, created.data.contacts);
        assert!(archived.updated_at > created.updated_at);
        assert_eq!(db.store.get_meeting(created.id).unwrap(), archived);
        let (again, again_seq) = db.store.archive_meeting(created.id, &system()).unwrap();
        assert_eq!((again, again_seq), (archived, seq));
        assert_eq!(db.store.latest_change_seq().unwrap(), seq);
    }

    fn missing_meetings_are_not_found(db) {
        let id = MeetingId::new();
        assert_eq!(db.store.get_meeting(id).unwrap_err(), StoreError::NotFound);
        assert_eq!(db.store.get_meeting_by_slug("nope").unwrap_err(), StoreError::NotFound);
        assert_eq!(db.store.update_meeting(id, bare_meeting("nope"), &staff()).unwrap_err(), StoreError::NotFound);
        assert_eq!(db.store.archive_meeting(id, &staff()).unwrap_err(), StoreError::NotFound);
        assert_eq!(db.store.latest_change_seq().unwrap(), 0);
    }

    fn all_meetings_filters_by_status(db) {
        let mut ids = Vec::new();
        for (slug, status) in [("a", Status::Published), ("b", Status::Draft), ("c", Status::Published), ("d", Status::Archived)] {
            let mut data = full_meeting(slug);
            data.status = status;
            data.contacts.truncate(slug.len() + 1);
            ids.push(db.store.create_meeting(data, false, &staff()).unwrap().0);
        }
        let all = db.store.all_meetings(None).unwrap();
        assert_eq!(all, ids, "ordered by id, which is time-ordered");
        let published = db.store.all_meetings(Some(Status::Published)).unwrap();
        assert_eq!(published, vec![ids[0].clone(), ids[2].clone()]);
        assert_eq!(db.store.all_meetings(Some(Status::Archived)).unwrap(), vec![ids[3].clone()]);
        assert_eq!(db.store.count_meetings().unwrap(), 4);
    }

    fn a_corrupt_row_is_reported_not_panicked_on(db) {
        let (created, _) = db.store.create_meeting(bare_meeting("corrupt"), false, &staff()).unwrap();
        execute_sql(&db.store, "UPDATE meetings SET timezone = 'Mars/Olympus' WHERE slug = 'corrupt'").unwrap();
        assert!(matches!(db.store.get_meeting(created.id), Err(StoreError::Corrupt(m)) if m.contains("Mars/Olympus")));
        assert!(matches!(db.store.all_meetings(None), Err(StoreError::Corrupt(_))));
    }
}
