//! Problem reports (`Directory::create_report`): only about a listing the public can see, and
//! the retention sweep that erases reporters' emails.

use recovery_app::{AppError, retention};
use recovery_domain::testing::MeetingBuilder;
use recovery_domain::{LocationId, OrganizationId, ReportInput, ServiceId, Status, TermId};
use recovery_store::ReportQuery;
use uuid::Uuid;

use crate::agencies::{HOUSING, location, organization, service};
use crate::harness::*;

/// A report about listing `id` of `kind`, with an email to write back to.
fn report(kind: &str, id: Uuid) -> ReportInput {
    ReportInput {
        listing_kind: Some(kind.to_string()),
        listing_id: Some(id.to_string()),
        reason: Some("wrong_time".to_string()),
        message: Some("It starts at 8, not 7.".to_string()),
        contact_email: Some("reporter@example.org".to_string()),
    }
}

fn all_reports(db: &TestDb) -> Vec<recovery_domain::Report> {
    db.store.list_reports(&ReportQuery { limit: 100, ..ReportQuery::default() }, None).unwrap()
}

/// Asserts `result` is `Invalid` naming `field`.
fn assert_invalid_at<T: std::fmt::Debug>(result: Result<T, AppError>, field: &str) {
    match result {
        Err(AppError::Invalid(errors)) => {
            assert!(errors.0.iter().any(|e| e.field == field), "{errors:?} does not name {field}")
        }
        other => panic!("expected Invalid at {field}, got {other:?}"),
    }
}

on_both_backends! {
    async fn reports_about_listings_the_public_sees_are_stored(db) {
        let directory = db.directory();
        let meeting = create(&directory, MeetingBuilder::new("Tuesday Night Step")).await;
        let stored = directory.create_report(report("meeting", meeting.id.0)).await.unwrap();
        assert_eq!((stored.listing_id, stored.contact_email.as_deref()), (meeting.id.0, Some("reporter@example.org")));

        let org = directory.create_organization(OrganizationId::new(), organization("Hope House"), staff()).await.unwrap();
        let place = directory.create_location(LocationId::new(), location(org.id), staff()).await.unwrap();
        let housing: TermId = HOUSING.parse().unwrap();
        let data = service("Sober living referrals", org.id, place.id, &[housing]);
        let svc = directory.create_service(ServiceId::new(), data, staff()).await.unwrap();
        directory.create_report(report("service", svc.id.0)).await.unwrap();

        assert_eq!(all_reports(db).len(), 2);
        assert_eq!(db.store.get_report(stored.id).unwrap(), stored);
    }

    async fn a_report_about_an_unpublished_or_unknown_listing_is_invalid_at_listing_id(db) {
        let directory = db.directory();
        let draft = create(&directory, MeetingBuilder::new("Draft").status(Status::Draft)).await;
        let archived = create(&directory, MeetingBuilder::new("Archived")).await;
        directory.archive_meeting(archived.id, staff()).await.unwrap();
        let log = db.log_len();

        assert_invalid_at(directory.create_report(report("meeting", draft.id.0)).await, "listing_id");
        assert_invalid_at(directory.create_report(report("meeting", archived.id.0)).await, "listing_id");
        assert_invalid_at(directory.create_report(report("meeting", Uuid::new_v4())).await, "listing_id");
        // A published meeting's id is not a service's.
        let published = create(&directory, MeetingBuilder::new("Published")).await;
        assert_invalid_at(directory.create_report(report("service", published.id.0)).await, "listing_id");
        // What validation refuses comes back the same way.
        let mut bad = report("meeting", published.id.0);
        bad.reason = Some("rude".to_string());
        assert_invalid_at(directory.create_report(bad).await, "reason");

        assert!(all_reports(db).is_empty(), "nothing stored");
        assert_eq!(db.log_len(), log + 1, "only the published meeting's creation");
    }

    async fn the_retention_sweep_erases_reporters_emails_past_the_period(db) {
        let directory = db.directory();
        let meeting = create(&directory, MeetingBuilder::new("Tuesday Night Step")).await;
        let stored = directory.create_report(report("meeting", meeting.id.0)).await.unwrap();

        retention::sweep(directory.store(), 30).await;
        assert_eq!(db.store.get_report(stored.id).unwrap().contact_email.as_deref(), Some("reporter@example.org"));

        // A day's retention, the report sent two days ago.
        let two_days_ago = (chrono::Utc::now() - chrono::TimeDelta::days(2)).naive_utc();
        recovery_store::testing::execute_sql(
            &db.store,
            &format!("UPDATE reports SET created_at = '{}' WHERE id = '{}'", two_days_ago.format("%Y-%m-%d %H:%M:%S%.6f"), stored.id),
        )
        .unwrap();
        retention::sweep(directory.store(), 1).await;
        let swept = db.store.get_report(stored.id).unwrap();
        assert_eq!(swept.contact_email, None);
        assert_eq!(swept.message, stored.message, "only the email goes");
    }
}
