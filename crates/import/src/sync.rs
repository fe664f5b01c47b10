//! One run of a source of any kind: fetch (or take the uploaded file), read, plan against what
//! the source brought before, geocode what lacks coordinates, apply in one transaction, and
//! leave a report. A source that fails fails its own run, recorded with the reason.
//!
//! A run has two phases, [`Importer::plan`] (network, reading, geocoding: no listing written)
//! and [`Importer::write`], so that a server can hold its write lock for the write alone and
//! bring its index up to date in commit order; [`Importer::run`] does both for a process
//! without an index. HSDS sources are read by [`crate::hsds`] against a [`Catalog`] of the
//! agency listings already held, and never archive.
//!
//! The order matters: records are hashed as the source gave them, planned against what the
//! source brought before, and only then geocoded (only the records being written, and only
//! those with an address but no coordinates), so an unchanged feed costs no geocoder request
//! and writes nothing but its run row. The store blocks, so it is called on blocking threads.

mod geo;
mod read;
mod records;

use chrono::Utc;
use recovery_domain::agency::AgencyCatalog;
use recovery_domain::source::{ImportRun, RunCounts, RunStatus, RunTrigger, Source, SourceKind, SyncPlan, plan_sync};
use recovery_domain::{Actor, Meeting, RunId, SourceId, ValidationContext};
use recovery_store::{Store, StoreError, SyncApplied};

use crate::fetch::Fetcher;
use crate::geocode::Geocoder;
use crate::hsds;

/// What a run reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    /// Fetch the source's URL (a BMLT source: `GetSearchResults` and `GetFormats` under it; an
    /// HSDS source: its `/services` walked page by page).
    Fetch,
    /// An uploaded or local file: its name (for the report) and bytes.
    File {
        /// The file's name.
        name: String,
        /// Its bytes.
        body: Vec<u8>,
    },
}

/// One run's request.
#[derive(Debug, Clone)]
pub struct RunRequest<'a> {
    /// The source, of any kind.
    pub source: &'a Source,
    /// What to read.
    pub payload: Payload,
    /// What started it.
    pub trigger: RunTrigger,
    /// True plans and reports without writing a listing or a geocoder answer (the run is still
    /// recorded by [`Importer::run`]; [`Importer::preview`] records nothing).
    pub dry_run: bool,
    /// Who the change-log entries name.
    pub actor: Actor,
}

/// Where an HSDS run finds the agency listings it reads its services against (to tell new
/// records from stored ones): the server's index, or the store itself on the command line.
pub trait Catalog: Sync {
    /// Calls `read` with the listings.
    fn read<R>(&self, read: impl FnOnce(&AgencyCatalog) -> R) -> Result<R, StoreError>;
}

/// The agency listings as stored, read from the store when a run first asks (blocking: for a
/// process without an index, such as the command line).
struct StoredCatalog<'a> {
    /// The database.
    store: &'a Store,
    /// The zone of locations stored without one.
    tz: chrono_tz::Tz,
}

impl Catalog for StoredCatalog<'_> {
    fn read<R>(&self, read: impl FnOnce(&AgencyCatalog) -> R) -> Result<R, StoreError> {
        Ok(read(&hsds::stored_catalog(self.store, self.tz)?))
    }
}

/// A run read and planned, not yet written: [`Importer::write`] finishes it.
#[derive(Debug)]
pub struct Planned {
    run: ImportRun,
    work: Work,
}

/// What writing a planned run does.
#[derive(Debug)]
enum Work {
    /// Record the run alone: it failed, or it is a dry run of a meeting source.
    RecordOnly,
    /// Apply a meeting source's plan (and record the run) in one transaction.
    Meetings { source: SourceId, plan: SyncPlan, actor: Actor },
    /// Write an HSDS source's services, then record the run.
    Agencies { prepared: Box<hsds::Prepared>, actor: Actor },
}

/// A finished run: the run as recorded and what it changed.
#[derive(Debug)]
pub struct Written {
    /// The run as recorded.
    pub run: ImportRun,
    /// Each meeting written, with the change-log position of its write.
    pub changed: Vec<(Meeting, i64)>,
    /// True when agency listings were written: their change-log positions are not reported,
    /// so a process with an index follows the change log to pick them up.
    pub agencies_written: bool,
}

/// Runs import sources, of every kind, against one store.
#[derive(Debug, Clone)]
pub struct Importer {
    /// The database.
    pub store: Store,
    /// The HTTP client and its address policy.
    pub fetcher: Fetcher,
    /// The geocoder.
    pub geocoder: Geocoder,
}

impl Importer {
    /// Runs `request` to the end, HSDS services read against the store's own listings: on
    /// success the run and every listing written; when the source could not be fetched or
    /// read the run is recorded as failed (nothing written) and returned the same way with no
    /// listings. `Err` only when the store itself fails.
    pub async fn run(&self, request: RunRequest<'_>, ctx: &ValidationContext<'_>) -> Result<Written, StoreError> {
        let catalog = StoredCatalog { store: &self.store, tz: request.source.data.default_timezone };
        let planned = self.plan(request, ctx, &catalog).await?;
        self.write(planned).await
    }

    /// Plans `request` as a dry run and returns the report a run would record, writing nothing
    /// at all: no listing, no run record, no geocoder answer. For the command line, whose dry
    /// run must leave the database exactly as it was (a server's dry run records its run, so
    /// staff find it in the source's history).
    pub async fn preview(&self, request: RunRequest<'_>, ctx: &ValidationContext<'_>) -> Result<ImportRun, StoreError> {
        let request = RunRequest { dry_run: true, ..request };
        let catalog = StoredCatalog { store: &self.store, tz: request.source.data.default_timezone };
        let Planned { run, work } = self.plan(request, ctx, &catalog).await?;
        let run = match work {
            Work::RecordOnly => run,
            // A dry run's batch holds an estimate, which `hsds::write` hands back untouched.
            Work::Agencies { mut prepared, actor } => {
                let written = hsds::write(&self.store, &mut prepared, &actor)?;
                hsds::finish(run, written.map(|outcome| (outcome, *prepared)))
            }
            Work::Meetings { .. } => {
                return Err(StoreError::Other("a dry run planned a write of its listings".to_string()));
            }
        };
        log(&run);
        Ok(run)
    }

    /// Reads and plans `request` without writing a listing: fetch (or take the file), read,
    /// plan against what the source brought before (meeting kinds) or against `catalog`
    /// (HSDS), geocode what will be written. A source that cannot be read plans a failed run.
    pub async fn plan<C: Catalog>(
        &self,
        request: RunRequest<'_>,
        ctx: &ValidationContext<'_>,
        catalog: &C,
    ) -> Result<Planned, StoreError> {
        let RunRequest { source, payload, trigger, dry_run, actor } = request;
        let mut run = ImportRun {
            id: RunId::new(),
            source_id: Some(source.id),
            kind: source.data.kind,
            origin: read::origin(source, &payload),
            trigger,
            dry_run,
            status: RunStatus::Succeeded,
            started_at: now(),
            finished_at: now(),
            counts: RunCounts::default(),
            error: None,
            rejected: Vec::new(),
            conflicts: Vec::new(),
            flagged: Vec::new(),
            warnings: Vec::new(),
        };
        if source.data.kind == SourceKind::Hsds {
            let services = match hsds::read(&self.fetcher, source, payload).await {
                Ok(services) => services,
                Err(reason) => return Ok(failed(run, reason)),
            };
            let tz = source.data.default_timezone;
            return Ok(match catalog.read(|catalog| hsds::prepare(catalog, tz, services, dry_run))? {
                Ok(prepared) => Planned { run, work: Work::Agencies { prepared: Box::new(prepared), actor } },
                Err(reason) => failed(run, reason),
            });
        }
        let parsed = match read::read(source, payload, &self.fetcher).await {
            Ok(parsed) => parsed,
            Err(reason) => return Ok(failed(run, reason)),
        };
        let (incoming, invalid) = records::incoming(&parsed, ctx);
        let existing = self.blocking({
            let id = source.id;
            move |store| store.source_listings(id)
        });
        let mut plan = plan_sync(existing.await?, incoming);
        if let Some(reason) = plan.emptied(parsed.source_records) {
            return Ok(failed(run, reason));
        }
        run.warnings = records::warnings(&parsed);
        // A dry run does not keep the geocoder's answers either: it writes nothing but its run.
        run.warnings.extend(geo::geocode(&self.geocoder, &self.store, &mut plan, !dry_run).await);
        run.rejected = records::rejections(&parsed, invalid, &plan);
        run.conflicts = records::conflicts(&plan);
        run.flagged = records::flagged(&plan);
        run.counts = records::counts(parsed.source_records, &plan, run.rejected.len(), run.flagged.len());
        run.finished_at = now();
        let work = if dry_run { Work::RecordOnly } else { Work::Meetings { source: source.id, plan, actor } };
        Ok(Planned { run, work })
    }

    /// Writes a planned run and records it: in one transaction for a meeting source; an HSDS
    /// batch refused by the store (a reference to a missing record, a taken value) fails the
    /// run without writing. `Err` only when the store itself fails.
    pub async fn write(&self, planned: Planned) -> Result<Written, StoreError> {
        let Planned { run, work } = planned;
        let written = match work {
            Work::RecordOnly => {
                let recorded = run.clone();
                self.blocking(move |store| store.record_run(&recorded)).await?;
                Written { run, changed: Vec::new(), agencies_written: false }
            }
            Work::Meetings { source, plan, actor } => {
                let SyncApplied { run, changed } =
                    self.blocking(move |store| store.apply_sync(source, plan, run, &actor)).await?;
                Written { run, changed, agencies_written: false }
            }
            Work::Agencies { mut prepared, actor } => {
                let dry_run = prepared.estimate.is_some();
                let run = self
                    .blocking(move |store| {
                        let written = hsds::write(store, &mut prepared, &actor)?;
                        let run = hsds::finish(run, written.map(|outcome| (outcome, *prepared)));
                        store.record_run(&run)?;
                        Ok(run)
                    })
                    .await?;
                let agencies_written = !dry_run && run.status == RunStatus::Succeeded;
                Written { run, changed: Vec::new(), agencies_written }
            }
        };
        log(&written.run);
        Ok(written)
    }

    /// Runs a store call on a blocking thread.
    async fn blocking<T: Send + 'static>(
        &self,
        call: impl FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || call(&store))
            .await
            .map_err(|e| StoreError::Other(format!("the store call did not finish: {e}")))?
    }
}

/// `run`, failed for `reason`, with nothing to write but itself.
fn failed(mut run: ImportRun, reason: String) -> Planned {
    run.status = RunStatus::Failed;
    run.error = Some(reason);
    run.finished_at = now();
    Planned { run, work: Work::RecordOnly }
}

/// One line per run: what it did, never whose meeting is where.
fn log(run: &ImportRun) {
    let c = &run.counts;
    let source = run.source_id.map(|id| id.to_string()).unwrap_or_default();
    match run.status {
        RunStatus::Succeeded => tracing::info!(
            source = %source, run = %run.id, kind = run.kind.as_str(), dry_run = run.dry_run, status = "succeeded",
            records = c.source_records, added = c.added, updated = c.updated, unchanged = c.unchanged,
            archived = c.archived, rejected = c.rejected, conflicts = c.conflicts, flagged = c.flagged,
            "import run"
        ),
        RunStatus::Failed => tracing::warn!(
            source = %source, run = %run.id, kind = run.kind.as_str(), dry_run = run.dry_run, status = "failed",
            error = run.error.as_deref().unwrap_or_default(), "import run"
        ),
    }
}

/// Now, to the microsecond: what both backends store, so a run reads back as it was answered.
fn now() -> chrono::DateTime<Utc> {
    use chrono::SubsecRound;
    Utc::now().trunc_subsecs(6)
}
