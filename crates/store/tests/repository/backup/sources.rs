//! Import sources in backups: a restored directory follows its sources where it left off, so
//! its next sync finds every listing unchanged instead of importing it again.

use chrono::{DateTime, Utc};
use recovery_domain::source::plan_sync;
use recovery_domain::source::{Existing, Incoming, ListingFlag, RunCounts, RunStatus, Source, SourceData, SyncPlan};
use recovery_domain::{Location, MeetingId};
use recovery_store::{Backup, BackupCounts, CachedGeocode, Store, SyncApplied};

use super::{another, fresh, populate, populate_directory, taken_at};
use crate::harness::{TestDb, staff, system};
use crate::source_support::{record, records, run, source_data, sync};

/// The query the geocoder found an (approximate) point for.
const FOUND: &str = "1 market st, philadelphia, pa";
/// The query it found nothing for.
const MISSED: &str = "nowhere in particular";

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

/// Record `b` as the source gives it now: an address without coordinates (a flagged listing).
fn b2() -> Incoming {
    let mut b = record("b", 2, 1);
    b.data.location = Some(Location {
        address: Some("2 Market St".into()),
        city: Some("Philadelphia".into()),
        ..Location::default()
    });
    b
}

/// What the source gives at the end of [`populate_sources`]: `a` as at first, `b` changed.
fn latest() -> Vec<Incoming> {
    vec![record("a", 1, 0), b2()]
}

/// A scheduled source followed for a while: `a`, `b` and `c` created, then `b` changed and `c`
/// gone (archived); staff edit `a` here; a failed dry run; another source that brought `x` and
/// was deleted (its run stays, without a source); a geocoder's answer and a miss.
pub(super) fn populate_sources(db: &TestDb) {
    let settings =
        SourceData { interval_minutes: Some(360), ..source_data("Intergroup", Some("https://example.org/feed"), None) };
    let src = db.store.create_source(settings, &system()).unwrap();
    db.store.set_next_sync(src.id, Some(at("2031-05-06T07:08:09.123456Z"))).unwrap();
    let first = sync(&db.store, &src, records(&["a", "b", "c"], 1));
    let changed = sync(&db.store, &src, latest());
    assert_eq!((changed.run.counts.updated, changed.run.counts.archived), (1, 1));
    let a = &first.changed[0].0;
    let mut edited = a.data.clone();
    edited.notes = Some("staff know better".into());
    db.store.update_meeting(a.id, edited, &staff()).unwrap();

    let mut failed = run(&src, RunCounts::default());
    (failed.status, failed.dry_run, failed.error) = (RunStatus::Failed, true, Some("the feed answered 503".into()));
    db.store.record_run(&failed).unwrap();

    let old = db.store.create_source(source_data("Old feed", None, None), &system()).unwrap();
    sync(&db.store, &old, records(&["x"], 1));
    db.store.delete_source(old.id, &system()).unwrap();

    let found = CachedGeocode {
        point: Some((39.952_583_123_456_78, -75.165_222_987_654_32)),
        approximate: true,
        fetched_at: at("2031-01-02T03:04:05.678901Z"),
    };
    db.store.cache_geocode(FOUND, &found).unwrap();
    let missed = CachedGeocode { point: None, approximate: false, fetched_at: at("2031-01-02T03:04:06Z") };
    db.store.cache_geocode(MISSED, &missed).unwrap();
}

/// The listings of `src` as a sync plans against them, by key.
fn listings(store: &Store, src: &Source) -> Vec<Existing> {
    let mut all = store.source_listings(src.id).unwrap();
    all.sort_by(|a, b| a.external_key.cmp(&b.external_key));
    all
}

/// Syncs `incoming` on both databases and checks they did the same: the same counts and items,
/// the same listings written (by id), the same listings after.
fn sync_both(db: &TestDb, restored: &TestDb, src: &Source, incoming: Vec<Incoming>) -> SyncApplied {
    let there = sync(&db.store, src, incoming.clone());
    let here = sync(&restored.store, src, incoming);
    assert_eq!(here.run.counts, there.run.counts);
    assert_eq!((&here.run.conflicts, &here.run.flagged), (&there.run.conflicts, &there.run.flagged));
    let ids = |applied: &SyncApplied| applied.changed.iter().map(|(m, _)| m.id).collect::<Vec<MeetingId>>();
    assert_eq!(ids(&here), ids(&there));
    assert_eq!(listings(&restored.store, src), listings(&db.store, src));
    here
}

on_both_backends! {
    fn a_restored_directory_keeps_its_sources_provenance_runs_and_geocodes(db) {
        populate(db);
        let src = db.store.list_sources().unwrap().remove(0);
        let backup = db.store.export_backup().unwrap();
        let restored = another(db);
        let counts = restored.store.import_backup(&backup).unwrap();
        assert!(
            counts.to_string().ends_with("1 import source, 3 provenance records, 4 import runs, 2 cached geocoder answers"),
            "{counts}"
        );

        // The source: settings, schedule and timestamps to the microsecond.
        assert_eq!(restored.store.list_sources().unwrap(), db.store.list_sources().unwrap());
        let kept = restored.store.get_source(src.id).unwrap();
        assert_eq!(kept, src);
        assert_eq!(kept.next_sync_at, Some(at("2031-05-06T07:08:09.123456Z")));
        assert_eq!(kept.data.interval_minutes, Some(360));

        // Provenance: keys, content hashes, flags, and the local edit of `a` still seen as one.
        assert_eq!(listings(&restored.store, &src), listings(&db.store, &src));
        let hashes: Vec<(String, String, bool)> = listings(&restored.store, &src)
            .into_iter()
            .map(|e| (e.external_key, e.content_hash, e.locally_edited))
            .collect();
        let expected = [("a", "a:1", true), ("b", "b:2", false), ("c", "c:1", false)];
        assert_eq!(hashes, expected.map(|(k, h, e)| (k.to_string(), h.to_string(), e)));
        for p in &backup.provenance {
            assert_eq!(restored.store.meeting_provenance(p.meeting_id).unwrap(), db.store.meeting_provenance(p.meeting_id).unwrap());
        }
        let flagged = restored.store.flagged_listings().unwrap();
        assert_eq!(flagged, db.store.flagged_listings().unwrap());
        assert_eq!(flagged.len(), 1);
        assert_eq!(flagged[0].provenance.flags, [ListingFlag::NoCoordinates]);

        // Runs, the one of the deleted source included, items and microseconds as they were.
        assert_eq!(restored.store.list_runs(src.id, 10).unwrap(), db.store.list_runs(src.id, 10).unwrap());
        assert_eq!(restored.store.list_runs(src.id, 10).unwrap().len(), 3);
        for run in &backup.import_runs {
            assert_eq!(&restored.store.get_run(run.id).unwrap(), run);
        }
        let orphans: Vec<_> = backup.import_runs.iter().filter(|r| r.source_id.is_none()).collect();
        assert_eq!(orphans.len(), 1);
        assert_eq!(restored.store.get_run(orphans[0].id).unwrap().source_id, None);
        assert!(backup.import_runs.iter().any(|r| r.error.as_deref() == Some("the feed answered 503") && r.dry_run));

        // The geocoding cache: the answer to the last bit, and the miss.
        for query in [FOUND, MISSED] {
            assert_eq!(restored.store.cached_geocode(query).unwrap(), db.store.cached_geocode(query).unwrap());
        }
        let found = restored.store.cached_geocode(FOUND).unwrap().unwrap();
        assert_eq!(found.point, Some((39.952_583_123_456_78, -75.165_222_987_654_32)));
        assert_eq!(restored.store.cached_geocode(MISSED).unwrap().unwrap().point, None);
    }

    fn the_next_sync_of_a_restored_source_finds_its_listings_unchanged(db) {
        populate(db);
        let src = db.store.list_sources().unwrap().remove(0);
        let restored = another(db);
        restored.store.import_backup(&db.store.export_backup().unwrap()).unwrap();
        let log = restored.store.latest_change_seq().unwrap();
        let meetings = restored.store.all_meetings(None).unwrap();

        // The source gives what it gave last time: nothing is added, changed or archived.
        let again = sync_both(db, &restored, &src, latest());
        let c = &again.run.counts;
        assert_eq!((c.added, c.updated, c.archived, c.conflicts, c.unchanged), (0, 0, 0, 0, 2), "{c:?}");
        assert!(again.changed.is_empty());
        assert_eq!(restored.store.latest_change_seq().unwrap(), log, "no change-log entry");
        assert_eq!(restored.store.all_meetings(None).unwrap(), meetings, "every listing untouched");
        assert_eq!(restored.store.get_run(again.run.id).unwrap(), again.run);
        assert_eq!(restored.store.list_runs(src.id, 10).unwrap().len(), 4);

        // Then it changes: the same on both, listing by listing. `a`, edited here, is a
        // conflict; `c` comes back under its old id.
        let c_id = listings(&restored.store, &src).into_iter().find(|e| e.external_key == "c").unwrap().meeting_id;
        let back = sync_both(db, &restored, &src, vec![record("a", 2, 0), b2(), record("c", 1, 2)]);
        let c = &back.run.counts;
        assert_eq!((c.added, c.updated, c.unchanged, c.conflicts), (0, 1, 1, 1), "{c:?}");
        assert_eq!(back.changed.len(), 1);
        assert_eq!(back.changed[0].0.id, c_id);
        assert_eq!(restored.store.count_meetings().unwrap(), db.store.count_meetings().unwrap());
    }

    fn a_plan_made_before_the_restore_applies_to_the_restored_database(db) {
        populate(db);
        let src = db.store.list_sources().unwrap().remove(0);
        // Planned against the original, applied to the restored copy: every listing it names
        // is found there as it was, so nothing turns into a conflict.
        let plan: SyncPlan = plan_sync(db.store.source_listings(src.id).unwrap(), vec![record("a", 1, 0), record("b", 3, 1)]);
        assert_eq!((plan.unchanged.len(), plan.update.len(), plan.archive.len()), (1, 1, 0));
        let restored = another(db);
        restored.store.import_backup(&db.store.export_backup().unwrap()).unwrap();
        let counts = RunCounts { source_records: 2, updated: 1, unchanged: 1, ..RunCounts::default() };
        let applied = restored.store.apply_sync(src.id, plan, run(&src, counts), &system()).unwrap();
        assert_eq!(applied.run.counts, counts);
        assert_eq!(applied.changed.len(), 1);
        assert_eq!(restored.store.get_meeting(applied.changed[0].0.id).unwrap().data.notes.as_deref(), Some("version 3"));
    }

    fn leases_are_not_carried(db) {
        populate(db);
        let ttl = std::time::Duration::from_secs(600);
        assert!(db.store.try_lease("sync:source", "replica-1", ttl).unwrap());
        let restored = another(db);
        // A lease in the target is not content: the restore goes ahead.
        assert!(restored.store.try_lease("scheduler", "replica-9", ttl).unwrap());
        restored.store.import_backup(&db.store.export_backup().unwrap()).unwrap();
        assert!(restored.store.try_lease("sync:source", "replica-2", ttl).unwrap(), "the original's lease stayed there");
        assert!(!db.store.try_lease("sync:source", "replica-2", ttl).unwrap());
    }

    fn a_version_1_backup_restores_as_before(db) {
        populate_directory(db);
        let current = db.store.export_backup().unwrap();
        assert!(current.sources.is_empty() && current.import_runs.is_empty());
        // As the build before sources wrote it: version 1, `sources` empty, no other source key.
        let mut old = serde_json::to_value(&current).unwrap();
        old["version"] = 1.into();
        for key in ["provenance", "import_runs", "geocode_cache"] {
            old.as_object_mut().unwrap().remove(key).unwrap();
        }
        assert_eq!(old["sources"], serde_json::json!([]));
        let old: Backup = serde_json::from_value(old).unwrap();
        assert_eq!(old.version, 1);
        assert!(old.problems().is_empty(), "{:?}", old.problems());

        let restored = another(db);
        assert_eq!(restored.store.import_backup(&old).unwrap(), current.counts());
        let again = restored.store.export_backup().unwrap();
        assert_eq!(taken_at(&current, &again), again);
        assert!(restored.store.list_sources().unwrap().is_empty());

        // The smallest file a version 1 build wrote.
        let text = r#"{"format": "recovery-directory-backup", "version": 1,
            "exported_at": "2030-01-02T03:04:05.123456Z", "backend": "sqlite",
            "meetings": [], "users": [], "sources": [], "change_log": []}"#;
        let empty: Backup = serde_json::from_str(text).unwrap();
        assert!(empty.problems().is_empty(), "{:?}", empty.problems());
        let target = another(db);
        assert_eq!(target.store.import_backup(&empty).unwrap(), BackupCounts::default());
        assert_eq!(target.store.export_backup().unwrap().counts(), fresh());
    }
}
