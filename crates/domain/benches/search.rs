//! Search-index benchmarks over 200,000 generated meetings; figures are kept in BENCHMARKS.md.
//!
//! `cargo bench -p recovery-domain --bench search`. The meetings are generated deterministically
//! (seeded) around 50 metro areas weighted by population, with gaussian spread, so the dense
//! point (central New York) is about as crowded as a big city's directory gets. Memory is
//! measured in child processes of this binary (resident set growth read from /proc), because
//! a counting allocator would need `unsafe`, which the workspace forbids.

mod data;

use std::hint::black_box;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use criterion::{BatchSize, Criterion, SamplingMode};
use data::DENSE;
use recovery_domain::Meeting;
use recovery_domain::agency::AgencyCatalog;
use recovery_domain::index::{MeetingQuery, SearchIndex, StartsWithin};
use recovery_domain::nearby::{NearbyQuery, TimeWindow, search_nearby};
use recovery_domain::schedule::Day;

const MEETINGS: usize = 200_000;
/// Services in the nearby benchmark (one in ten at two locations).
const SERVICES: usize = 100_000;
/// Set in child processes that only report memory.
const MEMORY_MODE: &str = "SEARCH_BENCH_MEMORY";

/// Wednesday 2026-06-10 19:00 in New York, the evening rush.
fn evening() -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(1_781_132_400, 0).unwrap_or_default()
}

/// Wednesday 2026-06-10 16:00 in New York: day-time services open, evening meetings ahead.
fn afternoon() -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(1_781_121_600, 0).unwrap_or_default()
}

/// The `GET /v1/search` queries: both kinds near the dense point.
fn nearby_queries() -> [(&'static str, NearbyQuery); 3] {
    let near = NearbyQuery { near: Some(DENSE), radius_km: 10.0, limit: 25, ..NearbyQuery::default() };
    let window = NearbyQuery { window: Some(TimeWindow { at: afternoon(), minutes: 120 }), ..near.clone() };
    let housing = NearbyQuery { categories: vec![data::HOUSING], text: Some("hope".into()), ..window.clone() };
    [("a_both_radius_10km", near), ("b_both_radius_10km_window_120", window), ("c_b_housing_text", housing)]
}

fn queries() -> [(&'static str, MeetingQuery); 7] {
    let near = MeetingQuery { near: Some(DENSE), radius_km: 10.0, limit: 25, ..MeetingQuery::default() };
    let filtered = MeetingQuery { days: vec![Day::ALL[1], Day::ALL[3]], types: vec!["O".into()], ..near.clone() };
    let starting = MeetingQuery { starts_within: Some(StartsWithin { at: evening(), minutes: 120 }), ..near.clone() };
    // The API's default radius: most of the metro area is within it.
    let wide = MeetingQuery { radius_km: 25.0, ..near.clone() };
    let everything = MeetingQuery { limit: 25, ..MeetingQuery::default() };
    let text = MeetingQuery { text: Some("serenity step".into()), limit: 25, ..MeetingQuery::default() };
    let soon_anywhere = MeetingQuery {
        starts_within: Some(StartsWithin { at: evening(), minutes: 60 }),
        limit: 25,
        ..MeetingQuery::default()
    };
    [
        ("a_radius_10km", near),
        ("b_radius_10km_days_types", filtered),
        ("c_radius_10km_starts_within_120", starting),
        ("d_no_filters_first_page", everything),
        ("e_text_first_page", text),
        ("f_starts_within_60_anywhere", soon_anywhere),
        ("g_radius_25km", wide),
    ]
}

fn resident_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status.lines().find(|l| l.starts_with(field)).unwrap_or_default();
    line.split_whitespace().nth(1).and_then(|v| v.parse().ok()).unwrap_or(0)
}

/// In a child process: how much resident memory holding the meetings, or the index, takes.
fn measure_memory(mode: &str) {
    let before = resident_kib("VmRSS:");
    let started = Instant::now();
    let held: Box<dyn std::any::Any> = match mode {
        "meetings" => {
            Box::new(data::generate(MEETINGS).map(|m| std::sync::Arc::new(m.public_view())).collect::<Vec<_>>())
        }
        _ => Box::new(SearchIndex::build(data::generate(MEETINGS))),
    };
    let elapsed = started.elapsed();
    let (after, peak) = (resident_kib("VmRSS:"), resident_kib("VmHWM:"));
    println!(
        "{mode}: {:.1} MiB resident, {:.1} MiB peak, {elapsed:.2?} to generate and hold",
        (after - before) as f64 / 1024.0,
        (peak - before) as f64 / 1024.0
    );
    black_box(held);
}

fn report_memory() {
    let Ok(exe) = std::env::current_exe() else { return };
    for mode in ["meetings", "index"] {
        match Command::new(&exe).env(MEMORY_MODE, mode).output() {
            Ok(out) => print!("memory {}", String::from_utf8_lossy(&out.stdout)),
            Err(e) => println!("memory {mode}: could not run: {e}"),
        }
    }
}

fn benches(c: &mut Criterion) {
    let meetings: Vec<Meeting> = data::generate(MEETINGS).collect();
    let index = SearchIndex::build(meetings.clone());
    println!("indexed {} meetings", index.len());
    for (name, q) in queries() {
        let page = index.search(&q).map(|p| (p.total, p.items.len())).unwrap_or_default();
        println!("{name}: {} matches, {} on the first page", page.0, page.1);
    }

    let mut group = c.benchmark_group("search");
    group.sample_size(100).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
    for (name, q) in queries() {
        group.bench_function(name, |b| b.iter(|| index.search(black_box(&q))));
    }
    group.finish();

    let started = Instant::now();
    let generated = data::generate_agencies(SERVICES);
    let (organizations, locations, services) = (generated.organizations, generated.locations, generated.services);
    let catalog = AgencyCatalog::build(organizations, locations, services, data::taxonomy(), chrono_tz::UTC);
    println!("generated and indexed {SERVICES} services in {:.2?}", started.elapsed());
    for (name, q) in nearby_queries() {
        let page = search_nearby(&index, &catalog, &q).map(|p| (p.total_meetings, p.total_services, p.items.len()));
        let (meetings, services, items) = page.unwrap_or_default();
        println!("nearby {name}: {meetings} meetings + {services} services match, {items} on the first page");
    }
    let mut group = c.benchmark_group("nearby");
    group.sample_size(100).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
    for (name, q) in nearby_queries() {
        group.bench_function(name, |b| b.iter(|| search_nearby(&index, &catalog, black_box(&q))));
    }
    group.finish();
    drop(catalog);

    let mut group = c.benchmark_group("write");
    group.sample_size(50).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    let mut index = index;
    let mut moved = meetings[MEETINGS / 2].clone();
    let mut flip = false;
    group.bench_function("upsert_move_one_meeting", |b| {
        b.iter(|| {
            flip = !flip;
            moved.data.day = Day::ALL[usize::from(flip)];
            if let Some(l) = moved.data.location.as_mut() {
                l.latitude = Some(DENSE.lat + if flip { 0.01 } else { -0.01 });
                l.longitude = Some(DENSE.lng);
            }
            index.upsert(black_box(&moved));
        })
    });
    group.finish();
    drop(index);

    let mut group = c.benchmark_group("build");
    group.sampling_mode(SamplingMode::Flat).sample_size(10).warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(25));
    group.bench_function("build_200k", |b| {
        b.iter_batched(|| meetings.clone(), SearchIndex::build, BatchSize::PerIteration)
    });
    group.finish();
}

fn main() {
    if let Ok(mode) = std::env::var(MEMORY_MODE) {
        measure_memory(&mode);
        return;
    }
    report_memory();
    let mut criterion = Criterion::default().configure_from_args();
    benches(&mut criterion);
    criterion.final_summary();
}
