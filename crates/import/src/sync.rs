//! One run of a meeting source: fetch (or take the uploaded file), read, plan against what the
//! source brought before, geocode what lacks coordinates, apply in one transaction, and
//! leave a report. A source that fails fails its own run, recorded with the reason.
//!
//! The order matters: records are hashed as the source gave them, planned against what the
//! source brought before, and only then geocoded (only the records being written, and only
//! those with an address but no coordinates), so an unchanged feed costs no geocoder request
//! and writes nothing but its run row. The store blocks, so it is called on blocking threads.

mod geo;
mod read;
mod records;

use chrono::Utc;
use recovery_domain::source::{ImportRun, RunCounts, RunStatus, RunTrigger, Source, SourceKind, plan_sync};
use recovery_domain::{Actor, RunId, ValidationContext};
use recovery_store::{Store, StoreError, SyncApplied};

use crate::fetch::Fetcher;
use crate::geocode::Geocoder;

/// Why an HSDS source never runs here.
const HSDS: &str = "HSDS sources are run by the server";

/// What a run reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    /// Fetch the source's URL (a BMLT source: `GetSearchResults` and `GetFormats` under it).
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
    /// The source (a meeting kind: `meeting-guide`, `tsml-csv` or `bmlt`).
    pub source: &'a Source,
    /// What to read.
    pub payload: Payload,
    /// What started it.
    pub trigger: RunTrigger,
    /// True plans and reports without writing (the run is still recorded).
    pub dry_run: bool,
    /// Who the change-log entries name.
    pub actor: Actor,
}

/// Runs meeting sources against one store.
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
    /// Runs `request` to the end: on success the run and every listing written; when the
    /// source could not be fetched or read the run is recorded as failed (nothing written)
    /// and returned the same way with no listings. `Err` only when the store itself fails.
    pub async fn run(&self, request: RunRequest<'_>, ctx: &ValidationContext<'_>) -> Result<SyncApplied, StoreError> {
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
            return self.fail(run, HSDS.into()).await;
        }
        let parsed = match read::read(source, payload, &self.fetcher).await {
            Ok(parsed) => parsed,
            Err(reason) => return self.fail(run, reason).await,
        };
        let (incoming, invalid) = records::incoming(&parsed, ctx);
        let existing = self.blocking({
            let id = source.id;
            move |store| store.source_listings(id)
        });
        let mut plan = plan_sync(existing.await?, incoming);
        if let Some(reason) = emptied(&plan, parsed.source_records) {
            return self.fail(run, reason).await;
        }
        run.warnings = records::warnings(&parsed);
        run.warnings.extend(geo::geocode(&self.geocoder, &self.store, &mut plan).await);
        run.rejected = records::rejections(&parsed, invalid, &plan);
        run.conflicts = records::conflicts(&plan);
        run.flagged = records::flagged(&plan);
        run.counts = records::counts(parsed.source_records, &plan, run.rejected.len(), run.flagged.len());
        run.finished_at = now();

        let applied = if dry_run {
            let recorded = run.clone();
            self.blocking(move |store| store.record_run(&recorded)).await?;
            SyncApplied { run, changed: Vec::new() }
        } else {
            let id = source.id;
            self.blocking(move |store| store.apply_sync(id, plan, run, &actor)).await?
        };
        log(&applied.run);
        Ok(applied)
    }

    /// Records `run` as failed for `reason`, with nothing written.
    async fn fail(&self, mut run: ImportRun, reason: String) -> Result<SyncApplied, StoreError> {
        run.status = RunStatus::Failed;
        run.error = Some(reason);
        run.finished_at = now();
        let recorded = run.clone();
        self.blocking(move |store| store.record_run(&recorded)).await?;
        log(&run);
        Ok(SyncApplied { run, changed: Vec::new() })
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

/// Why a run that would archive every listing of its source must fail instead: a feed that
/// suddenly yields no valid record is far more often broken (an empty answer, a changed format)
/// than emptied on purpose, and archiving would take all its meetings out of searches.
fn emptied(plan: &recovery_domain::source::SyncPlan, source_records: usize) -> Option<String> {
    let kept = plan.create.len() + plan.update.len() + plan.unchanged.len() + plan.conflicts.len();
    (kept == 0 && !plan.archive.is_empty()).then(|| {
        format!(
            "the source yielded no valid record ({source_records} read) but {} of its listings are published: \
             refusing to archive them all (if the source really is empty, archive them or delete the source)",
            plan.archive.len()
        )
    })
}
