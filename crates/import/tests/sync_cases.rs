//! The edges of a run: failures that write nothing but their run, dry runs, geocoding only
//! what is written, staff edits kept as conflicts, listings staff entered by hand left alone,
//! and keys a feed repeats.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;
use harness::{Env, actor, env, register, run_with};
use recovery_domain::Status;
use recovery_domain::source::{RunStatus, Source, SourceKind};
use recovery_domain::testing::MeetingBuilder;
use recovery_import::geocode::{Geocoder, NominatimSettings};
use recovery_import::sync::Payload;
use recovery_import::sync::Written;
use recovery_standin::{Reply, StandIn};
use serde_json::{Value, json};

fn source(env: &Env, kind: SourceKind, url: Option<String>) -> Source {
    register(env, kind, url, "aa", chrono_tz::America::Chicago, &["Illinois"])
}

async fn run(env: &Env, source: &Source, feed: &Value) -> Written {
    let body = serde_json::to_vec(feed).unwrap();
    run_with(env, source, Payload::File { name: "upload.json".into(), body }, false).await
}

fn meeting(slug: &str, extra: Value) -> Value {
    let mut m = json!({"slug": slug, "name": format!("Meeting {slug}"), "day": 1, "time": "19:00"});
    for (k, v) in extra.as_object().unwrap() {
        m[k] = v.clone();
    }
    m
}

/// Asserts `applied` failed for a reason containing `why`, and wrote nothing but its run.
fn assert_failed(env: &Env, applied: &Written, why: &str) {
    let run = &applied.run;
    assert_eq!(run.status, RunStatus::Failed, "{run:?}");
    let error = run.error.as_deref().unwrap_or_default();
    assert!(error.contains(why), "`{error}` should contain `{why}`");
    assert_eq!(run.counts, Default::default());
    assert!(applied.changed.is_empty());
    assert_eq!(env.store.count_meetings().unwrap(), 0);
    assert_eq!(env.store.get_run(run.id).unwrap().status, RunStatus::Failed, "the failed run is recorded");
}

#[tokio::test]
async fn failing_sources_fail_their_run_and_write_nothing() {
    let env = env(Geocoder::None);
    let server = StandIn::answering(|target| match target {
        "/500" => Reply::body(500, "text/plain", b"boom"),
        "/challenge" => Reply::ok("text/html", b"<!DOCTYPE html><html><body>Checking your browser</body></html>"),
        "/not-utf8" => Reply::ok("application/json", b"[{\"name\": \"caf\xe9\"}]"),
        _ => Reply::body(404, "text/plain", b""),
    });
    let seq = env.store.latest_change_seq().unwrap();
    let cases =
        [("/500", "HTTP 500"), ("/challenge", "HTML page"), ("/not-utf8", "the body is not valid UTF-8 (at byte 14)")];
    for (path, why) in cases {
        let src = source(&env, SourceKind::MeetingGuide, Some(server.url(path)));
        assert_failed(&env, &run_with(&env, &src, Payload::Fetch, false).await, why);
    }
    let file_fed = source(&env, SourceKind::MeetingGuide, None);
    assert_failed(&env, &run_with(&env, &file_fed, Payload::Fetch, false).await, "no URL");
    let bmlt = source(&env, SourceKind::Bmlt, Some(server.url("/nowhere/main_server/")));
    assert_failed(&env, &run_with(&env, &bmlt, Payload::Fetch, false).await, "HTTP 404");
    let hsds = source(&env, SourceKind::Hsds, Some(server.url("/hsds")));
    assert_failed(&env, &run_with(&env, &hsds, Payload::Fetch, false).await, "HTTP 404");
    assert_eq!(env.store.latest_change_seq().unwrap(), seq + 6, "only the six sources were logged, no meeting");
}

#[tokio::test]
async fn a_dry_run_reports_without_writing() {
    let env = env(Geocoder::None);
    let src = source(&env, SourceKind::MeetingGuide, None);
    let feed = json!([meeting("a", json!({})), meeting("b", json!({}))]);
    let seq = env.store.latest_change_seq().unwrap();
    let body = serde_json::to_vec(&feed).unwrap();
    let dry = run_with(&env, &src, Payload::File { name: "f".into(), body }, true).await;
    assert_eq!((dry.run.status, dry.run.dry_run, dry.run.counts.added), (RunStatus::Succeeded, true, 2));
    assert!(dry.changed.is_empty());
    assert_eq!(env.store.count_meetings().unwrap(), 0);
    assert_eq!(env.store.latest_change_seq().unwrap(), seq);
    assert_eq!(env.store.get_run(dry.run.id).unwrap().counts.added, 2, "the dry run is recorded");
    // The real run then does what the dry one said.
    assert_eq!(run(&env, &src, &feed).await.run.counts.added, 2);
}

#[tokio::test]
async fn repeated_keys_are_rejected_with_their_position() {
    let env = env(Geocoder::None);
    let src = source(&env, SourceKind::MeetingGuide, None);
    let feed = json!([meeting("a", json!({})), meeting("b", json!({})), meeting("a", json!({"time": "20:00"}))]);
    let applied = run(&env, &src, &feed).await;
    assert_eq!((applied.run.counts.added, applied.run.counts.rejected), (2, 1), "{:?}", applied.run.rejected);
    let rejected = &applied.run.rejected[0];
    assert_eq!((rejected.position, rejected.key.as_deref()), (Some(2), Some("a")));
    assert!(rejected.reason.contains("twice") || rejected.reason.contains("duplicate key"), "{}", rejected.reason);
}

#[tokio::test]
async fn a_staff_edit_is_kept_and_reported_as_a_conflict() {
    let env = env(Geocoder::None);
    let src = source(&env, SourceKind::MeetingGuide, None);
    run(&env, &src, &json!([meeting("a", json!({})), meeting("b", json!({}))])).await;
    let listing = env.store.get_meeting_by_slug("a").unwrap();
    let mut edited = listing.data.clone();
    edited.notes = Some("Use the side door (staff note)".into());
    env.store.update_meeting(listing.id, edited, &actor()).unwrap();

    let changed = json!([meeting("a", json!({"notes": "Now upstairs"})), meeting("b", json!({}))]);
    let applied = run(&env, &src, &changed).await;
    assert_eq!((applied.run.counts.conflicts, applied.run.counts.updated), (1, 0), "{:?}", applied.run.conflicts);
    assert_eq!(applied.run.conflicts[0].listing_id, Some(listing.id.0));
    let kept = env.store.get_meeting(listing.id).unwrap();
    assert_eq!(kept.data.notes.as_deref(), Some("Use the side door (staff note)"));
}

#[tokio::test]
async fn a_listing_staff_entered_by_hand_is_neither_taken_over_nor_archived() {
    let env = env(Geocoder::None);
    let src = source(&env, SourceKind::MeetingGuide, None);
    // Staff's own listing holds the slug the feed's record names.
    let by_hand = MeetingBuilder::new("Meeting a").slug("a").timezone(chrono_tz::America::Chicago).data();
    let (local, _) = env.store.create_meeting(by_hand, false, &actor()).unwrap();

    let first =
        run(&env, &src, &json!([meeting("a", json!({"notes": "From the feed"})), meeting("b", json!({}))])).await;
    assert_eq!(first.run.counts.added, 2, "{:?}", first.run.rejected);
    let imported = env.store.all_meetings(None).unwrap().into_iter().find(|m| m.data.notes.is_some()).unwrap();
    assert_ne!(imported.id, local.id);
    assert_eq!(imported.data.slug, "a-2", "the feed's record gets a suffix");

    let without_a = run(&env, &src, &json!([meeting("b", json!({}))])).await;
    assert_eq!(without_a.run.counts.archived, 1, "only the source's own `a`");
    assert_eq!(env.store.get_meeting(imported.id).unwrap().data.status, Status::Archived);
    assert_eq!(env.store.get_meeting(local.id).unwrap().data, local.data, "untouched by both runs");
}

/// A Nominatim stand-in: "main st" is a house, "town" a town, anything else unknown.
fn nominatim() -> StandIn {
    StandIn::answering(|target| {
        let q = target.to_lowercase();
        let body = if q.contains("main+st") {
            r#"[{"lat":"39.80","lon":"-89.64","place_rank":30,"addresstype":"building"}]"#
        } else if q.contains("town") {
            r#"[{"lat":"39.78","lon":"-89.65","place_rank":16,"addresstype":"town"}]"#
        } else {
            "[]"
        };
        Reply::ok("application/json", body.as_bytes())
    })
}

#[tokio::test]
async fn only_written_records_without_coordinates_are_geocoded() {
    let geo = nominatim();
    let geocoder = Geocoder::Nominatim(NominatimSettings { base_url: geo.url("/"), user_agent: "rd-tests".into() });
    let env = env(geocoder);
    let src = source(&env, SourceKind::MeetingGuide, None);
    let feed = json!([
        meeting("house", json!({"formatted_address": "1 Main St, Springfield, IL 62701"})),
        meeting("town", json!({"formatted_address": "Springfield Town, IL"})),
        meeting("unknown", json!({"formatted_address": "1 Nowhere Rd, Atlantis"})),
        meeting(
            "placed",
            json!({"formatted_address": "5 Elm St, Springfield, IL", "latitude": 39.7, "longitude": -89.6})
        ),
    ]);
    let applied = run(&env, &src, &feed).await;
    assert_eq!(applied.run.counts.added, 4, "{:?}", applied.run.rejected);
    assert_eq!(geo.requests().len(), 3, "the record with coordinates is not geocoded");

    let location = |slug: &str| env.store.get_meeting_by_slug(slug).unwrap().data.location.unwrap();
    assert_eq!(location("house").coordinates(), Some((39.80, -89.64)));
    assert!(!location("house").approximate);
    assert!(location("town").approximate, "a town-level answer is approximate");
    assert_eq!(location("unknown").coordinates(), None);
    assert_eq!(location("placed").coordinates(), Some((39.7, -89.6)));
    // Flagged: the approximate one and the one without coordinates.
    let flagged: Vec<&str> = applied.run.flagged.iter().map(|f| f.key.as_deref().unwrap()).collect();
    assert_eq!(flagged, ["town", "unknown"]);

    // Unchanged records are not geocoded again, so the geocoder is not asked again.
    let again = run(&env, &src, &feed).await;
    assert_eq!(again.run.counts.unchanged, 4);
    assert_eq!(geo.requests().len(), 3);
}

#[tokio::test]
async fn a_failing_geocoder_is_a_warning_not_a_failure() {
    let geo = StandIn::answering(|_| Reply::body(502, "text/plain", b"bad gateway"));
    let geocoder = Geocoder::Nominatim(NominatimSettings { base_url: geo.url("/"), user_agent: "rd-tests".into() });
    let env = env(geocoder);
    let src = source(&env, SourceKind::MeetingGuide, None);
    let feed = json!([meeting("a", json!({"formatted_address": "1 Main St, Springfield, IL"}))]);
    let applied = run(&env, &src, &feed).await;
    assert_eq!(
        (applied.run.status, applied.run.counts.added, applied.run.counts.flagged),
        (RunStatus::Succeeded, 1, 1)
    );
    assert!(applied.run.warnings.iter().any(|w| w.reason.contains("502")), "{:?}", applied.run.warnings);
}
