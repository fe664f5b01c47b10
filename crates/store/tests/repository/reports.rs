//! Problem reports and meeting verification: the staff queue, closing reports, erasing
//! reporters' emails after the retention period, and both surviving a backup.

use chrono::{TimeDelta, Utc};
use recovery_domain::{
    Actor, ListingKind, MeetingId, NewReport, Report, ReportClosing, ReportId, ReportReason, ReportStatus, UserId,
};
use recovery_store::testing::execute_sql;
use recovery_store::{Backend, Backup, ReportQuery, StoreError};
use uuid::Uuid;

use crate::harness::{self, TestDb, assert_recent, bare_meeting, full_meeting, staff};

fn new_report(listing: MeetingId, email: Option<&str>) -> NewReport {
    NewReport {
        listing_kind: ListingKind::Meeting,
        listing_id: listing.0,
        reason: ReportReason::WrongTime,
        message: "It starts at 7:30 now.".to_string(),
        contact_email: email.map(str::to_string),
    }
}

fn query(limit: usize) -> ReportQuery {
    ReportQuery { limit, ..ReportQuery::default() }
}

fn ids(reports: &[Report]) -> Vec<ReportId> {
    reports.iter().map(|r| r.id).collect()
}

fn resolve(change_seq: Option<i64>) -> ReportClosing {
    ReportClosing { status: ReportStatus::Resolved, note: Some("Fixed the time.".to_string()), change_seq }
}

/// Sets report `id`'s `created_at` to `days` days ago.
fn back_date(db: &TestDb, id: ReportId, days: i64) {
    let at = (Utc::now() - TimeDelta::days(days)).naive_utc().format("%Y-%m-%d %H:%M:%S%.6f");
    execute_sql(&db.store, &format!("UPDATE reports SET created_at = '{at}' WHERE id = '{id}'")).unwrap();
}

on_both_backends! {
    fn a_report_round_trips_and_its_email_stays_out_of_the_log(db) {
        let (meeting, _) = db.store.create_meeting(full_meeting("reported"), false, &staff()).unwrap();
        let (report, seq) = db.store.create_report(new_report(meeting.id, Some("reporter@example.org"))).unwrap();
        assert_eq!(report.status, ReportStatus::Open);
        assert_eq!(report.listing_id, meeting.id.0);
        assert_eq!(report.contact_email.as_deref(), Some("reporter@example.org"));
        assert_recent(report.created_at);
        assert_eq!(db.store.get_report(report.id).unwrap(), report);

        let log = db.store.changes_since(seq - 1, 10).unwrap();
        assert_eq!(log.len(), 1);
        let entry = &log[0];
        assert_eq!((entry.entity.as_str(), entry.action.as_str(), entry.actor.as_str()), ("report", "create", "system:public"));
        assert_eq!(entry.entity_id, report.id.to_string());
        assert_eq!(entry.at, report.created_at);
        let after = entry.after.clone().unwrap();
        assert_eq!(after["has_contact_email"], true);
        assert_eq!(after["message"], "It starts at 7:30 now.");
        assert!(after.get("contact_email").is_none(), "{after}");
        let everything = serde_json::to_string(&db.store.changes_since(0, 100).unwrap()).unwrap();
        assert!(!everything.contains("reporter@example.org"), "{everything}");

        assert_eq!(db.store.get_report(ReportId::new()).unwrap_err(), StoreError::NotFound);
    }

    fn the_queue_filters_and_pages_oldest_first(db) {
        let (a, _) = db.store.create_meeting(bare_meeting("a"), false, &staff()).unwrap();
        let (b, _) = db.store.create_meeting(bare_meeting("b"), false, &staff()).unwrap();
        let mut made = Vec::new();
        for listing in [a.id, b.id, a.id, a.id, b.id] {
            made.push(db.store.create_report(new_report(listing, None)).unwrap().0);
        }
        let all = db.store.list_reports(&query(100), None).unwrap();
        assert_eq!(ids(&all), ids(&made), "oldest first");

        let first = db.store.list_reports(&query(2), None).unwrap();
        assert_eq!(ids(&first), ids(&made[..2]));
        let next = ReportQuery { after: Some(first[1].id), ..query(2) };
        assert_eq!(ids(&db.store.list_reports(&next, None).unwrap()), ids(&made[2..4]));
        let last = ReportQuery { after: Some(made[3].id), ..query(2) };
        assert_eq!(ids(&db.store.list_reports(&last, None).unwrap()), ids(&made[4..]));

        let about_a = ReportQuery { listing_id: Some(a.id.0), ..query(100) };
        assert_eq!(ids(&db.store.list_reports(&about_a, None).unwrap()), vec![made[0].id, made[2].id, made[3].id]);

        let user = UserId::new();
        db.store.close_report(made[1].id, resolve(None), user).unwrap();
        let dismissal = ReportClosing { status: ReportStatus::Dismissed, note: None, change_seq: None };
        db.store.close_report(made[3].id, dismissal, user).unwrap();
        let by_status = |status| {
            let q = ReportQuery { status: Some(status), ..query(100) };
            ids(&db.store.list_reports(&q, None).unwrap())
        };
        assert_eq!(by_status(ReportStatus::Open), vec![made[0].id, made[2].id, made[4].id]);
        assert_eq!(by_status(ReportStatus::Resolved), vec![made[1].id]);
        assert_eq!(by_status(ReportStatus::Dismissed), vec![made[3].id]);
        let none = ReportQuery { listing_id: Some(Uuid::now_v7()), ..query(100) };
        assert!(db.store.list_reports(&none, None).unwrap().is_empty());
    }

    fn a_scope_filter_still_fills_pages(db) {
        // More reports than one scan batch, few of them in scope: pages are still full.
        let (inside, _) = db.store.create_meeting(full_meeting("inside"), false, &staff()).unwrap();
        let (outside, _) = db.store.create_meeting(bare_meeting("outside"), false, &staff()).unwrap();
        let mut wanted = Vec::new();
        for i in 0..230 {
            let listing = if i % 40 == 7 { inside.id } else { outside.id };
            let (report, _) = db.store.create_report(new_report(listing, None)).unwrap();
            if listing == inside.id {
                wanted.push(report.id);
            }
        }
        // An orphan report (its listing is not stored) is never in scope.
        db.store.create_report(new_report(MeetingId::new(), None)).unwrap();
        assert_eq!(wanted.len(), 6);
        let keep = |m: &recovery_domain::Meeting| m.data.program == "aa";
        let page = db.store.list_reports(&query(4), Some(&keep)).unwrap();
        assert_eq!(ids(&page), wanted[..4]);
        let next = ReportQuery { after: Some(page[3].id), ..query(4) };
        assert_eq!(ids(&db.store.list_reports(&next, Some(&keep)).unwrap()), wanted[4..]);
    }

    fn closing_a_report_is_logged(db) {
        let (meeting, fix) = db.store.create_meeting(bare_meeting("fixed"), false, &staff()).unwrap();
        let (report, _) = db.store.create_report(new_report(meeting.id, Some("r@example.org"))).unwrap();
        let user = UserId::new();
        assert!(db.store.change_exists(fix).unwrap());
        assert!(!db.store.change_exists(fix + 1_000).unwrap());

        let (closed, seq) = db.store.close_report(report.id, resolve(Some(fix)), user).unwrap();
        assert_eq!(closed.status, ReportStatus::Resolved);
        assert_eq!(closed.change_seq, Some(fix));
        assert_eq!(closed.closed_by, Some(user));
        assert_eq!(closed.note.as_deref(), Some("Fixed the time."));
        assert_recent(closed.closed_at.unwrap());
        assert_eq!(closed.contact_email, report.contact_email, "staff still have the email");
        assert_eq!(db.store.get_report(report.id).unwrap(), closed);

        let entry = db.store.changes_since(seq - 1, 1).unwrap().remove(0);
        assert_eq!((entry.action.as_str(), entry.actor.clone()), ("resolve", Actor::User(user).label()));
        assert_eq!(entry.before.unwrap()["status"], "open");
        assert_eq!(entry.after.unwrap()["change_seq"], fix);

        // Closing again replaces the note and the change.
        let again = ReportClosing { status: ReportStatus::Dismissed, note: None, change_seq: None };
        let (dismissed, later) = db.store.close_report(report.id, again, user).unwrap();
        assert!(later > seq);
        assert_eq!((dismissed.status, dismissed.note, dismissed.change_seq), (ReportStatus::Dismissed, None, None));
        assert_eq!(db.store.changes_since(later - 1, 1).unwrap()[0].action, "dismiss");

        assert_eq!(db.store.close_report(ReportId::new(), resolve(None), user).unwrap_err(), StoreError::NotFound);
        let everything = serde_json::to_string(&db.store.changes_since(0, 100).unwrap()).unwrap();
        assert!(!everything.contains("r@example.org"), "{everything}");
    }

    fn old_reporter_emails_are_purged(db) {
        let (meeting, _) = db.store.create_meeting(bare_meeting("purge"), false, &staff()).unwrap();
        let (old, _) = db.store.create_report(new_report(meeting.id, Some("old@example.org"))).unwrap();
        let (old_without, _) = db.store.create_report(new_report(meeting.id, None)).unwrap();
        let (borderline, _) = db.store.create_report(new_report(meeting.id, Some("border@example.org"))).unwrap();
        let (fresh, _) = db.store.create_report(new_report(meeting.id, Some("new@example.org"))).unwrap();
        back_date(db, old.id, 400);
        back_date(db, old_without.id, 400);
        back_date(db, borderline.id, 179);
        let before = db.store.latest_change_seq().unwrap();

        let cutoff = Utc::now() - TimeDelta::days(180);
        assert_eq!(db.store.purge_report_emails(cutoff).unwrap(), 1);
        let purged = db.store.get_report(old.id).unwrap();
        assert_eq!(purged.contact_email, None);
        assert_eq!(purged.message, old.message, "only the email goes");
        assert_eq!(purged.status, ReportStatus::Open);
        assert_eq!(db.store.get_report(borderline.id).unwrap().contact_email.as_deref(), Some("border@example.org"));
        assert_eq!(db.store.get_report(fresh.id).unwrap().contact_email.as_deref(), Some("new@example.org"));

        let log = db.store.changes_since(before, 10).unwrap();
        assert_eq!(log.len(), 1);
        assert_eq!((log[0].action.as_str(), log[0].actor.as_str()), ("purge_contact_email", "system:retention"));
        assert_eq!(log[0].entity_id, old.id.to_string());
        assert_eq!(log[0].before.as_ref().unwrap()["has_contact_email"], true);
        assert_eq!(log[0].after.as_ref().unwrap()["has_contact_email"], false);

        assert_eq!(db.store.purge_report_emails(cutoff).unwrap(), 0, "nothing left to purge");
        assert_eq!(db.store.latest_change_seq().unwrap(), log[0].seq, "and nothing logged");
        assert_eq!(db.store.purge_report_emails(Utc::now() + TimeDelta::seconds(1)).unwrap(), 2);
    }

    fn verifying_changes_neither_content_nor_updated_at(db) {
        let (created, _) = db.store.create_meeting(full_meeting("checked"), false, &staff()).unwrap();
        assert_eq!((created.verified_at, created.verified_by), (None, None));
        let user = UserId::new();
        let (verified, seq) = db.store.verify_meeting(created.id, user).unwrap();
        assert_eq!(verified.data, created.data);
        assert_eq!(verified.updated_at, created.updated_at);
        assert_eq!(verified.verified_by, Some(user));
        let at = verified.verified_at.unwrap();
        assert_recent(at);
        assert_eq!(db.store.get_meeting(created.id).unwrap(), verified);
        assert_eq!(db.store.all_meetings(None).unwrap(), vec![verified.clone()]);

        let entry = db.store.changes_since(seq - 1, 1).unwrap().remove(0);
        assert_eq!((entry.entity.as_str(), entry.action.as_str()), ("meeting", "verify"));
        assert_eq!(entry.actor, Actor::User(user).label());
        assert_eq!(entry.at, at);
        assert_eq!(entry.before.unwrap(), serde_json::to_value(&created).unwrap());
        assert_eq!(entry.after.unwrap(), serde_json::to_value(&verified).unwrap());

        // An edit keeps the verification; an identical update writes nothing.
        let mut data = verified.data.clone();
        data.name = "Checked Again".to_string();
        let (edited, _) = db.store.update_meeting(created.id, data, &staff()).unwrap();
        assert_eq!((edited.verified_at, edited.verified_by), (Some(at), Some(user)));
        assert!(edited.updated_at > created.updated_at);
        let (same, _) = db.store.update_meeting(created.id, edited.data.clone(), &staff()).unwrap();
        assert_eq!(same, edited);
        let (archived, _) = db.store.archive_meeting(created.id, &staff()).unwrap();
        assert_eq!(archived.verified_at, Some(at));

        // Verifying again moves it on.
        let (again, later) = db.store.verify_meeting(created.id, UserId::new()).unwrap();
        assert!(later > seq && again.verified_at.unwrap() >= at);
        assert_eq!(db.store.verify_meeting(MeetingId::new(), user).unwrap_err(), StoreError::NotFound);
    }

    fn verification_and_reports_survive_a_backup(db) {
        let (meeting, _) = db.store.create_meeting(full_meeting("kept"), false, &staff()).unwrap();
        db.store.create_meeting(bare_meeting("never-verified"), false, &staff()).unwrap();
        let (_, fix) = db.store.verify_meeting(meeting.id, UserId::new()).unwrap();
        let (report, _) = db.store.create_report(new_report(meeting.id, Some("keep@example.org"))).unwrap();
        db.store.close_report(report.id, resolve(Some(fix)), UserId::new()).unwrap();
        db.store.create_report(new_report(meeting.id, None)).unwrap();
        let backup = db.store.export_backup().unwrap();
        assert_eq!(backup.counts().reports, 2);
        assert!(backup.problems().is_empty(), "{:?}", backup.problems());
        assert!(backup.counts().to_string().ends_with(", 2 problem reports"), "{}", backup.counts());

        let text = serde_json::to_string(&backup).unwrap();
        let restored = another(db);
        restored.store.import_backup(&serde_json::from_str(&text).unwrap()).unwrap();
        let again = restored.store.export_backup().unwrap();
        assert_eq!(Backup { exported_at: backup.exported_at, ..again }, backup);
        assert_eq!(restored.store.get_report(report.id).unwrap(), db.store.get_report(report.id).unwrap());
        assert_eq!(restored.store.get_meeting(meeting.id).unwrap(), db.store.get_meeting(meeting.id).unwrap());

        // A report naming a change the backup does not have is a problem.
        let mut broken = backup.clone();
        broken.reports[0].change_seq = Some(9_999);
        assert!(broken.problems().iter().any(|p| p.starts_with("reports[0].change_seq")), "{:?}", broken.problems());
        // A database holding only a report is not empty.
        let target = another(db);
        target.store.create_report(new_report(meeting.id, None)).unwrap();
        execute_sql(&target.store, "DELETE FROM change_log").unwrap();
        let err = target.store.import_backup(&backup).unwrap_err();
        assert!(matches!(&err, StoreError::Conflict { message, .. } if message.contains("1 problem report")), "{err:?}");
    }

    fn a_version_1_backup_without_the_new_fields_restores(db) {
        db.store.create_meeting(full_meeting("older"), false, &staff()).unwrap();
        let mut value = serde_json::to_value(db.store.export_backup().unwrap()).unwrap();
        let object = value.as_object_mut().unwrap();
        object.insert("version".to_string(), 1.into());
        for key in ["reports", "provenance", "import_runs", "geocode_cache"] {
            object.remove(key);
        }
        for meeting in object["meetings"].as_array_mut().unwrap() {
            let meeting = meeting.as_object_mut().unwrap();
            assert!(meeting.remove("verified_at").is_some());
            assert!(meeting.remove("verified_by").is_none(), "never verified: not written");
        }
        let old: Backup = serde_json::from_value(value).unwrap();
        assert_eq!(old.version, 1);
        let restored = another(db);
        restored.store.import_backup(&old).unwrap();
        let meetings = restored.store.all_meetings(None).unwrap();
        assert_eq!(meetings.len(), 1);
        assert_eq!(meetings[0].verified_at, None);
    }
}

/// Another fresh database of the same backend as `db`.
fn another(db: &TestDb) -> TestDb {
    match db.store.backend() {
        Backend::Sqlite => harness::sqlite(),
        Backend::Postgres => harness::postgres().unwrap(),
    }
}
