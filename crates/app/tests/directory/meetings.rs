//! Meeting use cases: every write is in the store and in the index as soon as it returns (or
//! out of the index, for a meeting no longer published); refused writes leave both as they were.

use recovery_app::AppError;
use recovery_domain::change::ContactMatch;
use recovery_domain::testing::MeetingBuilder;
use recovery_domain::{Contact, MeetingId, MeetingInput, Status, UserId};
use recovery_store::StoreError;

use crate::harness::*;

on_both_backends! {
    async fn a_created_meeting_is_stored_and_searchable_at_once(db) {
        let directory = db.directory();
        assert!(directory.index().index.is_empty());

        let meeting = create(&directory, MeetingBuilder::new("Tuesday Night Step").day(2).time("19:30")).await;

        assert_eq!(directory.store().get_meeting(meeting.id).unwrap(), meeting);
        assert_eq!(directory.stored_meeting(meeting.id).await.unwrap(), meeting);
        let indexed = indexed(&directory, meeting.id).expect("in the index at once");
        assert_eq!(*indexed, meeting.public_view());
        assert_eq!(directory.index().index.get_by_slug("tuesday-night-step").map(|m| m.id), Some(meeting.id));
        assert_eq!(db.log_len(), 1);
    }

    async fn updates_archives_and_verifications_reach_the_index_at_once(db) {
        let directory = db.directory();
        let meeting = create(&directory, MeetingBuilder::new("Tuesday Night Step")).await;

        let mut data = meeting.data.clone();
        data.name = "Tuesday Night Big Book".to_string();
        let updated = directory.update_meeting(meeting.id, data, staff()).await.unwrap();
        assert_eq!(updated.data.name, "Tuesday Night Big Book");
        assert_eq!(directory.store().get_meeting(meeting.id).unwrap(), updated);
        assert_eq!(indexed_name(&directory, meeting.id).as_deref(), Some("Tuesday Night Big Book"));

        let by = UserId::new();
        let verified = directory.verify_meeting(meeting.id, by).await.unwrap();
        assert_eq!(verified.verified_by, Some(by));
        let stored = directory.store().get_meeting(meeting.id).unwrap();
        assert_eq!((stored.verified_at, stored.verified_by), (verified.verified_at, Some(by)));
        let public = indexed(&directory, meeting.id).unwrap();
        assert_eq!(public.verified_at, verified.verified_at, "the index shows the verification");
        assert_eq!(public.verified_by, None, "but never who verified it");

        let archived = directory.archive_meeting(meeting.id, staff()).await.unwrap();
        assert_eq!(archived.data.status, Status::Archived);
        assert_eq!(directory.store().get_meeting(meeting.id).unwrap().data.status, Status::Archived);
        assert!(indexed(&directory, meeting.id).is_none(), "an archived meeting leaves the index at once");
        assert!(directory.index().index.get_by_slug("tuesday-night-step").is_none());

        // Archiving again changes nothing and does not bring it back.
        let log = db.log_len();
        directory.archive_meeting(meeting.id, staff()).await.unwrap();
        assert_eq!(db.log_len(), log);
        assert!(indexed(&directory, meeting.id).is_none());
        assert_eq!(db.log_len(), 4, "create, update, verify, archive");
    }

    async fn a_draft_is_stored_but_not_searchable_until_published(db) {
        let directory = db.directory();
        let draft = create(&directory, MeetingBuilder::new("Morning Meditation").status(Status::Draft)).await;
        assert_eq!(directory.store().get_meeting(draft.id).unwrap().data.status, Status::Draft);
        assert!(indexed(&directory, draft.id).is_none());

        let published = MeetingBuilder::from_meeting(draft.clone()).status(Status::Published).data();
        directory.update_meeting(draft.id, published, staff()).await.unwrap();
        assert_eq!(indexed_name(&directory, draft.id).as_deref(), Some("Morning Meditation"));

        let unpublished = MeetingBuilder::from_meeting(draft.clone()).status(Status::Draft).data();
        directory.update_meeting(draft.id, unpublished, staff()).await.unwrap();
        assert!(indexed(&directory, draft.id).is_none(), "back to draft: out of the index");
    }

    async fn invalid_meetings_are_refused_with_field_paths_and_nothing_is_written(db) {
        let directory = db.directory();
        let mut input = MeetingInput::from(&MeetingBuilder::new("Tuesday Night Step").coordinates(100.0, 0.0).data());
        input.day = Some(9);
        input.time = Some("25:00".to_string());
        input.name = Some("  ".to_string());

        let refused = directory.validate_meeting(input).map(|_| ()).map_err(AppError::from);
        let Err(AppError::Invalid(errors)) = refused else { panic!("expected Invalid, got {refused:?}") };
        let mut fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        fields.sort_unstable();
        assert_eq!(fields, ["day", "location.latitude", "name", "time"], "{errors:?}");
        assert!(errors.0.iter().all(|e| !e.message.is_empty()));

        assert_eq!(directory.store().count_meetings().unwrap(), 0);
        assert_eq!(db.log_len(), 0);
        assert!(directory.index().index.is_empty());
    }

    async fn a_write_the_store_refuses_leaves_store_and_index_as_they_were(db) {
        let directory = db.directory();
        let first = create(&directory, MeetingBuilder::new("Tuesday Night Step")).await;
        let generation = directory.index().generation;

        // The same slug again.
        let twin = valid(&directory, MeetingBuilder::new("Tuesday Night Step").day(4));
        let refused = directory.create_meeting(twin, staff()).await;
        assert!(
            matches!(&refused, Err(AppError::Store(StoreError::Conflict { field, .. })) if field == "slug"),
            "{refused:?}"
        );
        // A meeting that does not exist.
        let missing = MeetingId::new();
        let data = MeetingBuilder::new("Nowhere").data();
        let refused = directory.update_meeting(missing, data, staff()).await;
        assert!(matches!(refused, Err(AppError::Store(StoreError::NotFound))), "{refused:?}");
        let refused = directory.archive_meeting(missing, staff()).await;
        assert!(matches!(refused, Err(AppError::Store(StoreError::NotFound))), "{refused:?}");
        let refused = directory.verify_meeting(missing, UserId::new()).await;
        assert!(matches!(refused, Err(AppError::Store(StoreError::NotFound))), "{refused:?}");

        assert_eq!(directory.store().all_meetings(None).unwrap(), vec![first.clone()]);
        assert_eq!(db.log_len(), 1);
        assert_eq!(directory.index().generation, generation, "the index did not move");
        assert_eq!(directory.index().index.len(), 1);
        assert!(indexed(&directory, missing).is_none());
    }

    async fn scrubbing_a_contact_nobody_had_is_not_found(db) {
        let directory = db.directory();
        let meeting = create(&directory, MeetingBuilder::new("Tuesday Night Step")).await;
        let target = ContactMatch::new(Some("nobody@example.org"), None).unwrap();

        let unknown_contact = directory.scrub_meeting_contact(meeting.id, target.clone(), staff()).await;
        assert!(matches!(unknown_contact, Err(AppError::NotFound(_))), "{unknown_contact:?}");
        let unknown_meeting = directory.scrub_meeting_contact(MeetingId::new(), target, staff()).await;
        assert!(matches!(unknown_meeting, Err(AppError::NotFound(_))), "{unknown_meeting:?}");
        assert_eq!(db.log_len(), 1, "nothing logged");
    }

    async fn a_scrubbed_contact_leaves_the_history_and_the_meeting_stays_listed(db) {
        let directory = db.directory();
        let ann = Contact {
            name: Some("Ann".to_string()),
            email: Some("ann@example.org".to_string()),
            phone: None,
            public: false,
        };
        let meeting = create(&directory, MeetingBuilder::new("Tuesday Night Step").contact(ann)).await;
        let target = ContactMatch::new(Some("ANN@example.org"), None).unwrap();

        // Still on the meeting: remove it with an ordinary update first.
        let refused = directory.scrub_meeting_contact(meeting.id, target.clone(), staff()).await;
        assert!(
            matches!(&refused, Err(AppError::Store(StoreError::Conflict { field, .. })) if field == "contact"),
            "{refused:?}"
        );
        let without = valid(&directory, MeetingBuilder::new("Tuesday Night Step"));
        directory.update_meeting(meeting.id, without.data, staff()).await.unwrap();

        let (scrubbed, report, seq) = directory.scrub_meeting_contact(meeting.id, target, staff()).await.unwrap();
        assert_eq!(scrubbed.id, meeting.id);
        assert_eq!(report.entries, 2, "the create and the update both named Ann: {report:?}");
        assert_eq!(directory.store().latest_change_seq().unwrap(), seq);
        let history = serde_json::to_string(&directory.store().changes_since(0, 100).unwrap()).unwrap();
        assert!(!history.contains("ann@example.org"), "{history}");
        assert_eq!(indexed_name(&directory, meeting.id).as_deref(), Some("Tuesday Night Step"));
    }
}
