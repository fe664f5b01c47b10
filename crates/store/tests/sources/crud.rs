//! Registering, changing, finding, scheduling and deleting sources.

use chrono::{TimeDelta, Utc};
use recovery_domain::SourceId;
use recovery_domain::source::{SOURCE, SourceKind};
use recovery_store::{ChangeFilter, StoreError};

use crate::harness::{assert_recent, staff};
use crate::support::source_data;

on_both_backends! {
    fn sources_round_trip_with_change_log_entries(db) {
        let actor = staff();
        let file_fed = db.store.create_source(source_data("file:/srv/feed.json", None, None), &actor).unwrap();
        assert_eq!(file_fed.next_sync_at, None, "no interval: not scheduled");
        let scheduled = db.store.create_source(source_data("Area 59", Some("https://a.example/feed"), Some(60)), &actor).unwrap();
        assert_recent(scheduled.created_at);
        assert_eq!(scheduled.next_sync_at, Some(scheduled.created_at), "due at once");
        assert_eq!(db.store.get_source(scheduled.id).unwrap(), scheduled);
        let names: Vec<String> = db.store.list_sources().unwrap().into_iter().map(|s| s.data.name).collect();
        assert_eq!(names, ["Area 59", "file:/srv/feed.json"]);

        // Same settings: nothing written.
        assert_eq!(db.store.update_source(scheduled.id, scheduled.data.clone(), &actor).unwrap(), scheduled);
        let mut renamed = scheduled.data.clone();
        renamed.name = "Area 59 intergroup".into();
        db.store.set_next_sync(scheduled.id, Some(Utc::now() + TimeDelta::hours(1))).unwrap();
        let planned = db.store.get_source(scheduled.id).unwrap().next_sync_at;
        let after = db.store.update_source(scheduled.id, renamed.clone(), &actor).unwrap();
        assert_eq!(after.data, renamed);
        assert_eq!(after.created_at, scheduled.created_at);
        assert_eq!(after.next_sync_at, planned, "the schedule stays when the interval does");
        let mut faster = renamed.clone();
        faster.interval_minutes = Some(15);
        let after = db.store.update_source(scheduled.id, faster, &actor).unwrap();
        assert_eq!(after.next_sync_at, Some(after.updated_at), "a new interval is due at once");
        assert_eq!(db.store.get_source(scheduled.id).unwrap(), after);

        db.store.delete_source(file_fed.id, &actor).unwrap();
        assert_eq!(db.store.get_source(file_fed.id), Err(StoreError::NotFound));
        assert_eq!(db.store.delete_source(file_fed.id, &actor), Err(StoreError::NotFound));
        assert_eq!(db.store.update_source(SourceId::new(), renamed, &actor), Err(StoreError::NotFound));
        assert_eq!(db.store.set_next_sync(SourceId::new(), None), Err(StoreError::NotFound));

        let filter = ChangeFilter { entity: Some(SOURCE.to_string()), entity_id: None };
        let log = db.store.changes_after(0, &filter, 100).unwrap();
        let actions: Vec<(&str, String)> = log.iter().map(|c| (c.action.as_str(), c.entity_id.clone())).collect();
        let (f, s) = (file_fed.id.to_string(), scheduled.id.to_string());
        assert_eq!(actions, [("create", f.clone()), ("create", s.clone()), ("update", s.clone()), ("update", s), ("delete", f)]);
        assert!(log.iter().all(|c| c.actor == actor.label()));
        assert_eq!(log[4].after, None);
        assert_eq!(log[4].before.as_ref().unwrap()["name"], "file:/srv/feed.json");
        assert_eq!(log[2].after.as_ref().unwrap()["name"], "Area 59 intergroup");
    }

    fn sources_are_found_by_url_or_file_name(db) {
        let actor = staff();
        let url = db.store.create_source(source_data("Feed", Some("https://a.example/feed"), None), &actor).unwrap();
        let file = db.store.create_source(source_data("file:/tmp/x.csv", None, None), &actor).unwrap();
        assert_eq!(db.store.find_source(SourceKind::MeetingGuide, "https://a.example/feed").unwrap(), Some(url));
        assert_eq!(db.store.find_source(SourceKind::MeetingGuide, "file:/tmp/x.csv").unwrap(), Some(file));
        assert_eq!(db.store.find_source(SourceKind::Bmlt, "https://a.example/feed").unwrap(), None);
        assert_eq!(db.store.find_source(SourceKind::MeetingGuide, "Feed").unwrap(), None, "a name counts only without a URL");
    }

    fn due_sources_are_enabled_with_a_url_and_an_interval(db) {
        let actor = staff();
        let due = db.store.create_source(source_data("due", Some("https://a.example/1"), Some(60)), &actor).unwrap();
        let later = db.store.create_source(source_data("later", Some("https://a.example/2"), Some(60)), &actor).unwrap();
        let never = db.store.create_source(source_data("never", Some("https://a.example/3"), Some(60)), &actor).unwrap();
        let mut paused = source_data("paused", Some("https://a.example/4"), Some(60));
        paused.enabled = false;
        db.store.create_source(paused, &actor).unwrap();
        db.store.create_source(source_data("on request", Some("https://a.example/5"), None), &actor).unwrap();
        db.store.create_source(source_data("file", None, Some(60)), &actor).unwrap();
        let now = Utc::now() + TimeDelta::seconds(1);
        db.store.set_next_sync(later.id, Some(now + TimeDelta::minutes(30))).unwrap();
        db.store.set_next_sync(never.id, None).unwrap();
        let ids: Vec<SourceId> = db.store.due_sources(now).unwrap().into_iter().map(|s| s.id).collect();
        assert_eq!(ids, [due.id, never.id]);
        let ids: Vec<SourceId> = db.store.due_sources(now + TimeDelta::hours(1)).unwrap().into_iter().map(|s| s.id).collect();
        assert_eq!(ids, [due.id, later.id, never.id]);
    }
}
