//! Shared helpers: the spec samples and the options the tests read them with.

#![allow(dead_code)]

use std::path::PathBuf;

use chrono_tz::Tz;
use recovery_import::{ImportOptions, Parsed};

/// Where the spec samples are: `RD_SPEC_DIR`, else `shared/spec` beside the checkout, else
/// the workplace's `/work/shared/spec`. Without them these tests fail, saying where they looked.
pub fn spec_dir() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let candidates: Vec<PathBuf> = std::env::var_os("RD_SPEC_DIR")
        .map(PathBuf::from)
        .into_iter()
        .chain([root.join("../shared/spec"), PathBuf::from("/work/shared/spec")])
        .collect();
    candidates
        .iter()
        .find(|dir| dir.join("meeting-guide/meetings.json").is_file())
        .cloned()
        .unwrap_or_else(|| panic!("the spec samples were not found (set RD_SPEC_DIR); looked in {candidates:?}"))
}

/// The bytes of a spec sample, by its path under the spec folder.
pub fn sample(path: &str) -> Vec<u8> {
    let path = spec_dir().join(path);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Options for `program` in `tz`.
pub fn opts(program: &str, tz: Tz) -> ImportOptions {
    ImportOptions::new(program, tz)
}

/// Every record, rejection and warning, one per line, for assertion messages.
pub fn dump(parsed: &Parsed) -> String {
    let mut lines = Vec::new();
    for r in &parsed.rejected {
        lines.push(format!("rejected #{} {:?}: {}", r.position, r.key, r.reason));
    }
    for w in &parsed.warnings {
        lines.push(format!("warning #{} {:?}: {}", w.position, w.key, w.message));
    }
    lines.join("\n")
}

/// The record with this external key.
pub fn record<'a>(parsed: &'a Parsed, key: &str) -> &'a recovery_import::ImportedMeeting {
    parsed.records.iter().find(|r| r.external_key == key).unwrap_or_else(|| panic!("no record `{key}`"))
}

/// Asserts every source record is accounted for: imported or rejected, `extra` more for
/// multi-day records split into several.
pub fn assert_no_silent_drops(parsed: &Parsed, extra: usize) {
    assert_eq!(parsed.records.len() + parsed.rejected.len(), parsed.source_records + extra, "{}", dump(parsed));
}
