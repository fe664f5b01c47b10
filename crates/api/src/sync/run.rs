//! One run of a source, in the server (applied to the index as it is written) or against a
//! bare store (the command line; a server on the same database follows the change log).

use chrono_tz::Tz;
use recovery_domain::agency::{AgencyCatalog, Taxonomies};
use recovery_domain::source::{ImportRun, RunTrigger, Source};
use recovery_domain::{Actor, ValidationContext};
use recovery_import::sync::{Importer, Payload, RunRequest};
use recovery_store::{Store, StoreError};

use super::hsds::{self, Started};
use crate::error::{ApiError, blocking};
use crate::state::AppState;

/// Runs `source` once in the server and applies what it wrote to the index; the run as
/// recorded (a failed fetch or read is a recorded run with status `failed`, not an error).
///
/// A run on request takes the source's sync lease first (the scheduler holds it already for
/// its own runs), so two syncs of one source never overlap, on this replica or another: the
/// second is a 409.
pub async fn run_source(
    state: &AppState,
    source: &Source,
    payload: Payload,
    trigger: RunTrigger,
    dry_run: bool,
    actor: Actor,
) -> Result<ImportRun, ApiError> {
    if trigger == RunTrigger::Schedule {
        return run_leased(state, source, payload, trigger, dry_run, actor).await;
    }
    let lease = SyncLease::take(&state.store, source).await?;
    let result = run_leased(state, source, payload, trigger, dry_run, actor).await;
    lease.give_back(&state.store).await;
    result
}

/// The name of the lease a sync of `source` holds (the scheduler takes the same one).
pub fn lease_name(source: &Source) -> String {
    format!("sync:{}", source.id)
}

/// A source's sync lease, held for one run on request.
struct SyncLease {
    name: String,
    holder: String,
}

impl SyncLease {
    /// Takes the lease of `source` for a run, or answers 409 when a sync of it is running.
    async fn take(store: &Store, source: &Source) -> Result<SyncLease, ApiError> {
        let lease = SyncLease { name: lease_name(source), holder: format!("run-{}", recovery_domain::RunId::new()) };
        let (store, name, holder) = (store.clone(), lease.name.clone(), lease.holder.clone());
        let taken = blocking(move || store.try_lease(&name, &holder, super::scheduler::LEASE_TTL)).await?;
        if !taken {
            return Err(ApiError::Conflict {
                detail: "a sync of this source is running; try again when it has finished".into(),
                errors: Vec::new(),
            });
        }
        Ok(lease)
    }

    /// Gives the lease back (a failure only logs: the lease expires by itself).
    async fn give_back(self, store: &Store) {
        let store = store.clone();
        let (name, holder) = (self.name, self.holder);
        if let Err(e) = blocking(move || store.release_lease(&name, &holder)).await {
            tracing::warn!(error = %e, "could not give a sync lease back; it expires by itself");
        }
    }
}

/// [`run_source`] once the lease is held.
async fn run_leased(
    state: &AppState,
    source: &Source,
    payload: Payload,
    trigger: RunTrigger,
    dry_run: bool,
    actor: Actor,
) -> Result<ImportRun, ApiError> {
    if !source.data.kind.carries_meetings() {
        return run_hsds(state, source, payload, trigger, dry_run, actor).await;
    }
    let request = RunRequest { source, payload, trigger, dry_run, actor };
    let applied = state.importer.run(request, &state.validation_context()).await?;
    if !applied.changed.is_empty() {
        // As every local write: the index gets each listing at its change-log position, so a
        // newer edit (or the follower having applied these already) is never undone.
        let _guard = state.write_lock.lock().await;
        for (meeting, seq) in &applied.changed {
            state.apply_meeting(meeting, *seq);
        }
    }
    Ok(applied.run)
}

/// The HSDS kind in the server: read against the index's catalog, write under the write
/// lock, and bring the index up to what was written.
async fn run_hsds(
    state: &AppState,
    source: &Source,
    payload: Payload,
    trigger: RunTrigger,
    dry_run: bool,
    actor: Actor,
) -> Result<ImportRun, ApiError> {
    let started = Started::now(source, &payload, trigger, dry_run);
    let services = hsds::read(&state.importer.fetcher, source, payload).await;
    let prepared = services.and_then(|services| {
        let index = state.index();
        hsds::prepare(&index.agencies, source.data.default_timezone, services, dry_run)
    });
    let result = match prepared {
        Err(reason) => Err(reason),
        Ok(mut prepared) => {
            let _guard = state.write_lock.lock().await;
            let store = state.store.clone();
            let (written, prepared) = blocking(move || {
                let written = hsds::write(&store, &mut prepared, &actor)?;
                Ok((written, prepared))
            })
            .await?;
            if written.is_ok() && !dry_run {
                // The batch write reports no change-log positions: read them back from the log
                // (a short read; `state` is borrowed, so it runs here rather than on the pool).
                state.follow_changes()?;
            }
            written.map(|outcome| (outcome, prepared))
        }
    };
    let run = hsds::finish(started, result);
    let store = state.store.clone();
    let record = run.clone();
    blocking(move || store.record_run(&record)).await?;
    Ok(run)
}

/// Runs `source` against `importer`'s store alone (no index in this process): the command
/// line. `Err` only when the store fails; a source that cannot be read is a failed run.
///
/// It takes no lease: a run the operator kills (or that crashes) must not lock its source for
/// the lease's lifetime. One overlapping a server's sync of the same source is refused by the
/// store at its write, in one transaction, so nothing is half-written either way.
pub async fn run_on_store(
    importer: &Importer,
    source: &Source,
    payload: Payload,
    dry_run: bool,
    ctx: &ValidationContext<'_>,
) -> Result<ImportRun, StoreError> {
    let actor = Actor::System("cli".into());
    let trigger = RunTrigger::Cli;
    if source.data.kind.carries_meetings() {
        let request = RunRequest { source, payload, trigger, dry_run, actor };
        return Ok(importer.run(request, ctx).await?.run);
    }
    let store = &importer.store;
    let started = Started::now(source, &payload, trigger, dry_run);
    let result = match hsds::read(&importer.fetcher, source, payload).await {
        Err(reason) => Err(reason),
        Ok(services) => {
            let catalog = stored_catalog(store, source.data.default_timezone)?;
            match hsds::prepare(&catalog, source.data.default_timezone, services, dry_run) {
                Err(reason) => Err(reason),
                Ok(mut prepared) => hsds::write(store, &mut prepared, &actor)?.map(|outcome| (outcome, prepared)),
            }
        }
    };
    let run = hsds::finish(started, result);
    store.record_run(&run)?;
    Ok(run)
}

/// The agency listings as stored, as the HSDS reader checks against them.
fn stored_catalog(store: &Store, tz: Tz) -> Result<AgencyCatalog, StoreError> {
    let taxonomies = Taxonomies::new(store.all_taxonomies()?, store.all_taxonomy_terms()?);
    Ok(AgencyCatalog::build(store.all_organizations()?, store.all_locations()?, store.all_services()?, taxonomies, tz))
}
