//! `recovery-directory import KIND URL|FILE`: the operator's importer. It finds (or registers)
//! the source for that URL or file, runs it once against the database, prints the report and
//! fails when the run failed. With `--dry-run` it writes nothing at all: no source registered
//! or updated, no run recorded, no listing, no geocoder answer. It fetches any address (the operator chose it); a server on the
//! same database picks the listings up from the change log.

use std::path::Path;

use anyhow::{Context, bail};
use recovery_domain::source::{RunStatus, RunTrigger, Source, SourceData, SourceInput, SourceKind, validate_source};
use recovery_domain::{Actor, Programs, SourceId, ValidationContext};
use recovery_import::fetch::{FetchPolicy, Fetcher};
use recovery_import::sync::{Importer, Payload, RunRequest};
use recovery_store::Store;

use super::report;
use crate::settings::common::CommonSettings;
use crate::settings::database::mask_url;
use crate::settings::import::ImportSettings;

/// What the command line asked for.
#[derive(Debug, Clone)]
pub struct Request {
    /// The format.
    pub kind: SourceKind,
    /// An http(s) URL, or a file's path.
    pub target: String,
    /// `--program`.
    pub program: Option<String>,
    /// `--timezone`.
    pub timezone: Option<String>,
    /// `--region-prefix`.
    pub region_prefix: Option<Vec<String>>,
    /// `--dry-run`.
    pub dry_run: bool,
}

/// Where the data come from.
enum Target {
    Url(String),
    File { origin: String, name: String, body: Vec<u8> },
}

fn is_url(target: &str) -> bool {
    let lower = target.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Reads the file named on the command line (at most `max_bytes`).
fn read_file(target: &str, max_bytes: u64) -> anyhow::Result<Target> {
    if target == "-" {
        bail!("reading standard input is for backups only: give the feed's file or URL");
    }
    let path = Path::new(target);
    let absolute = std::fs::canonicalize(path).with_context(|| format!("cannot read {target}"))?;
    let size = std::fs::metadata(&absolute).with_context(|| format!("cannot read {target}"))?.len();
    if !absolute.is_file() {
        bail!("cannot read {target}: not a file");
    }
    if size > max_bytes {
        bail!("cannot read {target}: it has {size} bytes, more than the {max_bytes} allowed (--fetch-max-bytes)");
    }
    let body = std::fs::read(&absolute).with_context(|| format!("cannot read {target}"))?;
    let name = absolute.display().to_string();
    Ok(Target::File { origin: format!("file:{name}"), name, body })
}

/// Runs the import and prints its report; `Err` when the run failed or could not start.
pub fn run(settings: &CommonSettings, import: &ImportSettings, request: Request) -> anyhow::Result<()> {
    let target = match is_url(&request.target) {
        true => Target::Url(request.target.trim().to_string()),
        false => read_file(&request.target, import.fetch.max_bytes)?,
    };
    let url = mask_url(&settings.database_url);
    let store = Store::open(&settings.database_url).with_context(|| format!("opening the database {url}"))?;
    let ctx = ValidationContext {
        programs: Programs::builtin(),
        default_timezone: settings.default_timezone,
        default_program: &settings.default_program,
    };
    let source = find_or_register(&store, &request, &target, &ctx)?;
    let payload = match target {
        Target::Url(_) => Payload::Fetch,
        Target::File { name, body, .. } => Payload::File { name, body },
    };
    // The operator chose the address: any is allowed, under the configured limits.
    let policy = FetchPolicy { any_address: true, ..import.fetch.clone() };
    let importer = Importer { store, fetcher: Fetcher::new(policy), geocoder: import.geocoder.clone() };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    // No sync lease: a run the operator kills (or that crashes) must not lock its source for
    // the lease's lifetime. One overlapping a server's sync of the same source is refused by
    // the store at its write, in one transaction, so nothing is half-written either way.
    let run_request = RunRequest {
        source: &source,
        payload,
        trigger: RunTrigger::Cli,
        dry_run: request.dry_run,
        actor: Actor::System("cli".into()),
    };
    // A dry run writes nothing at all (not even its run record): `preview` only reads.
    let run = if request.dry_run {
        runtime.block_on(importer.preview(run_request, &ctx)).context("running the import")?
    } else {
        runtime.block_on(importer.run(run_request, &ctx)).context("running the import")?.run
    };
    print!("{}", report::render(&run));
    if run.status == RunStatus::Failed {
        bail!("the import failed: {}", run.error.as_deref().unwrap_or("no reason recorded"));
    }
    Ok(())
}

/// The source for this kind and URL (or file), registered (disabled, no interval: the
/// command line runs it) when new; `--program`, `--timezone` and `--region-prefix` update a
/// source found with other values.
fn find_or_register(
    store: &Store,
    request: &Request,
    target: &Target,
    ctx: &ValidationContext<'_>,
) -> anyhow::Result<Source> {
    let (origin, url) = match target {
        Target::Url(url) => (url.clone(), Some(url.clone())),
        Target::File { origin, .. } => (origin.clone(), None),
    };
    let found = store.find_source(request.kind, &origin).context("looking for the source")?;
    let actor = Actor::System("cli".into());
    let input = |base: Option<&SourceData>| SourceInput {
        name: Some(base.map_or_else(|| origin.chars().take(200).collect(), |b| b.name.clone())),
        kind: Some(request.kind.as_str().to_string()),
        url: base.map_or(url.clone(), |b| b.url.clone()),
        program: request.program.clone().or_else(|| base.map(|b| b.program.clone())),
        default_timezone: request.timezone.clone().or_else(|| base.map(|b| b.default_timezone.name().to_string())),
        region_prefix: request.region_prefix.clone().or_else(|| base.map(|b| b.region_prefix.clone())),
        interval_minutes: base.and_then(|b| b.interval_minutes).map(i64::from),
        enabled: Some(base.is_some_and(|b| b.enabled)),
        ..SourceInput::default()
    };
    let invalid = |e: recovery_domain::ValidationErrors| {
        let problems: Vec<String> = e.0.iter().map(|f| format!("{}: {}", f.field, f.message)).collect();
        anyhow::anyhow!("invalid source settings: {}", problems.join("; "))
    };
    match found {
        None => {
            let data = validate_source(input(None), ctx).map_err(invalid)?;
            if request.dry_run {
                // Not registered: the run reads the source as a new one, all its listings new.
                println!("dry run: the source is not registered ({} {origin})", data.kind.as_str());
                let now = chrono::Utc::now();
                return Ok(Source { id: SourceId::new(), data, created_at: now, updated_at: now, next_sync_at: None });
            }
            let source = store.create_source(data, &actor).context("registering the source")?;
            println!("registered source {} ({} {})", source.id, source.data.kind.as_str(), origin);
            Ok(source)
        }
        Some(source) => {
            let data = validate_source(input(Some(&source.data)), ctx).map_err(invalid)?;
            if data == source.data {
                return Ok(source);
            }
            if request.dry_run {
                // A dry run changes nothing: the settings hold for this run only.
                println!("dry run: the source's settings are used for this run only, not saved");
                return Ok(Source { data, ..source });
            }
            let updated = store.update_source(source.id, data, &actor).context("updating the source")?;
            println!("updated source {} ({} {})", updated.id, updated.data.kind.as_str(), origin);
            Ok(updated)
        }
    }
}
