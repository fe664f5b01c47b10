//! What the whole-run tests share: a fresh SQLite store with an importer over it, a registered
//! source, and one run of it.

#![allow(dead_code)]

use chrono_tz::Tz;
use recovery_domain::source::{RunTrigger, Source, SourceData, SourceKind};
use recovery_domain::{Actor, Programs, ValidationContext};
use recovery_import::fetch::{FetchPolicy, Fetcher};
use recovery_import::geocode::Geocoder;
use recovery_import::sync::{Importer, Payload, RunRequest, Written};
use recovery_store::Store;

/// A store in a temporary folder and an importer that may fetch any address.
pub struct Env {
    _dir: tempfile::TempDir,
    /// The store.
    pub store: Store,
    /// The importer over it.
    pub importer: Importer,
}

/// A fresh environment with `geocoder`.
pub fn env(geocoder: Geocoder) -> Env {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&recovery_store::testing::sqlite_url(dir.path())).unwrap();
    let importer = Importer { store: store.clone(), fetcher: Fetcher::new(FetchPolicy::any()), geocoder };
    Env { _dir: dir, store, importer }
}

/// Who the tests' change-log entries name.
pub fn actor() -> Actor {
    Actor::System("import-tests".into())
}

/// Registers a source of `kind` at `url` (or file-fed) for `program` in `tz`.
pub fn register(env: &Env, kind: SourceKind, url: Option<String>, program: &str, tz: Tz, regions: &[&str]) -> Source {
    let data = SourceData {
        name: format!("{} {}", kind.as_str(), url.as_deref().unwrap_or("file")),
        kind,
        url,
        program: program.into(),
        default_timezone: tz,
        region_prefix: regions.iter().map(|r| r.to_string()).collect(),
        interval_minutes: None,
        enabled: true,
    };
    env.store.create_source(data, &actor()).unwrap()
}

/// One run of `source` reading `payload`.
pub async fn run_with(env: &Env, source: &Source, payload: Payload, dry_run: bool) -> Written {
    let ctx = ValidationContext {
        programs: Programs::builtin(),
        default_timezone: source.data.default_timezone,
        default_program: "aa",
    };
    let request = RunRequest { source, payload, trigger: RunTrigger::Api, dry_run, actor: actor() };
    env.importer.run(request, &ctx).await.unwrap()
}
