//! Import sources: registering and changing them, and running them in a process with an index
//! (the server): a run on request takes the source's sync lease, so two syncs of one source never overlap on this replica or another;
//! what a run writes reaches the index at its change-log positions.

use std::time::Duration;

use recovery_domain::agency::AgencyCatalog;
use recovery_domain::source::{ImportRun, RunTrigger, Source, SourceInput, validate_source};
use recovery_domain::{Actor, RunId, SourceId};
use recovery_import::sync::{Catalog, Payload, RunRequest};
use recovery_store::StoreError;

use crate::directory::blocking;
use crate::{AppError, Directory};

/// How long a sync lease holds without being given back: longer than any run should take,
/// short enough that a replica that died mid-run does not stop the source for long.
pub const LEASE_TTL: Duration = Duration::from_secs(30 * 60);

/// The name of the lease a sync of `source` holds (the scheduler takes the same one).
pub fn lease_name(source: &Source) -> String {
    format!("sync:{}", source.id)
}

/// The index's agency listings, as an HSDS run reads its services against them.
struct IndexCatalog<'a>(&'a Directory);

impl Catalog for IndexCatalog<'_> {
    fn read<R>(&self, read: impl FnOnce(&AgencyCatalog) -> R) -> Result<R, StoreError> {
        Ok(read(&self.0.index().agencies))
    }
}

impl Directory {
    /// Runs `source` once and brings the index up to what it wrote; the run as recorded (a
    /// failed fetch or read is a recorded run with status `failed`, not an error). A run on
    /// request takes the source's lease first (`Conflict` while another sync of it runs); the
    /// scheduler holds the lease already for its own runs.
    pub async fn run_source(
        &self,
        source: &Source,
        payload: Payload,
        trigger: RunTrigger,
        dry_run: bool,
        actor: Actor,
    ) -> Result<ImportRun, AppError> {
        if trigger == RunTrigger::Schedule {
            return self.run_leased(source, payload, trigger, dry_run, actor).await;
        }
        let lease = SyncLease::take(self, source).await?;
        let result = self.run_leased(source, payload, trigger, dry_run, actor).await;
        lease.give_back(self).await;
        result
    }

    /// [`Directory::run_source`] once the lease is held: plan outside the write lock (fetching
    /// and geocoding take long), write under it, then apply to the index.
    async fn run_leased(
        &self,
        source: &Source,
        payload: Payload,
        trigger: RunTrigger,
        dry_run: bool,
        actor: Actor,
    ) -> Result<ImportRun, AppError> {
        let request = RunRequest { source, payload, trigger, dry_run, actor };
        let planned = self.importer().plan(request, &self.validation_context(), &IndexCatalog(self)).await?;
        let _guard = self.lock().await;
        let written = self.importer().write(planned).await?;
        // The index gets each listing at its change-log position, so a newer edit (or the
        // follower having applied these already) is never undone.
        self.apply_all(written.changed.into_iter().map(|(meeting, seq)| (meeting.into(), seq)));
        if written.agencies_written {
            // A batch write reports no positions: read them from the log.
            self.follow().await?;
        }
        Ok(written.run)
    }
}

/// A source's sync lease, held for one run on request. A run whose request is dropped midway
/// (the client went away) gives the lease back as it is dropped, so the source is not locked
/// for the lease's lifetime.
struct SyncLease {
    name: String,
    holder: String,
    store: recovery_store::Store,
    given_back: bool,
}

impl SyncLease {
    /// Takes the lease of `source` for a run, or `Conflict` when a sync of it is running.
    async fn take(directory: &Directory, source: &Source) -> Result<SyncLease, AppError> {
        let (name, holder) = (lease_name(source), format!("run-{}", RunId::new()));
        let (n, h) = (name.clone(), holder.clone());
        let taken = blocking(directory.store(), move |store| store.try_lease(&n, &h, LEASE_TTL)).await?;
        if !taken {
            return Err(AppError::Conflict("a sync of this source is running; try again when it has finished".into()));
        }
        Ok(SyncLease { name, holder, store: directory.store().clone(), given_back: false })
    }

    /// Gives the lease back and waits for it (a failure only logs: the lease expires by
    /// itself).
    async fn give_back(mut self, directory: &Directory) {
        self.given_back = true;
        let (name, holder) = (self.name.clone(), self.holder.clone());
        if let Err(e) = blocking(directory.store(), move |store| store.release_lease(&name, &holder)).await {
            tracing::warn!(error = %e, "could not give a sync lease back; it expires by itself");
        }
    }
}

impl Drop for SyncLease {
    fn drop(&mut self) {
        if self.given_back {
            return;
        }
        let (store, name, holder) =
            (self.store.clone(), std::mem::take(&mut self.name), std::mem::take(&mut self.holder));
        let release = move || {
            if let Err(e) = store.release_lease(&name, &holder) {
                tracing::warn!(error = %e, "could not give a dropped run's sync lease back; it expires by itself");
            }
        };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => drop(runtime.spawn_blocking(release)),
            Err(_) => release(),
        }
    }
}

impl Directory {
    /// Registers a source after checking its settings (kind, URL under the fetch policy's
    /// rules, program, time zone, schedule).
    pub async fn create_source(&self, input: SourceInput, actor: Actor) -> Result<Source, AppError> {
        let data = validate_source(input, &self.validation_context())?;
        self.read(move |store| store.create_source(data, &actor)).await
    }

    /// Replaces a source's settings.
    pub async fn update_source(&self, id: SourceId, input: SourceInput, actor: Actor) -> Result<Source, AppError> {
        let data = validate_source(input, &self.validation_context())?;
        self.read(move |store| store.update_source(id, data, &actor)).await
    }

    /// Deletes a source; the listings it brought stay, no longer followed.
    pub async fn delete_source(&self, id: SourceId, actor: Actor) -> Result<(), AppError> {
        self.read(move |store| store.delete_source(id, &actor)).await
    }
}
