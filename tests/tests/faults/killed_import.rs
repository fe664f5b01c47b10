//! A sync is one transaction: `recovery-directory import` killed (SIGKILL) at any moment of
//! a sync that changes every one of 1,000 listings leaves either the old state or the new one,
//! never a mix, and a later run completes. The kills are spread over the length of a full
//! run measured first (a debug build takes seconds), so some land while it writes.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use recovery_e2e::app::run_cli;
use recovery_e2e::binary;
use recovery_e2e::both_backends;
use recovery_e2e::database::TestDatabase;
use recovery_store::Store;
use serde_json::{Value, json};

/// Listings in the generated feed.
const RECORDS: usize = 1_000;
/// The two versions of the feed, told apart by the first word of every name.
const VERSIONS: [&str; 2] = ["Zebra", "Quokka"];

/// A Meeting Guide feed of [`RECORDS`] meetings around Philadelphia, every name starting with
/// `word`.
fn feed(word: &str) -> Vec<u8> {
    let records: Vec<Value> = (0..RECORDS)
        .map(|i| {
            json!({
                "slug": format!("generated-{i}"),
                "name": format!("{word} Meeting {i}"),
                "day": i % 7,
                "time": format!("{:02}:{:02}", 6 + (i / 60) % 16, i % 60),
                "types": ["O", "D"],
                "address": format!("{} Market St", 100 + i),
                "city": "Philadelphia", "state": "PA", "postal_code": "19103", "country": "US",
                "latitude": 39.9 + (i % 100) as f64 * 0.001,
                "longitude": -75.2 + (i / 100) as f64 * 0.001,
                "timezone": "America/New_York"
            })
        })
        .collect();
    serde_json::to_vec(&records).unwrap()
}

/// Which version every published listing in the database has; panics on a mix.
async fn state(url: &str) -> &'static str {
    let url = url.to_string();
    let meetings = tokio::task::spawn_blocking(move || {
        let store = Store::open(&url).expect("opening the database after the kill");
        store.all_meetings(None).expect("reading the meetings")
    })
    .await
    .unwrap();
    let count = |word: &str| meetings.iter().filter(|m| m.data.name.starts_with(word)).count();
    let (old, new) = (count(VERSIONS[0]), count(VERSIONS[1]));
    assert_eq!(meetings.len(), RECORDS, "no listing was added or lost ({old} {}, {new} {})", VERSIONS[0], VERSIONS[1]);
    match (old, new) {
        (RECORDS, 0) => VERSIONS[0],
        (0, RECORDS) => VERSIONS[1],
        _ => panic!("a mix of versions: {old} {} and {new} {}", VERSIONS[0], VERSIONS[1]),
    }
}

async fn import(file: &Path, url: &str) {
    let output = run_cli(&["import", "meeting-guide", file.to_str().unwrap(), "--database", url], "").await;
    assert!(
        output.status.success(),
        "import failed ({}):\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

both_backends!(a_killed_sync_leaves_the_old_state_or_the_new, backend: |backend| async move {
    let database = TestDatabase::new(backend);
    let file = database.dir().join("generated-feed.json");
    std::fs::write(&file, feed(VERSIONS[0])).unwrap();
    import(&file, &database.url).await;
    assert_eq!(state(&database.url).await, VERSIONS[0]);
    // A full run that changes every listing, timed to place the kills.
    std::fs::write(&file, feed(VERSIONS[1])).unwrap();
    let started = std::time::Instant::now();
    import(&file, &database.url).await;
    let full_run = started.elapsed();
    let mut current = state(&database.url).await;
    assert_eq!(current, VERSIONS[1]);

    let mut killed_mid_run = 0;
    for percent in [20, 60, 90, 98] {
        let delay_ms = full_run.as_millis() as u64 * percent / 100;
        let target = if current == VERSIONS[0] { VERSIONS[1] } else { VERSIONS[0] };
        std::fs::write(&file, feed(target)).unwrap();
        let mut child = binary::async_command()
            .args(["import", "meeting-guide", file.to_str().unwrap(), "--database", &database.url])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting recovery-directory import");
        tokio::time::sleep(Duration::from_millis(delay_ms)).await;
        let finished = child.try_wait().unwrap();
        if finished.is_none() {
            child.start_kill().expect("SIGKILL");
            killed_mid_run += 1;
        }
        child.wait().await.unwrap();
        let now = state(&database.url).await;
        if let Some(status) = finished {
            assert!(status.success(), "the import exited on its own with {status}");
            assert_eq!(now, target, "a completed run left the new state");
        }
        eprintln!("killed after {delay_ms} ms of a {full_run:?} run ({}): {now}", if finished.is_some() { "already done" } else { "mid-run" });
        current = now;
    }
    assert!(killed_mid_run > 0, "no run was still going when killed");

    // A full run afterwards completes and leaves the other version.
    let target = if current == VERSIONS[0] { VERSIONS[1] } else { VERSIONS[0] };
    std::fs::write(&file, feed(target)).unwrap();
    import(&file, &database.url).await;
    assert_eq!(state(&database.url).await, target);
});
