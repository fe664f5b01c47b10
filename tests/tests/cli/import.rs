//! `recovery-directory import KIND FILE` with the real binary: the Meeting Guide sample from
//! `../shared/spec` imported into a fresh database, idempotent on a second run, a dry run that
//! writes nothing, unreadable input failing with a clear message, and a server on the same
//! database serving what the command line imported.

use std::path::PathBuf;
use std::process::Output;

use recovery_e2e::app::run_cli;
use recovery_e2e::poll::{REPLICATION_DEADLINE, eventually};
use recovery_e2e::{TestApp, both_backends};
use serde_json::Value;

/// A file of the shared spec folder: `RD_SPEC_DIR`, else `shared/spec` beside the checkout,
/// else the workplace's `/work/shared/spec`.
fn spec_file(relative: &str) -> PathBuf {
    let candidates: Vec<PathBuf> = std::env::var_os("RD_SPEC_DIR")
        .map(PathBuf::from)
        .into_iter()
        .chain([recovery_e2e::binary::workspace_root().join("../shared/spec"), PathBuf::from("/work/shared/spec")])
        .collect();
    candidates.iter().map(|dir| dir.join(relative)).find(|file| file.is_file()).unwrap_or_else(|| {
        panic!("{relative} was not found in the spec folder (set RD_SPEC_DIR); looked in {candidates:?}")
    })
}

/// What a command said, for assertion messages.
fn said(output: &Output) -> String {
    format!(
        "{}\nstdout: {}\nstderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// `import KIND FILE [EXTRA…] --database URL`.
async fn import(url: &str, kind: &str, file: &str, extra: &[&str]) -> Output {
    let mut args = vec!["import", kind, file];
    args.extend(extra);
    args.extend(["--database", url]);
    run_cli(&args, "").await
}

/// The summary line of a successful import.
fn summary(output: &Output) -> String {
    assert!(output.status.success(), "{}", said(output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .find(|l| l.starts_with("added "))
        .unwrap_or_else(|| panic!("no summary line: {}", said(output)))
        .to_string()
}

/// The names in the Meeting Guide sample, sorted.
fn sample_names() -> Vec<String> {
    let text = std::fs::read_to_string(spec_file("meeting-guide/meetings.json")).unwrap();
    let sample: Vec<Value> = serde_json::from_str(&text).unwrap();
    let mut names: Vec<String> = sample.iter().map(|m| m["name"].as_str().unwrap().to_string()).collect();
    names.sort();
    names
}

both_backends!(sample_imports_once_and_a_server_serves_it, backend: |backend| async move {
    let sample = spec_file("meeting-guide/meetings.json");
    let sample = sample.to_str().unwrap();
    let app = TestApp::start(backend).await;
    let url = app.database_url().to_string();

    let dry = import(&url, "meeting-guide", sample, &["--dry-run"]).await;
    assert!(summary(&dry).starts_with("added 25, updated 0, unchanged 0, archived 0, rejected 0"), "{}", said(&dry));
    assert!(String::from_utf8_lossy(&dry.stdout).contains("nothing was written"), "{}", said(&dry));

    // The dry run wrote no listing: the real run still adds every one.
    let first = import(&url, "meeting-guide", sample, &[]).await;
    assert!(summary(&first).starts_with("added 25, updated 0, unchanged 0, archived 0, rejected 0"), "{}", said(&first));

    let second = import(&url, "meeting-guide", sample, &[]).await;
    assert!(summary(&second).starts_with("added 0, updated 0, unchanged 25, archived 0, rejected 0"), "{}", said(&second));

    // The running server follows the change log to the imported listings.
    let served = eventually(REPLICATION_DEADLINE * 5, "the imported meetings on the server", || async {
        let items = app.search_all("", 100).await;
        (items.len() == 25).then_some(items)
    })
    .await;
    let mut names: Vec<String> = served.iter().map(|m| m["name"].as_str().unwrap().to_string()).collect();
    names.sort();
    assert_eq!(names, sample_names());
    let found = app.search("q=Serenity").await;
    assert!(found["items"].as_array().unwrap().iter().any(|m| m["name"] == "Sunday Serenity"), "{found}");

    // A server started afterwards loads them too.
    let late = app.replica().start().await;
    assert_eq!(late.search_all("", 100).await.len(), 25);
});

both_backends!(unreadable_input_fails_with_a_clear_message, backend: |backend| async move {
    let builder = TestApp::builder(backend);
    let url = builder.database_url().to_string();
    let dir = tempfile::tempdir().unwrap();

    let missing = dir.path().join("no-such-feed.json");
    let output = import(&url, "meeting-guide", missing.to_str().unwrap(), &[]).await;
    assert!(!output.status.success(), "{}", said(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot read") && stderr.contains("no-such-feed.json"), "{}", said(&output));

    let html = dir.path().join("challenge.json");
    std::fs::write(&html, "<!DOCTYPE html><html><body>Checking your browser…</body></html>").unwrap();
    let output = import(&url, "meeting-guide", html.to_str().unwrap(), &[]).await;
    assert!(!output.status.success(), "{}", said(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("import failed") && stderr.to_lowercase().contains("html"), "{}", said(&output));

    let sample = spec_file("meeting-guide/meetings.json");
    let output = import(&url, "meeting-guide", sample.to_str().unwrap(), &["--timezone", "Mars/Olympus"]).await;
    assert!(!output.status.success(), "{}", said(&output));
    assert!(String::from_utf8_lossy(&output.stderr).contains("default_timezone"), "{}", said(&output));

    // Nothing above wrote a listing.
    let app = builder.start().await;
    assert_eq!(app.search_all("", 100).await.len(), 0);
});

/// Everything the database holds, as `export` writes it, without the moment of the export.
async fn exported(url: &str) -> Value {
    let output = run_cli(&["export", "-", "--database", url], "").await;
    assert!(output.status.success(), "{}", said(&output));
    let mut backup: Value = serde_json::from_slice(&output.stdout).expect("export writes JSON");
    backup.as_object_mut().expect("an object").remove("exported_at");
    backup
}

/// The SQLite file and its write-ahead log, byte for byte (nothing for PostgreSQL).
fn sqlite_bytes(url: &str) -> Vec<Option<Vec<u8>>> {
    let Some(path) = url.strip_prefix("sqlite://") else { return Vec::new() };
    ["", "-wal"].iter().map(|suffix| std::fs::read(format!("{path}{suffix}")).ok()).collect()
}

both_backends!(a_dry_run_writes_nothing_at_all, backend: |backend| async move {
    // No server on the database: it would write on its own (readiness probes, retention).
    let builder = TestApp::builder(backend);
    let url = builder.database_url().to_string();
    let sample = spec_file("meeting-guide/meetings.json");
    let real = import(&url, "meeting-guide", sample.to_str().unwrap(), &[]).await;
    assert!(summary(&real).starts_with("added 25,"), "{}", said(&real));

    // A changed feed (one listing renamed, one gone) from the registered source's file, with
    // settings that differ from the source's; and a file no source reads yet.
    let dir = tempfile::tempdir().unwrap();
    let mut changed: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&sample).unwrap()).unwrap();
    changed[0]["name"] = Value::from("Renamed In The Dry Run");
    changed.pop();
    let other = dir.path().join("other-feed.json");
    std::fs::write(&other, serde_json::to_vec(&changed).unwrap()).unwrap();
    let before = (exported(&url).await, sqlite_bytes(&url));

    let registered = import(&url, "meeting-guide", sample.to_str().unwrap(), &["--dry-run", "--program", "na"]).await;
    assert!(summary(&registered).starts_with("added 0, updated 25,"), "{}", said(&registered));
    let new = import(&url, "meeting-guide", other.to_str().unwrap(), &["--dry-run"]).await;
    assert!(summary(&new).starts_with("added 24,"), "{}", said(&new));
    for output in [&registered, &new] {
        assert!(String::from_utf8_lossy(&output.stdout).contains("nothing was written"), "{}", said(output));
    }

    let after = (exported(&url).await, sqlite_bytes(&url));
    assert_eq!(after.0, before.0, "a dry run changed a row");
    assert!(after.1 == before.1, "a dry run changed the SQLite file");
});
