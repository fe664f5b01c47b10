//! Running import sources (`Directory::run_source`) and the scheduler: what a run writes is in
//! the index when it returns; a run on request while the source's sync lease is taken is a
//! `Conflict` that writes nothing; a due source is fetched from a real local HTTP server by the
//! scheduler, which then reschedules it and gives its lease back.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use recovery_app::sources::{LEASE_TTL, lease_name};
use recovery_app::{AppError, Directory, scheduler};
use recovery_domain::source::{RunStatus, RunTrigger, Source, SourceData, SourceKind};
use recovery_domain::{Actor, MeetingId, ServiceId, Status};
use recovery_import::sync::Payload;
use recovery_standin::{Reply, StandIn};
use serde_json::{Value, json};

use crate::harness::*;
use crate::hsds::{hsds_service, uuid};

/// Registers a source of `kind` (fed by files when `url` is `None`).
fn register(db: &TestDb, kind: SourceKind, url: Option<String>, interval_minutes: Option<u32>) -> Source {
    let data = SourceData {
        name: format!("{} test source", kind.as_str()),
        kind,
        url,
        program: "aa".to_string(),
        default_timezone: chrono_tz::America::Chicago,
        region_prefix: vec!["Mississippi".to_string()],
        interval_minutes,
        enabled: true,
    };
    db.store.create_source(data, &staff()).unwrap()
}

/// A Meeting Guide feed of these meetings (slug, name, day).
fn feed(meetings: &[(&str, &str, u8)]) -> Vec<u8> {
    let records: Vec<Value> = meetings
        .iter()
        .map(|(slug, name, day)| {
            json!({"slug": slug, "name": name, "day": day, "time": "19:00", "address": "100 Main St, Tupelo, MS",
                   "latitude": 34.2576, "longitude": -88.7034, "types": ["O"]})
        })
        .collect();
    serde_json::to_vec(&records).unwrap()
}

fn file(body: Vec<u8>) -> Payload {
    Payload::File { name: "meetings.json".to_string(), body }
}

fn actor() -> Actor {
    Actor::System("app-tests".to_string())
}

/// The id of the indexed meeting with `slug`.
fn indexed_slug(directory: &Directory, slug: &str) -> Option<MeetingId> {
    directory.index().index.get_by_slug(slug).map(|m| m.id)
}

on_both_backends! {
    async fn a_meeting_source_run_brings_the_index_up_to_date(db) {
        let directory = db.directory();
        let source = register(db, SourceKind::MeetingGuide, None, None);
        let first = feed(&[("sunday-serenity", "Sunday Serenity", 0), ("monday-men", "Monday Men", 1), ("tuesday-tradition", "Tuesday Tradition", 2)]);

        let run = directory.run_source(&source, file(first), RunTrigger::Api, false, actor()).await.unwrap();
        assert_eq!(run.status, RunStatus::Succeeded, "{run:?}");
        assert_eq!((run.counts.added, run.counts.rejected), (3, 0), "{run:?}");
        for slug in ["sunday-serenity", "monday-men", "tuesday-tradition"] {
            let id = indexed_slug(&directory, slug).unwrap_or_else(|| panic!("{slug} in the index"));
            assert_eq!(directory.store().get_meeting(id).unwrap().data.slug, slug);
        }
        let meeting = directory.index().index.get_by_slug("monday-men").unwrap();
        assert_eq!(meeting.data.location.as_ref().unwrap().regions[0], "Mississippi", "the source's region prefix");

        // One renamed, one gone: the index follows at once.
        let gone = indexed_slug(&directory, "tuesday-tradition").unwrap();
        let second = feed(&[("sunday-serenity", "Sunday Serenity Renamed", 0), ("monday-men", "Monday Men", 1)]);
        let run = directory.run_source(&source, file(second), RunTrigger::Api, false, actor()).await.unwrap();
        assert_eq!((run.counts.updated, run.counts.unchanged, run.counts.archived), (1, 1, 1), "{run:?}");
        let renamed = indexed_slug(&directory, "sunday-serenity").unwrap();
        assert_eq!(indexed_name(&directory, renamed).as_deref(), Some("Sunday Serenity Renamed"));
        assert!(indexed(&directory, gone).is_none(), "archived by the run: out of the index");
        assert_eq!(directory.store().get_meeting(gone).unwrap().data.status, Status::Archived);
        assert_eq!(directory.store().list_runs(source.id, 10).unwrap().len(), 2);

        // Another replica gets the same by following.
        let replica = db.replica();
        assert_eq!(replica.index().index.len(), 2);
        let generation = directory.index().generation;
        directory.follow().await.unwrap();
        assert_eq!(directory.index().generation, generation, "following its own run changes nothing");

        // The lease was given back: another holder may take it.
        assert!(db.store.try_lease(&lease_name(&source), "someone", LEASE_TTL).unwrap());
    }

    async fn a_run_while_the_sources_lease_is_taken_is_a_conflict(db) {
        let directory = db.directory();
        let source = register(db, SourceKind::MeetingGuide, None, None);
        assert!(db.store.try_lease(&lease_name(&source), "someone", Duration::from_secs(60)).unwrap());

        let body = feed(&[("sunday-serenity", "Sunday Serenity", 0)]);
        let refused = directory.run_source(&source, file(body.clone()), RunTrigger::Api, false, actor()).await;
        assert!(matches!(refused, Err(AppError::Conflict(_))), "{refused:?}");
        assert_eq!(directory.store().count_meetings().unwrap(), 0);
        assert!(directory.store().list_runs(source.id, 10).unwrap().is_empty(), "no run recorded");
        assert!(directory.index().index.is_empty());
        assert!(
            !db.store.try_lease(&lease_name(&source), "someone else", LEASE_TTL).unwrap(),
            "the refused run did not take or drop the lease"
        );

        db.store.release_lease(&lease_name(&source), "someone").unwrap();
        let run = directory.run_source(&source, file(body), RunTrigger::Api, false, actor()).await.unwrap();
        assert_eq!(run.status, RunStatus::Succeeded);
        assert!(indexed_slug(&directory, "sunday-serenity").is_some());
    }

    async fn a_dry_run_or_a_failed_run_writes_no_listing(db) {
        let directory = db.directory();
        let source = register(db, SourceKind::MeetingGuide, None, None);

        let body = feed(&[("sunday-serenity", "Sunday Serenity", 0)]);
        let dry = directory.run_source(&source, file(body), RunTrigger::Api, true, actor()).await.unwrap();
        assert_eq!((dry.status, dry.dry_run, dry.counts.added), (RunStatus::Succeeded, true, 1), "{dry:?}");
        let failed = directory.run_source(&source, file(b"<html>".to_vec()), RunTrigger::Api, false, actor()).await.unwrap();
        assert_eq!(failed.status, RunStatus::Failed, "{failed:?}");
        assert!(failed.error.is_some());

        assert_eq!(directory.store().count_meetings().unwrap(), 0);
        assert_eq!(db.log_len(), 1, "only the source's registration");
        assert!(directory.index().index.is_empty());
        assert_eq!(directory.store().list_runs(source.id, 10).unwrap().len(), 2, "both runs are recorded");
        assert!(db.store.try_lease(&lease_name(&source), "someone", LEASE_TTL).unwrap(), "lease given back");
    }

    async fn an_hsds_source_run_brings_the_catalog_up_to_date(db) {
        let directory = db.directory();
        let source = register(db, SourceKind::Hsds, None, None);
        let body = json!([
            hsds_service(&uuid("svc-1"), "Sober living referrals", (&uuid("org"), "Hope House"), &uuid("loc-1")),
            hsds_service(&uuid("svc-2"), "Job club", (&uuid("org"), "Hope House"), &uuid("loc-2")),
        ]);
        let payload = Payload::File { name: "services.json".to_string(), body: serde_json::to_vec(&body).unwrap() };

        let run = directory.run_source(&source, payload, RunTrigger::Api, false, actor()).await.unwrap();
        assert_eq!(run.status, RunStatus::Succeeded, "{run:?}");
        assert_eq!(db.store.all_services().unwrap().len(), 2);
        let index = directory.index();
        for label in ["svc-1", "svc-2"] {
            let id: ServiceId = uuid(label).parse().unwrap();
            assert!(index.agencies.service(id).is_some(), "{label} in the catalog");
        }
        assert_eq!(index.followed_seq, db.store.latest_change_seq().unwrap());
    }

    async fn the_scheduler_fetches_a_due_source_reschedules_it_and_gives_its_lease_back(db) {
        let server = StandIn::start();
        server.route("/meetings.json", Reply::json(feed(&[("sunday-serenity", "Sunday Serenity", 0)])));
        let source = register(db, SourceKind::MeetingGuide, Some(server.url("/meetings.json")), Some(60));
        let directory = Arc::new(db.directory());

        scheduler::spawn(Arc::clone(&directory), Duration::from_millis(50));
        eventually("the scheduled run indexes the feed", || indexed_slug(&directory, "sunday-serenity").is_some()).await;
        eventually("the lease is given back", || db.store.try_lease(&lease_name(&source), "someone", LEASE_TTL).unwrap())
            .await;

        let stored = db.store.get_source(source.id).unwrap();
        let next = stored.next_sync_at.expect("rescheduled");
        let minutes = (next - Utc::now()).num_minutes();
        assert!((58..=66).contains(&minutes), "next sync in an hour or so, not {minutes} minutes");
        assert!(db.store.due_sources(Utc::now()).unwrap().is_empty());

        // Not due any more: later ticks leave it alone.
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(server.hits("/meetings.json"), 1);
        let runs = db.store.list_runs(source.id, 10).unwrap();
        assert_eq!((runs.len(), runs[0].trigger), (1, RunTrigger::Schedule));
    }

    /// The REST handler awaits `run_source` in the request's future, which the server drops when
    /// the client goes away: the lease must be given back soon after, not stay taken for
    /// `LEASE_TTL` (half an hour of `Conflict` for every sync on request, and of skipped
    /// scheduled syncs).
    async fn a_run_on_request_that_is_cancelled_gives_its_lease_back(db) {
        let server = StandIn::start();
        server.route("/slow.json", Reply::Endless);
        let source = register(db, SourceKind::MeetingGuide, Some(server.url("/slow.json")), None);
        let directory = Arc::new(db.directory());

        let running = tokio::spawn({
            let (directory, source) = (Arc::clone(&directory), source.clone());
            async move { directory.run_source(&source, Payload::Fetch, RunTrigger::Api, false, actor()).await }
        });
        eventually("the run fetches the feed", || server.hits("/slow.json") == 1).await;
        assert!(!db.store.try_lease(&lease_name(&source), "someone", LEASE_TTL).unwrap(), "the run holds the lease");
        running.abort();
        assert!(running.await.unwrap_err().is_cancelled());
        // Dropping the run gives the lease back on the blocking pool, so soon, not at once.
        let lease = lease_name(&source);
        eventually("the cancelled run's lease is given back", || {
            let free = db.store.try_lease(&lease, "probe", LEASE_TTL).unwrap();
            if free {
                db.store.release_lease(&lease, "probe").unwrap();
            }
            free
        })
        .await;

        let again = directory.run_source(&source, file(feed(&[("sunday-serenity", "Sunday Serenity", 0)])), RunTrigger::Api, false, actor()).await;
        assert!(again.is_ok(), "a new run after the cancelled one: {again:?}");
    }

    /// Like `hsds::an_import_on_a_replica_that_has_not_followed_keeps_private_phones_and_contacts`,
    /// through an HSDS source's run: the run reads its services against the index too.
    async fn an_hsds_run_on_a_replica_that_has_not_followed_keeps_private_phones_and_contacts(db) {
        let (a, b) = (db.replica(), db.replica());
        let org: recovery_domain::OrganizationId = uuid("org").parse().unwrap();
        a.create_organization(org, crate::agencies::organization("Hope House"), staff()).await.unwrap();

        let source = register(db, SourceKind::Hsds, None, None);
        let body = hsds_service(&uuid("svc"), "Job club", (&uuid("org"), "Hope House"), &uuid("loc"));
        let payload = Payload::File { name: "services.json".to_string(), body: serde_json::to_vec(&body).unwrap() };
        let run = b.run_source(&source, payload, RunTrigger::Api, false, actor()).await.unwrap();
        assert_eq!(run.status, RunStatus::Succeeded, "{run:?}");
        let stored = db.store.get_organization(org).unwrap();
        assert_eq!(
            (stored.data.phones.iter().filter(|p| !p.public).count(), stored.data.contacts.len()),
            (1, 1),
            "the private phone and contact stored through replica A are lost: {:?}",
            stored.data
        );
    }
}
