//! A whole Meeting Guide sync into SQLite: 10,000 generated meetings with coordinates, imported
//! into a fresh store (parse → plan → apply), then the same feed again (all unchanged).
//! Figures are kept in BENCHMARKS.md.
//!
//! `cargo bench -p recovery-import --bench sync`. The feed is generated deterministically;
//! every store lives in a temporary directory on the same disk as the system's temp dir.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, SamplingMode};
use recovery_domain::source::{RunTrigger, Source, SourceData, SourceKind};
use recovery_domain::{Actor, Programs, ValidationContext};
use recovery_import::fetch::{FetchPolicy, Fetcher};
use recovery_import::geocode::Geocoder;
use recovery_import::sync::{Importer, Payload, RunRequest};
use recovery_import::{ImportOptions, meeting_guide};
use recovery_store::Store;
use serde_json::{Value, json};

const MEETINGS: usize = 10_000;

/// The feed: varied names, days, times, types, regions and addresses, all with coordinates.
fn feed() -> Vec<u8> {
    const WORDS: [&str; 8] = ["Serenity", "Hope", "Big Book", "Step", "Noon", "Sunrise", "Candlelight", "Freedom"];
    const TYPES: [&str; 6] = ["O", "C", "D", "B", "ST", "W"];
    const CITIES: [(&str, f64, f64); 4] = [
        ("Chicago", 41.88, -87.63),
        ("Springfield", 39.78, -89.65),
        ("Peoria", 40.69, -89.59),
        ("Joliet", 41.53, -88.08),
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let meetings: Vec<Value> = (0..MEETINGS)
        .map(|i| {
            let r = next();
            let (city, lat, lng) = CITIES[(r % 4) as usize];
            let offset = |bits: u64| ((bits % 2000) as f64 - 1000.0) / 10_000.0;
            let types: Vec<&str> =
                TYPES.iter().enumerate().filter(|(k, _)| (r >> (8 + k)) & 1 == 1).map(|(_, t)| *t).collect();
            json!({
                "slug": format!("meeting-{i}"),
                "name": format!("{} {} Group", WORDS[(r >> 16) as usize % 8], i),
                "day": (r >> 20) % 7,
                "time": format!("{:02}:{:02}", 6 + (r >> 24) % 16, 15 * ((r >> 30) % 4)),
                "types": types,
                "address": format!("{} Main St", 1 + (r >> 32) % 9000),
                "city": city,
                "state": "IL",
                "postal_code": format!("60{:03}", (r >> 40) % 1000),
                "country": "US",
                "latitude": lat + offset(r >> 44),
                "longitude": lng + offset(r >> 52),
                "regions": ["Illinois", city],
                "location": format!("{} Church Hall", WORDS[(r >> 36) as usize % 8]),
                "notes": if i % 3 == 0 { "Use the side door." } else { "" },
            })
        })
        .collect();
    serde_json::to_vec(&meetings).unwrap_or_default()
}

struct Env {
    _dir: tempfile::TempDir,
    importer: Importer,
    source: Source,
}

fn fresh() -> Env {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let url = recovery_store::testing::sqlite_url(dir.path());
    let store = Store::open(&url).unwrap_or_else(|e| panic!("store: {e}"));
    let data = SourceData {
        name: "bench".into(),
        kind: SourceKind::MeetingGuide,
        url: None,
        program: "aa".into(),
        default_timezone: chrono_tz::America::Chicago,
        region_prefix: Vec::new(),
        interval_minutes: None,
        enabled: true,
    };
    let source = store.create_source(data, &actor()).unwrap_or_else(|e| panic!("source: {e}"));
    let importer = Importer { store, fetcher: Fetcher::new(FetchPolicy::any()), geocoder: Geocoder::None };
    Env { _dir: dir, importer, source }
}

fn actor() -> Actor {
    Actor::System("bench".into())
}

/// One run of `body`; panics unless it succeeded with the expected counts.
async fn run(env: &Env, body: &[u8], expect_added: u64) {
    let ctx = ValidationContext {
        programs: Programs::builtin(),
        default_timezone: chrono_tz::America::Chicago,
        default_program: "aa",
    };
    let request = RunRequest {
        source: &env.source,
        payload: Payload::File { name: "bench.json".into(), body: body.to_vec() },
        trigger: RunTrigger::Cli,
        dry_run: false,
        actor: actor(),
    };
    let applied = env.importer.run(request, &ctx).await.unwrap_or_else(|e| panic!("run: {e}"));
    let c = applied.run.counts;
    assert_eq!((c.added, c.rejected, c.source_records), (expect_added, 0, MEETINGS as u64), "{:?}", applied.run.error);
    black_box(applied);
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap_or_else(|e| panic!("{e}"));
    let body = feed();
    let mut c = Criterion::default().configure_from_args().sample_size(10).measurement_time(Duration::from_secs(30));
    let mut group = c.benchmark_group("sync");
    group.sampling_mode(SamplingMode::Flat);

    group.bench_function("parse 10k (meeting_guide::parse only)", |b| {
        let opts = ImportOptions::new("aa", chrono_tz::America::Chicago);
        b.iter(|| black_box(meeting_guide::parse(&body, &opts)));
    });
    group.bench_function("first import 10k", |b| {
        b.iter_batched(fresh, |env| runtime.block_on(run(&env, &body, MEETINGS as u64)), BatchSize::PerIteration);
    });
    let env = fresh();
    runtime.block_on(run(&env, &body, MEETINGS as u64));
    group.bench_function("re-run 10k unchanged", |b| b.iter(|| runtime.block_on(run(&env, &body, 0))));
    group.finish();
    c.final_summary();
}
