//! Applying sync plans: creates, updates, unchanged re-runs, archives, restores, conflicts
//! with local edits, slug collisions, all-or-nothing failures, and a large first import.

use recovery_domain::source::{ListingFlag, SyncPlan, plan_sync};
use recovery_domain::{Meeting, Status};
use recovery_store::{Store, StoreError};

use crate::harness::{staff, system};
use crate::support::{listing, record, records, run, source, sync};

/// Every meeting, by slug.
fn by_slug(store: &Store) -> Vec<Meeting> {
    let mut all = store.all_meetings(None).unwrap();
    all.sort_by(|a, b| a.data.slug.cmp(&b.data.slug));
    all
}

on_both_backends! {
    fn a_source_is_followed_create_update_unchanged_archive_restore(db) {
        let src = source(&db.store);
        let first = sync(&db.store, &src, records(&["a", "b", "c"], 1));
        assert_eq!((first.run.counts.added, first.changed.len()), (3, 3));
        let seqs: Vec<i64> = first.changed.iter().map(|(_, seq)| *seq).collect();
        assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
        for (meeting, seq) in &first.changed {
            assert_eq!(&db.store.get_meeting(meeting.id).unwrap(), meeting);
            assert_eq!(meeting.data.status, Status::Published);
            let history = db.store.meeting_history(meeting.id, None, 10).unwrap();
            assert_eq!((history.len(), history[0].seq, history[0].action.as_str()), (1, *seq, "create"));
            let provenance = db.store.meeting_provenance(meeting.id).unwrap().unwrap();
            assert_eq!(provenance.source_id, src.id);
            assert_eq!(provenance.fetched_at, meeting.updated_at);
            assert!(!provenance.locally_edited);
        }
        assert_eq!(db.store.get_run(first.run.id).unwrap(), first.run);

        // The same records again: nothing written but the run.
        let log_before = db.store.latest_change_seq().unwrap();
        let before = by_slug(&db.store);
        let again = sync(&db.store, &src, records(&["a", "b", "c"], 1));
        assert_eq!((again.run.counts.unchanged, again.run.counts.added, again.changed.len()), (3, 0, 0));
        assert_eq!(db.store.latest_change_seq().unwrap(), log_before, "no change-log entries");
        assert_eq!(by_slug(&db.store), before, "updated_at and everything else untouched");
        assert_eq!(db.store.get_run(again.run.id).unwrap(), again.run);

        // b changed, c gone.
        let staff_id = recovery_domain::UserId::new();
        let b = before.iter().find(|m| m.data.slug == "b").unwrap().clone();
        let (verified, _) = db.store.verify_meeting(b.id, staff_id).unwrap();
        let changed = sync(&db.store, &src, vec![record("a", 1, 0), record("b", 2, 1)]);
        let c = &changed.run.counts;
        assert_eq!((c.unchanged, c.updated, c.archived, c.added), (1, 1, 1, 0));
        let written: Vec<(&str, Status)> =
            changed.changed.iter().map(|(m, _)| (m.data.slug.as_str(), m.data.status)).collect();
        assert_eq!(written, [("b", Status::Published), ("c", Status::Archived)]);
        let new_b = db.store.get_meeting(b.id).unwrap();
        assert_eq!(new_b.data.notes.as_deref(), Some("version 2"));
        assert_eq!((new_b.id, new_b.created_at, new_b.verified_at), (b.id, b.created_at, verified.verified_at));
        assert!(new_b.updated_at > b.updated_at);
        let b_log = db.store.meeting_history(b.id, None, 10).unwrap();
        assert_eq!(b_log[0].action, "update");
        assert_eq!(b_log[0].seq, changed.changed[0].1);
        let c_id = changed.changed[1].0.id;
        assert_eq!(db.store.meeting_history(c_id, None, 10).unwrap()[0].action, "archive");
        assert!(!db.store.meeting_provenance(c_id).unwrap().unwrap().locally_edited, "archiving by sync is no local edit");

        // Still gone: nothing to do; then c comes back.
        let log_before = db.store.latest_change_seq().unwrap();
        let still = sync(&db.store, &src, vec![record("a", 1, 0), record("b", 2, 1)]);
        assert_eq!((still.run.counts.unchanged, still.changed.len()), (2, 0));
        assert_eq!(db.store.latest_change_seq().unwrap(), log_before);
        let back = sync(&db.store, &src, records(&["a", "b", "c"], 1));
        // b's record is version 1 again: an update too.
        assert_eq!((back.run.counts.updated, back.run.counts.unchanged), (2, 1));
        let restored = db.store.get_meeting(c_id).unwrap();
        assert_eq!((restored.data.status, restored.data.slug.as_str()), (Status::Published, "c"));
        assert_eq!(db.store.count_meetings().unwrap(), 3);
        assert_eq!(db.store.list_runs(src.id, 10).unwrap().len(), 5);
    }

    fn a_local_edit_is_kept_and_reported(db) {
        let src = source(&db.store);
        let first = sync(&db.store, &src, records(&["a", "b"], 1));
        let a = first.changed[0].0.clone();
        let mut edited = a.data.clone();
        edited.notes = Some("staff know better".into());
        let (edited, _) = db.store.update_meeting(a.id, edited, &staff()).unwrap();
        assert!(db.store.meeting_provenance(a.id).unwrap().unwrap().locally_edited);

        // Unchanged in the source: left alone, no conflict.
        let same = sync(&db.store, &src, records(&["a", "b"], 1));
        assert_eq!((same.run.counts.unchanged, same.run.counts.conflicts), (2, 0));
        // Changed in the source: a conflict, the edit stays.
        let log_before = db.store.latest_change_seq().unwrap();
        let changed = sync(&db.store, &src, vec![record("a", 2, 0), record("b", 1, 1)]);
        assert_eq!((changed.run.counts.conflicts, changed.run.counts.updated), (1, 0));
        assert_eq!(changed.run.conflicts[0].listing_id, Some(a.id.0));
        assert_eq!(db.store.get_meeting(a.id).unwrap(), edited);
        assert_eq!(db.store.latest_change_seq().unwrap(), log_before);
        // Gone from the source: kept, a conflict.
        let gone = sync(&db.store, &src, vec![record("b", 1, 0)]);
        assert_eq!((gone.run.counts.conflicts, gone.run.counts.archived), (1, 0));
        assert_eq!(db.store.get_meeting(a.id).unwrap(), edited);
        assert_eq!(db.store.get_run(gone.run.id).unwrap(), gone.run);
    }

    fn an_edit_between_planning_and_writing_wins(db) {
        let src = source(&db.store);
        let first = sync(&db.store, &src, records(&["a", "b", "c"], 1));
        let ids: Vec<_> = first.changed.iter().map(|(m, _)| m.id).collect();
        // Plan: a and b updated, c archived ...
        let plan = plan_sync(db.store.source_listings(src.id).unwrap(), vec![record("a", 2, 0), record("b", 2, 1)]);
        assert_eq!((plan.update.len(), plan.archive.len()), (2, 1));
        // ... then staff edit a and c before the sync writes.
        let mut edited_a = db.store.get_meeting(ids[0]).unwrap().data;
        edited_a.name = "Edited here".into();
        let (edited_a, _) = db.store.update_meeting(ids[0], edited_a, &staff()).unwrap();
        let (archived_c, _) = db.store.archive_meeting(ids[2], &staff()).unwrap();
        let mut counts = recovery_domain::source::RunCounts { updated: 2, archived: 1, ..Default::default() };
        counts.source_records = 2;
        let applied = db.store.apply_sync(src.id, plan, run(&src, counts), &system()).unwrap();
        let c = &applied.run.counts;
        assert_eq!((c.updated, c.archived, c.conflicts), (1, 0, 2));
        let conflicts: Vec<_> = applied.run.conflicts.iter().map(|i| (i.listing_id, i.position)).collect();
        assert_eq!(conflicts, [(Some(ids[0].0), Some(0)), (Some(ids[2].0), None)]);
        assert_eq!(applied.changed.len(), 1);
        assert_eq!(applied.changed[0].0.id, ids[1]);
        assert_eq!(db.store.get_meeting(ids[0]).unwrap(), edited_a);
        assert_eq!(db.store.get_meeting(ids[2]).unwrap(), archived_c);
        assert_eq!(db.store.get_run(applied.run.id).unwrap(), applied.run);
    }

    fn taken_slugs_get_a_suffix(db) {
        db.store.create_meeting(listing("taken"), false, &staff()).unwrap();
        let src = source(&db.store);
        let mut named = record("k1", 1, 0);
        named.data.slug = "taken".into();
        named.slug_derived = false;
        let mut twin = record("k2", 1, 1);
        twin.data.slug = "twin".into();
        let mut twin2 = record("k3", 1, 2);
        twin2.data.slug = "twin".into();
        let applied = sync(&db.store, &src, vec![named, twin, twin2]);
        let slugs: Vec<&str> = applied.changed.iter().map(|(m, _)| m.data.slug.as_str()).collect();
        assert_eq!(slugs, ["taken-2", "twin", "twin-2"]);
        // An update keeps the slug it has.
        let mut renamed = record("k2", 2, 1);
        renamed.data.slug = "other".into();
        let updated = sync(&db.store, &src, vec![record("k1", 1, 0), renamed, record("k3", 1, 2)]);
        assert_eq!(updated.changed[0].0.data.slug, "twin");
    }

    fn a_failed_sync_writes_nothing(db) {
        let src = source(&db.store);
        sync(&db.store, &src, records(&["a"], 1));
        let log_before = db.store.latest_change_seq().unwrap();
        let before = by_slug(&db.store);
        // Two creates with one key: the provenance's unique key refuses the second, after the
        // new listings and their contacts were inserted in the same transaction.
        let mut plan = plan_sync(db.store.source_listings(src.id).unwrap(), vec![record("a", 2, 0), record("n", 1, 1)]);
        let mut again = plan.create[0].clone();
        again.data.slug = "n-other".into();
        plan.create.push(again);
        let failed = db.store.apply_sync(src.id, plan, run(&src, Default::default()), &system());
        assert!(matches!(failed, Err(StoreError::Conflict { .. })), "{failed:?}");
        assert_eq!(by_slug(&db.store), before);
        assert_eq!(db.store.latest_change_seq().unwrap(), log_before);
        assert_eq!(db.store.list_runs(src.id, 10).unwrap().len(), 1);
        // A run id taken already: refused at the very end, after every listing was written.
        let taken = db.store.list_runs(src.id, 1).unwrap().remove(0);
        let plan = plan_sync(db.store.source_listings(src.id).unwrap(), vec![record("a", 2, 0), record("n", 1, 1)]);
        let mut r = run(&src, Default::default());
        r.id = taken.id;
        let failed = db.store.apply_sync(src.id, plan, r, &system());
        assert!(matches!(failed, Err(StoreError::Conflict { .. })), "{failed:?}");
        assert_eq!(by_slug(&db.store), before);
        assert_eq!(db.store.latest_change_seq().unwrap(), log_before);
        assert_eq!(db.store.source_listings(src.id).unwrap().len(), 1);
        // A source deleted meanwhile is not found.
        db.store.delete_source(src.id, &system()).unwrap();
        let gone = db.store.apply_sync(src.id, SyncPlan::default(), run(&src, Default::default()), &system());
        assert_eq!(gone.unwrap_err(), StoreError::NotFound);
    }

    fn a_draft_record_stays_a_draft_until_its_record_is_published(db) {
        let src = source(&db.store);
        let mut draft = record("quiet", 1, 0);
        draft.data.status = Status::Draft;
        let first = sync(&db.store, &src, vec![draft.clone()]);
        let id = first.changed[0].0.id;
        assert_eq!(db.store.get_meeting(id).unwrap().data.status, Status::Draft, "created as the record says");
        let flagged = db.store.flagged_listings().unwrap();
        assert_eq!(flagged[0].provenance.flags, [ListingFlag::Unpublished]);

        let again = sync(&db.store, &src, vec![draft]);
        assert_eq!((again.run.counts.unchanged, again.changed.len()), (1, 0), "a draft is no change");
        let published = sync(&db.store, &src, vec![record("quiet", 2, 0)]);
        assert_eq!(published.run.counts.updated, 1);
        assert_eq!(db.store.get_meeting(id).unwrap().data.status, Status::Published);
        assert_eq!(db.store.flagged_listings().unwrap(), [], "the flag goes with the draft");
    }

    fn flags_are_kept_and_listed(db) {
        let src = source(&db.store);
        let mut offline = record("offline", 1, 0);
        offline.data.online = None;
        let mut item = recovery_domain::source::RunItem {
            position: Some(0),
            key: Some("offline".into()),
            listing_id: None,
            reason: ListingFlag::Inactive.reason().into(),
        };
        let plan = plan_sync(vec![], vec![offline, record("fine", 1, 1)]);
        let mut r = run(&src, Default::default());
        r.flagged.push(item.clone());
        let applied = db.store.apply_sync(src.id, plan, r, &system()).unwrap();
        let offline_id = applied.changed[0].0.id;
        item.listing_id = Some(offline_id.0);
        assert_eq!(applied.run.flagged, [item], "new listings are named in the report");
        let flagged = db.store.flagged_listings().unwrap();
        assert_eq!(flagged.len(), 1);
        assert_eq!((flagged[0].slug.as_str(), flagged[0].name.as_str()), ("offline", "Meeting offline"));
        assert_eq!(flagged[0].provenance.flags, [ListingFlag::Inactive]);
        assert_eq!(flagged[0].provenance.external_key, "offline");
        // Deleting the source forgets where listings came from; they stay.
        db.store.delete_source(src.id, &system()).unwrap();
        assert_eq!(db.store.meeting_provenance(offline_id).unwrap(), None);
        assert_eq!(db.store.flagged_listings().unwrap(), []);
        assert_eq!(db.store.count_meetings().unwrap(), 2);
    }

    fn ten_thousand_listings_in_one_sync(db) {
        let src = source(&db.store);
        let keys: Vec<String> = (0..10_000).map(|i| format!("m{i}")).collect();
        let incoming = |version| keys.iter().enumerate().map(|(i, k)| record(k, version, i)).collect::<Vec<_>>();
        let first = sync(&db.store, &src, incoming(1));
        assert_eq!((first.run.counts.added, first.changed.len()), (10_000, 10_000));
        assert_eq!(db.store.count_meetings().unwrap(), 10_000);
        assert_eq!(db.store.changes_since(0, 20_000).unwrap().iter().filter(|c| c.entity == "meeting").count(), 10_000);
        let log_before = db.store.latest_change_seq().unwrap();
        let again = sync(&db.store, &src, incoming(1));
        assert_eq!((again.run.counts.unchanged, again.changed.len()), (10_000, 0));
        assert_eq!(db.store.latest_change_seq().unwrap(), log_before);
    }
}
