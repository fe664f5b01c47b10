//! Sources, records and runs for the tests, and a sync done the way the importer does it.

use chrono::{SubsecRound, Utc};
use recovery_domain::source::{ImportRun, Incoming, RunCounts, RunStatus, RunTrigger, Source, SourceData, SourceKind};
use recovery_domain::source::{RunItem, plan_sync};
use recovery_domain::{MeetingData, Online, RunId, Status};
use recovery_store::{Store, SyncApplied};

use crate::harness::{bare_meeting, system};

/// A source's settings.
pub fn source_data(name: &str, url: Option<&str>, interval: Option<u32>) -> SourceData {
    SourceData {
        name: name.to_string(),
        kind: SourceKind::MeetingGuide,
        url: url.map(str::to_string),
        program: "aa".to_string(),
        default_timezone: chrono_tz::America::New_York,
        region_prefix: vec!["Pennsylvania".to_string()],
        interval_minutes: interval,
        enabled: true,
    }
}

/// A registered source with a URL and no interval.
pub fn source(store: &Store) -> Source {
    store.create_source(source_data("Intergroup", Some("https://example.org/feed"), None), &system()).unwrap()
}

/// A published online meeting named after `key`, its slug `key`.
pub fn listing(key: &str) -> MeetingData {
    let mut data = bare_meeting(key);
    data.name = format!("Meeting {key}");
    data.status = Status::Published;
    data.online = Some(Online { conference_url: Some(format!("https://zoom.us/j/{key}")), ..Online::default() });
    data
}

/// A record with key `key` whose content is `version` (the hash says which).
pub fn record(key: &str, version: u32, position: usize) -> Incoming {
    let mut data = listing(key);
    data.notes = Some(format!("version {version}"));
    Incoming {
        external_key: key.to_string(),
        position,
        content_hash: format!("{key}:{version}"),
        data,
        updated: None,
        slug_derived: true,
    }
}

/// Records `keys`, all at `version`, in order.
pub fn records(keys: &[&str], version: u32) -> Vec<Incoming> {
    keys.iter().enumerate().map(|(i, k)| record(k, version, i)).collect()
}

/// A run of `source` started now, with `counts`.
pub fn run(source: &Source, counts: RunCounts) -> ImportRun {
    let now = Utc::now().trunc_subsecs(6);
    ImportRun {
        id: RunId::new(),
        source_id: Some(source.id),
        kind: source.data.kind,
        origin: source.data.url.clone().unwrap_or_default(),
        trigger: RunTrigger::Api,
        dry_run: false,
        status: RunStatus::Succeeded,
        started_at: now,
        finished_at: now,
        counts,
        error: None,
        rejected: vec![],
        conflicts: vec![],
        flagged: vec![],
        warnings: vec![RunItem { position: Some(0), key: None, listing_id: None, reason: "a warning".into() }],
    }
}

/// Plans `incoming` against what the store holds for `source` and applies it, as the importer
/// does.
pub fn sync(store: &Store, source: &Source, incoming: Vec<Incoming>) -> SyncApplied {
    let source_records = incoming.len() as u64;
    let plan = plan_sync(store.source_listings(source.id).unwrap(), incoming);
    let counts = RunCounts {
        source_records,
        added: plan.create.len() as u64,
        updated: plan.update.len() as u64,
        unchanged: plan.unchanged.len() as u64,
        archived: plan.archive.len() as u64,
        rejected: plan.repeated.len() as u64,
        conflicts: plan.conflicts.len() as u64,
        flagged: 0,
    };
    let mut run = run(source, counts);
    run.conflicts = plan
        .conflicts
        .iter()
        .map(|c| RunItem {
            position: c.position.map(|p| p as u64),
            key: Some(c.external_key.clone()),
            listing_id: Some(c.meeting_id.0),
            reason: c.reason.clone(),
        })
        .collect();
    store.apply_sync(source.id, plan, run, &system()).unwrap()
}
