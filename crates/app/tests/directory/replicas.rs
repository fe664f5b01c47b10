//! Two directories on one database, as two replicas of the server: a write through one reaches
//! the other's index when it follows the change log, and an older change applied after a newer
//! one (following the log after the local write, or another replica's earlier write) never
//! undoes it.

use std::sync::Arc;
use std::time::Duration;

use recovery_app::spawn_follower;
use recovery_domain::testing::MeetingBuilder;
use recovery_domain::{OrganizationId, Status};

use crate::agencies::organization;
use crate::harness::*;

on_both_backends! {
    async fn a_write_through_one_replica_reaches_the_other_when_it_follows(db) {
        let (a, b) = (db.replica(), db.replica());
        let meeting = create(&a, MeetingBuilder::new("Tuesday Night Step")).await;
        assert!(indexed(&b, meeting.id).is_none(), "not before following");
        assert_eq!(b.follow().await.unwrap(), 1);
        assert_eq!(indexed(&b, meeting.id).map(|m| (*m).clone()), Some(meeting.public_view()));
        assert_eq!(b.follow().await.unwrap(), 0, "nothing new");

        let mut data = meeting.data.clone();
        data.name = "Tuesday Night Big Book".to_string();
        a.update_meeting(meeting.id, data, staff()).await.unwrap();
        b.follow().await.unwrap();
        assert_eq!(indexed_name(&b, meeting.id).as_deref(), Some("Tuesday Night Big Book"));

        a.archive_meeting(meeting.id, staff()).await.unwrap();
        b.follow().await.unwrap();
        assert!(indexed(&b, meeting.id).is_none(), "archived elsewhere: gone here too");

        // Agencies the same way, deletes included.
        let org = a.create_organization(OrganizationId::new(), organization("Hope House"), staff()).await.unwrap();
        b.follow().await.unwrap();
        assert_eq!(b.index().agencies.organization(org.id).map(|o| o.data.name.clone()).as_deref(), Some("Hope House"));
        a.delete_organization(org.id, staff()).await.unwrap();
        b.follow().await.unwrap();
        assert!(b.index().agencies.organization(org.id).is_none());
        assert_eq!(b.index().followed_seq, db.store.latest_change_seq().unwrap());
    }

    async fn following_its_own_writes_changes_nothing(db) {
        let a = db.replica();
        let meeting = create(&a, MeetingBuilder::new("Tuesday Night Step")).await;
        for name in ["Second", "Third"] {
            let mut data = meeting.data.clone();
            data.name = name.to_string();
            a.update_meeting(meeting.id, data, staff()).await.unwrap();
        }
        let generation = a.index().generation;

        // The create and the first update come back from the log after the last update: older,
        // so ignored.
        a.follow().await.unwrap();
        assert_eq!(indexed_name(&a, meeting.id).as_deref(), Some("Third"));
        assert_eq!(a.index().generation, generation, "the index did not move");
        assert_eq!(a.index().followed_seq, 3);
    }

    async fn an_older_write_from_another_replica_never_undoes_a_newer_local_one(db) {
        let (a, b) = (db.replica(), db.replica());
        let meeting = create(&a, MeetingBuilder::new("Tuesday Night Step")).await;
        b.follow().await.unwrap();

        // B writes first, then A (without having followed B): A's write is the newer one.
        let mut by_b = meeting.data.clone();
        by_b.name = "Written by B".to_string();
        b.update_meeting(meeting.id, by_b, staff()).await.unwrap();
        let mut by_a = meeting.data.clone();
        by_a.name = "Written by A".to_string();
        a.update_meeting(meeting.id, by_a, staff()).await.unwrap();
        assert_eq!(indexed_name(&a, meeting.id).as_deref(), Some("Written by A"));

        a.follow().await.unwrap();
        assert_eq!(indexed_name(&a, meeting.id).as_deref(), Some("Written by A"), "B's older write is ignored");
        b.follow().await.unwrap();
        assert_eq!(indexed_name(&b, meeting.id).as_deref(), Some("Written by A"), "B catches up");
        assert_eq!(a.store().get_meeting(meeting.id).unwrap().data.name, "Written by A");

        // An archive elsewhere, then a local write that publishes it again: still listed after
        // following.
        b.archive_meeting(meeting.id, staff()).await.unwrap();
        let mut again = meeting.data.clone();
        again.status = Status::Published;
        again.name = "Back again".to_string();
        a.update_meeting(meeting.id, again, staff()).await.unwrap();
        a.follow().await.unwrap();
        assert_eq!(indexed_name(&a, meeting.id).as_deref(), Some("Back again"));
    }

    async fn a_replica_started_later_loads_what_was_written_before(db) {
        let a = db.replica();
        let kept = create(&a, MeetingBuilder::new("Tuesday Night Step")).await;
        let archived = create(&a, MeetingBuilder::new("Morning Meditation")).await;
        a.archive_meeting(archived.id, staff()).await.unwrap();
        let draft = create(&a, MeetingBuilder::new("Draft").status(Status::Draft)).await;

        let b = db.replica();
        assert_eq!(b.index().followed_seq, db.store.latest_change_seq().unwrap());
        assert!(indexed(&b, kept.id).is_some());
        assert!(indexed(&b, archived.id).is_none());
        assert!(indexed(&b, draft.id).is_none());
        assert_eq!(b.follow().await.unwrap(), 0, "loaded up to the log's end");
    }

    async fn the_follower_brings_another_replicas_writes_in_by_itself(db) {
        let (a, b) = (db.replica(), db.replica());
        spawn_follower(Arc::clone(&b), Duration::from_millis(20));
        let meeting = create(&a, MeetingBuilder::new("Tuesday Night Step")).await;
        eventually("replica B indexes the meeting", || indexed(&b, meeting.id).is_some()).await;
        a.archive_meeting(meeting.id, staff()).await.unwrap();
        eventually("replica B drops the archived meeting", || indexed(&b, meeting.id).is_none()).await;
    }
}
