//! Whole runs of meeting sources into a real SQLite store: the spec samples, re-runs that
//! change nothing, changed and removed records, staff edits, geocoding, dry runs and every
//! way a run fails without writing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod harness;
use chrono_tz::Tz;
use harness::{Env, env, register, run_with};
use recovery_domain::Status;
use recovery_domain::source::{RunStatus, Source, SourceKind};
use recovery_import::geocode::Geocoder;
use recovery_import::sync::Payload;
use recovery_import::sync::Written;
use recovery_standin::{Reply, StandIn};
use serde_json::{Value, json};

fn source(env: &Env, kind: SourceKind, url: Option<String>, program: &str, tz: Tz) -> Source {
    register(env, kind, url, program, tz, &[])
}

async fn run(env: &Env, source: &Source, body: Vec<u8>) -> Written {
    run_with(env, source, Payload::File { name: "feed".into(), body }, false).await
}

fn items(applied: &Written) -> String {
    let r = &applied.run;
    format!("error {:?}\nrejected {:?}\nconflicts {:?}\nwarnings {:?}", r.error, r.rejected, r.conflicts, r.warnings)
}

#[tokio::test]
async fn the_meeting_guide_sample_syncs_idempotently() {
    let env = env(Geocoder::None);
    let src = source(&env, SourceKind::MeetingGuide, None, "aa", chrono_tz::America::Chicago);
    let sample = common::sample("meeting-guide/meetings.json");

    let first = run(&env, &src, sample.clone()).await;
    let c = first.run.counts;
    assert_eq!(first.run.status, RunStatus::Succeeded, "{}", items(&first));
    assert_eq!((c.source_records, c.added, c.rejected, c.updated, c.archived), (25, 25, 0, 0, 0), "{}", items(&first));
    assert_eq!(first.changed.len(), 25);
    assert_eq!(first.run.warnings.len(), 2, "the parser's two warnings are reported");
    // No coordinates in the sample and no geocoder: flagged, still imported and published.
    assert_eq!(c.flagged as usize, first.run.flagged.len());
    assert!(c.flagged > 0);
    assert_eq!(env.store.get_meeting_by_slug("sunday-serenity").unwrap().data.status, Status::Published);

    let seq = env.store.latest_change_seq().unwrap();
    let second = run(&env, &src, sample.clone()).await;
    let c = second.run.counts;
    assert_eq!((c.added, c.updated, c.unchanged, c.archived, c.flagged), (0, 0, 25, 0, 0), "{}", items(&second));
    assert!(second.changed.is_empty());
    assert_eq!(env.store.latest_change_seq().unwrap(), seq, "an unchanged re-run logs nothing");
    assert_eq!(env.store.list_runs(src.id, 10).unwrap().len(), 2, "but it leaves its run");

    // One record changed, the last one gone.
    let mut feed: Vec<Value> = serde_json::from_slice(&sample).unwrap();
    let gone = feed.pop().unwrap()["slug"].as_str().unwrap().to_string();
    feed[0]["name"] = json!("Sunday Serenity Renamed");
    let before = env.store.get_meeting_by_slug("sunday-serenity").unwrap();
    let third = run(&env, &src, serde_json::to_vec(&feed).unwrap()).await;
    let c = third.run.counts;
    assert_eq!((c.added, c.updated, c.unchanged, c.archived), (0, 1, 23, 1), "{}", items(&third));
    assert_eq!(env.store.latest_change_seq().unwrap(), seq + 2);
    let renamed = env.store.get_meeting_by_slug("sunday-serenity").unwrap();
    assert_eq!((renamed.id, renamed.data.name.as_str()), (before.id, "Sunday Serenity Renamed"), "same id and slug");
    assert_eq!(env.store.get_meeting_by_slug(&gone).unwrap().data.status, Status::Archived, "archived, not deleted");

    // The original again: the renamed one changes back, the archived one is restored.
    let fourth = run(&env, &src, sample).await;
    let c = fourth.run.counts;
    assert_eq!((c.added, c.updated, c.unchanged, c.archived), (0, 2, 23, 0), "{}", items(&fourth));
    assert_eq!(env.store.get_meeting_by_slug(&gone).unwrap().data.status, Status::Published);
}

#[tokio::test]
async fn the_tsml_csv_sample_imports_all_36() {
    let env = env(Geocoder::None);
    let src = source(&env, SourceKind::TsmlCsv, None, "aa", chrono_tz::America::Los_Angeles);
    let sample = common::sample("meeting-guide/template.csv");
    let first = run(&env, &src, sample.clone()).await;
    let c = first.run.counts;
    assert_eq!(first.run.status, RunStatus::Succeeded, "{}", items(&first));
    assert_eq!((c.source_records, c.added, c.rejected), (36, 36, 0), "{}", items(&first));
    let seq = env.store.latest_change_seq().unwrap();
    let second = run(&env, &src, sample).await;
    assert_eq!((second.run.counts.unchanged, second.run.counts.added), (36, 0));
    assert_eq!(env.store.latest_change_seq().unwrap(), seq);
}

/// A BMLT root server stand-in under `/main_server/`, serving the spec samples.
fn bmlt_server() -> StandIn {
    let search = common::sample("bmlt/meeting-search-42.867970-day4.json");
    let formats = common::sample("bmlt/formats.json");
    StandIn::answering(move |target| match target {
        "/main_server/client_interface/json/?switcher=GetSearchResults&get_used_formats=1" => {
            Reply::ok("application/json", search.as_slice())
        }
        "/main_server/client_interface/json/?switcher=GetFormats" => Reply::ok("application/json", formats.as_slice()),
        "/main_server/client_interface/json/?switcher=GetServerInfo" => {
            Reply::ok("application/json", br#"[{"version": "3.0.0", "versionInt": "3000000"}]"#.as_slice())
        }
        _ => Reply::body(404, "text/plain", b"unknown switcher"),
    })
}

#[tokio::test]
async fn a_bmlt_server_is_fetched_and_imports_all_62() {
    let env = env(Geocoder::None);
    let server = bmlt_server();
    // No trailing slash: the base gets one.
    let src = source(&env, SourceKind::Bmlt, Some(server.url("/main_server")), "na", chrono_tz::America::New_York);
    let first = run_with(&env, &src, Payload::Fetch, false).await;
    let c = first.run.counts;
    assert_eq!(first.run.status, RunStatus::Succeeded, "{}", items(&first));
    assert_eq!((c.source_records, c.added, c.rejected), (62, 62, 0), "{}", items(&first));
    assert_eq!(first.run.origin, server.url("/main_server"));
    let seen: Vec<String> = server.requests().into_iter().map(|s| s.target).collect();
    let switchers: Vec<&str> = seen.iter().filter_map(|t| t.split("switcher=").nth(1)).collect();
    assert_eq!(switchers, ["GetSearchResults&get_used_formats=1", "GetFormats", "GetServerInfo"]);
    assert_eq!(first.run.warnings, [], "{}", items(&first));

    let seq = env.store.latest_change_seq().unwrap();
    let second = run_with(&env, &src, Payload::Fetch, false).await;
    assert_eq!(second.run.counts.unchanged, 62, "{}", items(&second));
    assert_eq!(env.store.latest_change_seq().unwrap(), seq);

    // A BMLT file is a GetSearchResults answer.
    let other = source(&env, SourceKind::Bmlt, None, "na", chrono_tz::America::New_York);
    let from_file = run(&env, &other, common::sample("bmlt/meeting-search-42.867970-day4.json")).await;
    assert_eq!(from_file.run.counts.added, 62, "{}", items(&from_file));
}
