//! Reading the change log by entity and page, a meeting's history, and scrubbing a contact
//! out of a meeting's history.

use recovery_domain::change::{ContactMatch, SCRUBBED};
use recovery_domain::{Actor, Contact, MeetingData, UserId};
use recovery_store::{ChangeFilter, StoreError};
use serde_json::json;

use crate::harness::{TestDb, bare_meeting, full_meeting, system};

/// A private contact who will ask to be forgotten, and the texts that identify her.
const HARRIET: [&str; 3] = ["Harriet Hidden", "harriet.hidden@example.org", "215-555-0911"];

fn with_harriet(mut data: MeetingData) -> MeetingData {
    data.contacts.push(Contact {
        name: Some(HARRIET[0].to_string()),
        email: Some(HARRIET[1].to_string()),
        phone: Some(HARRIET[2].to_string()),
        public: false,
    });
    data.notes = Some(format!("Questions? Write {} or call (215) 555-0911.", HARRIET[1].to_uppercase()));
    data
}

/// Every stored `before`/`after` text of the log, as one string.
fn raw_log(db: &TestDb) -> String {
    db.store
        .raw_change_log()
        .unwrap()
        .into_iter()
        .flat_map(|(_, before, after)| [before.unwrap_or_default(), after.unwrap_or_default()])
        .collect::<Vec<_>>()
        .join("\n")
}

on_both_backends! {
    fn filters_select_entity_and_id_and_pages_follow_seq(db) {
        let (a, a1) = db.store.create_meeting(bare_meeting("a"), false, &system()).unwrap();
        let (b, _) = db.store.create_meeting(bare_meeting("b"), false, &system()).unwrap();
        let mut data = a.data.clone();
        data.name = "A again".into();
        let (_, a2) = db.store.update_meeting(a.id, data, &system()).unwrap();

        let only_a = ChangeFilter { entity: Some("meeting".into()), entity_id: Some(a.id.to_string()) };
        let seqs = |after, filter: &ChangeFilter, limit| -> Vec<i64> {
            db.store.changes_after(after, filter, limit).unwrap().iter().map(|c| c.seq).collect()
        };
        assert_eq!(seqs(0, &only_a, 10), vec![a1, a2]);
        assert_eq!(seqs(0, &only_a, 1), vec![a1]);
        assert_eq!(seqs(a1, &only_a, 10), vec![a2]);
        assert_eq!(seqs(a2, &only_a, 10), Vec::<i64>::new());
        let no_users = ChangeFilter { entity: Some("user".into()), entity_id: None };
        assert!(seqs(0, &no_users, 10).is_empty());
        let by_id = ChangeFilter { entity: None, entity_id: Some(b.id.to_string()) };
        assert_eq!(db.store.changes_after(0, &by_id, 10).unwrap().iter().map(|c| c.action.as_str()).collect::<Vec<_>>(), ["create"]);
        assert_eq!(seqs(0, &ChangeFilter::default(), 10).len(), 3);
    }

    fn history_is_newest_first_page_by_page(db) {
        let (m, s1) = db.store.create_meeting(bare_meeting("h"), false, &system()).unwrap();
        db.store.create_meeting(bare_meeting("other"), false, &system()).unwrap();
        let mut data = m.data.clone();
        data.name = "Renamed".into();
        let (_, s2) = db.store.update_meeting(m.id, data, &system()).unwrap();
        let (_, s3) = db.store.archive_meeting(m.id, &system()).unwrap();
        let seqs = |before, limit| -> Vec<i64> {
            db.store.meeting_history(m.id, before, limit).unwrap().iter().map(|c| c.seq).collect()
        };
        assert_eq!(seqs(None, 10), vec![s3, s2, s1]);
        assert_eq!(seqs(None, 2), vec![s3, s2]);
        assert_eq!(seqs(Some(s2), 2), vec![s1]);
        assert!(seqs(Some(s1), 2).is_empty());
        let diff = db.store.meeting_history(m.id, None, 1).unwrap()[0].diff();
        assert!(diff.iter().any(|f| f.field == "status" && f.after == json!("archived")), "{diff:?}");
    }

    fn scrubbing_removes_a_contact_from_every_entry_and_logs_it(db) {
        let admin = Actor::User(UserId::new());
        let (m, _) = db.store.create_meeting(with_harriet(full_meeting("scrub")), false, &system()).unwrap();
        let mut data = m.data.clone();
        data.name = "Renamed while she was listed".into();
        let (m, _) = db.store.update_meeting(m.id, data, &system()).unwrap();
        for secret in HARRIET {
            assert!(raw_log(db).contains(secret), "{secret} is logged before the scrub");
        }

        // Still on the meeting: refused, nothing rewritten.
        let by_email = ContactMatch::new(Some(HARRIET[1]), None).unwrap();
        let before_refusal = raw_log(db);
        let refused = db.store.scrub_meeting_contact(m.id, &by_email, &admin).unwrap_err();
        assert!(matches!(&refused, StoreError::Conflict { field, .. } if field == "contact"), "{refused:?}");
        assert_eq!(raw_log(db), before_refusal);

        // Removed by an ordinary update, then scrubbed from the history.
        let mut data = m.data.clone();
        data.contacts.retain(|c| c.name.as_deref() != Some(HARRIET[0]));
        data.notes = Some("Questions? Ask at the door.".into());
        let (m, update_seq) = db.store.update_meeting(m.id, data, &system()).unwrap();
        let (after, report, seq) = db.store.scrub_meeting_contact(m.id, &by_email, &admin).unwrap();
        assert!(seq > update_seq);
        assert_eq!(after, m, "the meeting itself is unchanged");
        assert_eq!((report.entries, report.contacts, report.mentions), (3, 4, 4), "{report:?}");
        assert_eq!(report.matched_by, ["email"]);

        let raw = raw_log(db);
        for secret in HARRIET.into_iter().chain(["(215) 555-0911", "HARRIET.HIDDEN"]) {
            assert!(!raw.contains(secret), "`{secret}` is still in the change_log table");
        }
        assert!(raw.contains(SCRUBBED));
        assert!(raw.contains("Bob") && raw.contains("+12125550102"), "other contacts are kept");

        let log = db.store.meeting_history(m.id, None, 10).unwrap();
        let scrub = &log[0];
        assert_eq!((scrub.seq, scrub.action.as_str(), scrub.actor.clone()), (seq, "scrub", admin.label()));
        assert_eq!(scrub.scrub_report(), Some(report));
        assert!(scrub.diff().is_empty());
        // Every rewritten entry still reads as a meeting.
        for change in &log[1..] {
            let meeting: recovery_domain::Meeting = serde_json::from_value(change.after.clone().unwrap()).unwrap();
            assert_eq!(meeting.id, m.id);
        }

        // Nothing left to scrub: nothing written.
        let latest = db.store.latest_change_seq().unwrap();
        let by_phone = ContactMatch::new(None, Some("+1 215 555 0911")).unwrap();
        let (_, again, seq) = db.store.scrub_meeting_contact(m.id, &by_phone, &admin).unwrap();
        assert_eq!((again.entries, seq), (0, 0));
        assert_eq!(db.store.latest_change_seq().unwrap(), latest);
    }

    fn scrubbing_by_phone_leaves_other_meetings_alone(db) {
        let (m, _) = db.store.create_meeting(with_harriet(bare_meeting("one")), false, &system()).unwrap();
        let (other, _) = db.store.create_meeting(with_harriet(bare_meeting("two")), false, &system()).unwrap();
        let mut data = m.data.clone();
        data.contacts.clear();
        data.notes = None;
        db.store.update_meeting(m.id, data, &system()).unwrap();
        let by_phone = ContactMatch::new(None, Some("2155550911")).unwrap();
        let (_, report, _) = db.store.scrub_meeting_contact(m.id, &by_phone, &system()).unwrap();
        assert_eq!((report.entries, report.contacts), (2, 2));
        let other_log = db.store.meeting_history(other.id, None, 10).unwrap();
        assert_eq!(other_log[0].after.as_ref().unwrap()["contacts"][0]["name"], HARRIET[0]);
        let missing = db.store.scrub_meeting_contact(recovery_domain::MeetingId::new(), &by_phone, &system());
        assert_eq!(missing.unwrap_err(), StoreError::NotFound);
    }
}
