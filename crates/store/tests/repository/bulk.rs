//! Bulk inserts: one transaction, all or nothing.

use recovery_domain::MeetingData;
use recovery_store::StoreError;

use crate::harness::{bare_meeting, full_meeting, system};

fn batch(n: usize) -> Vec<(MeetingData, bool)> {
    (0..n)
        .map(|i| {
            let data = if i % 2 == 0 { full_meeting(&format!("bulk-{i}")) } else { bare_meeting(&format!("bulk-{i}")) };
            (data, false)
        })
        .collect()
}

on_both_backends! {
    fn two_thousand_meetings_in_one_go(db) {
        let stored = db.store.insert_meetings(batch(2_000), &system()).unwrap();
        assert_eq!(stored.len(), 2_000);
        assert_eq!(db.store.count_meetings().unwrap(), 2_000);
        let all = db.store.all_meetings(None).unwrap();
        assert_eq!(all.len(), 2_000);
        for m in [&stored[0], &stored[1], &stored[1_998], &stored[1_999]] {
            assert_eq!(&db.store.get_meeting(m.id).unwrap(), m);
        }
        let mut by_id = stored.clone();
        by_id.sort_by_key(|m| m.id);
        assert_eq!(all, by_id);
        let log = db.store.changes_since(0, 5_000).unwrap();
        assert_eq!(log.len(), 2_000);
        assert!(log.iter().all(|c| c.action == "create" && c.actor == "system:test"));
        let logged: Vec<String> = log.iter().map(|c| c.entity_id.clone()).collect();
        let ids: Vec<String> = stored.iter().map(|m| m.id.to_string()).collect();
        assert_eq!(logged, ids, "one entry each, in order");
    }

    fn a_bulk_insert_that_fails_stores_nothing(db) {
        let mut items = batch(2_000);
        items[1_999].0.slug = "bulk-5".to_string();
        let err = db.store.insert_meetings(items, &system()).unwrap_err();
        assert!(matches!(&err, StoreError::Conflict { field, .. } if field == "slug"), "{err:?}");
        assert_eq!(db.store.count_meetings().unwrap(), 0);
        assert_eq!(db.store.latest_change_seq().unwrap(), 0);
        assert!(db.store.all_meetings(None).unwrap().is_empty());
    }

    fn generated_slugs_in_a_batch_avoid_each_other_and_explicit_ones(db) {
        db.store.create_meeting(bare_meeting("group"), false, &system()).unwrap();
        let items = vec![
            (bare_meeting("group"), true),
            (bare_meeting("group"), true),
            (bare_meeting("group-2"), false),
            (bare_meeting("group"), true),
        ];
        let slugs: Vec<String> =
            db.store.insert_meetings(items, &system()).unwrap().into_iter().map(|m| m.data.slug).collect();
        assert_eq!(slugs, ["group-3", "group-4", "group-2", "group-5"]);
    }
}
