//! The change log: one entry per write, in commit order, with the full before and after.

use std::thread;

use recovery_domain::{Actor, Status, UserId};
use serde_json::json;

use crate::harness::{bare_meeting, full_meeting, system};

on_both_backends! {
    fn every_write_is_logged_with_before_and_after(db) {
        let editor = Actor::User(UserId::new());
        let (created, s1) = db.store.create_meeting(full_meeting("logged"), false, &editor).unwrap();
        let mut data = created.data.clone();
        data.name = "Logged Again".to_string();
        let (updated, s2) = db.store.update_meeting(created.id, data, &editor).unwrap();
        let (archived, s3) = db.store.archive_meeting(created.id, &system()).unwrap();
        assert!(s1 < s2 && s2 < s3);
        assert_eq!(db.store.latest_change_seq().unwrap(), s3);

        let log = db.store.changes_since(0, 10).unwrap();
        let summary: Vec<_> = log.iter().map(|c| (c.seq, c.entity.as_str(), c.action.as_str(), c.actor.clone())).collect();
        assert_eq!(
            summary,
            vec![
                (s1, "meeting", "create", editor.label()),
                (s2, "meeting", "update", editor.label()),
                (s3, "meeting", "archive", "system:test".to_string()),
            ]
        );
        let as_json = |m| serde_json::to_value(m).unwrap();
        assert!(log.iter().all(|c| c.entity_id == created.id.to_string()));
        assert_eq!((log[0].before.clone(), log[0].after.clone()), (None, Some(as_json(&created))));
        assert_eq!((log[1].before.clone(), log[1].after.clone()), (Some(as_json(&created)), Some(as_json(&updated))));
        assert_eq!((log[2].before.clone(), log[2].after.clone()), (Some(as_json(&updated)), Some(as_json(&archived))));
        assert_eq!(log[0].at, created.created_at);
        assert_eq!(log[2].at, archived.updated_at);
        // Private contacts are in the staff audit.
        assert_eq!(log[0].after.as_ref().unwrap()["contacts"][1], json!({"name": "Bob", "phone": "+12125550102", "public": false}));
        assert_eq!(log[2].after.as_ref().unwrap()["status"], json!("archived"));
        assert_eq!(archived.data.status, Status::Archived);
    }

    fn changes_since_pages_in_order(db) {
        let seqs: Vec<i64> =
            (0..5).map(|i| db.store.create_meeting(bare_meeting(&format!("m{i}")), false, &system()).unwrap().1).collect();
        assert!(seqs.windows(2).all(|w| w[0] < w[1]));
        let page: Vec<i64> = db.store.changes_since(seqs[1], 2).unwrap().iter().map(|c| c.seq).collect();
        assert_eq!(page, vec![seqs[2], seqs[3]]);
        assert!(db.store.changes_since(seqs[4], 10).unwrap().is_empty());
        assert!(db.store.changes_since(0, 0).unwrap().is_empty());
    }

    fn concurrent_writers_get_distinct_increasing_seqs(db) {
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let store = db.store.clone();
                thread::spawn(move || {
                    (0..15)
                        .map(|i| store.create_meeting(bare_meeting(&format!("t{t}-{i}")), false, &system()).unwrap().1)
                        .collect::<Vec<i64>>()
                })
            })
            .collect();
        let mut seqs: Vec<i64> = threads.into_iter().flat_map(|t| t.join().unwrap()).collect();
        seqs.sort_unstable();
        seqs.dedup();
        assert_eq!(seqs.len(), 60);
        let logged: Vec<i64> = db.store.changes_since(0, 1000).unwrap().iter().map(|c| c.seq).collect();
        assert_eq!(logged, seqs);
        assert_eq!(db.store.count_meetings().unwrap(), 60);
    }
}
