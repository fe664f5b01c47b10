//! The resident's pages in a real browser: `node --test` runs `tests/browser/*.test.mjs`, which
//! start the binary built here (`RD_BINARY`) and drive Debian's headless Chromium with
//! playwright-core (search, filters, detail pages and their `.ics`, problem reports, Spanish,
//! axe-core, budgets). Screenshots land in `target/browser-artifacts/` (or `RD_ARTIFACTS`).
//!
//! Without node, `npm ci` in `tests/browser` or Chromium the test says why and passes, so
//! `cargo test --workspace` works on a bare machine; under CI (`CI` set) that is a failure.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use recovery_e2e::binary::{self, workspace_root};

/// What a developer without the tools reads.
const SKIPPED: &str =
    "skipped: browser tests need node, npm ci in tests/browser and /usr/bin/chromium (.ci/run installs them)";
/// The Chromium the tests drive, unless `RD_CHROMIUM` names another.
const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";
/// A hung browser must not hang CI; the whole suite takes well under a minute.
const SUITE_TIMEOUT: Duration = Duration::from_secs(600);

fn browser_dir() -> PathBuf {
    workspace_root().join("tests").join("browser")
}

fn chromium() -> PathBuf {
    std::env::var_os("RD_CHROMIUM").map_or_else(|| PathBuf::from(DEFAULT_CHROMIUM), PathBuf::from)
}

/// The tools the suite needs that this machine lacks.
fn missing_tools(dir: &Path) -> Vec<String> {
    let mut missing = Vec::new();
    let node = Command::new("node").arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status();
    if !node.is_ok_and(|status| status.success()) {
        missing.push("node".to_string());
    }
    for package in ["playwright-core", "axe-core"] {
        if !dir.join("node_modules").join(package).join("package.json").is_file() {
            missing.push(format!("tests/browser/node_modules/{package} (npm ci)"));
        }
    }
    let chromium = chromium();
    if !chromium.is_file() {
        missing.push(chromium.display().to_string());
    }
    missing
}

/// The suite's files, in a fixed order (passed by name: `node --test DIR` differs between
/// node versions).
fn test_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(".test.mjs")))
        .collect();
    files.sort();
    files
}

#[test]
fn resident_pages_in_headless_chromium() {
    let dir = browser_dir();
    let missing = missing_tools(&dir);
    if !missing.is_empty() {
        let message = format!("{SKIPPED}; missing: {}", missing.join(", "));
        assert!(std::env::var_os("CI").is_none(), "CI is set, so the browser tests must run: {message}");
        eprintln!("{message}");
        return;
    }
    let files = test_files(&dir);
    assert!(!files.is_empty(), "no *.test.mjs in {}", dir.display());

    let started = Instant::now();
    // Output goes straight to the terminal (cargo does not capture a child's output).
    let mut child = Command::new("node")
        .arg("--test")
        .arg("--test-reporter=spec")
        .args(&files)
        .current_dir(&dir)
        .env("RD_BINARY", binary::path())
        .env("RD_CHROMIUM", chromium())
        .stdin(Stdio::null())
        .spawn()
        .expect("starting node --test");
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for node --test") {
            break status;
        }
        if started.elapsed() > SUITE_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the browser tests did not finish within {SUITE_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    eprintln!("browser tests: {status} after {:.1} s", started.elapsed().as_secs_f64());
    assert!(status.success(), "the browser tests failed ({status}); see the output above");
}
