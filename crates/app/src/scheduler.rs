//! Scheduled re-syncs: every tick the server asks the store which sources are due, and runs
//! each under a lease row so that, when several replicas share a database, exactly one of them
//! runs a given source. Each source runs in a task of its own (at most [`CONCURRENT_RUNS`] at
//! once), so a slow, failing or hostile source only ever fails its own run.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chrono::Utc;
use recovery_domain::source::{RunStatus, RunTrigger, Source};
use recovery_domain::{Actor, SourceId};
use recovery_import::sync::Payload;

use crate::Directory;
use crate::directory::blocking;
use crate::sources::{LEASE_TTL, lease_name};

/// At most this many sources sync at once in one process.
pub const CONCURRENT_RUNS: usize = 2;

/// This process's name on the leases it takes: unique per process, so two replicas (or two
/// servers on one host) never mistake each other's leases for their own.
fn holder() -> String {
    format!("{}-{:016x}", std::process::id(), rand::random::<u64>())
}

/// The scheduler's state, shared by its tasks.
struct Scheduler {
    directory: Arc<Directory>,
    holder: String,
    /// Sources running in this process: a source still running at the next tick is skipped
    /// (the lease alone would let this process run it twice, being its holder).
    running: Mutex<HashSet<SourceId>>,
    permits: tokio::sync::Semaphore,
}

/// Takes `id` out of the running set when its task ends, however it ends.
struct Running(Arc<Scheduler>, SourceId);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.running.lock().unwrap_or_else(PoisonError::into_inner).remove(&self.1);
    }
}

/// Starts the scheduler on the current runtime: every `tick`, due sources are run (nothing
/// when `tick` is zero).
pub fn spawn(directory: Arc<Directory>, tick: Duration) {
    if tick.is_zero() {
        tracing::info!("scheduled syncs are off (sync_tick_secs = 0)");
        return;
    }
    let scheduler = Arc::new(Scheduler {
        directory,
        holder: holder(),
        running: Mutex::new(HashSet::new()),
        permits: tokio::sync::Semaphore::new(CONCURRENT_RUNS),
    });
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(tick).await;
            let due = match scheduler.directory.read(|store| store.due_sources(Utc::now())).await {
                Ok(due) => due,
                Err(e) => {
                    tracing::warn!(error = %e, "could not list the sources due a sync");
                    continue;
                }
            };
            for source in due {
                if !scheduler.running.lock().unwrap_or_else(PoisonError::into_inner).insert(source.id) {
                    continue;
                }
                let running = Running(scheduler.clone(), source.id);
                tokio::spawn(async move {
                    run_due(&running.0, source).await;
                    drop(running);
                });
            }
        }
    });
}

/// The next sync time after one at `now`: the interval plus up to a tenth of it at random, so
/// sources registered together do not all fetch at the same moment for ever after.
pub fn next_sync(now: chrono::DateTime<Utc>, interval_minutes: u32) -> chrono::DateTime<Utc> {
    let interval = i64::from(interval_minutes) * 60;
    let jitter = rand::random_range(0..=interval / 10);
    now + chrono::Duration::seconds(interval + jitter)
}

/// Runs one due source if this process gets its lease; logs the outcome, never panics.
async fn run_due(scheduler: &Scheduler, source: Source) {
    let Ok(_permit) = scheduler.permits.acquire().await else { return };
    let name = lease_name(&source);
    let directory = &scheduler.directory;
    let (lease, holder) = (name.clone(), scheduler.holder.clone());
    match directory.read(move |store| store.try_lease(&lease, &holder, LEASE_TTL)).await {
        Ok(true) => {}
        Ok(false) => return, // another replica runs it
        Err(e) => return tracing::warn!(source = %source.id, error = %e, "could not take the sync lease"),
    }
    let actor = Actor::System("scheduler".into());
    let result = directory.run_source(&source, Payload::Fetch, RunTrigger::Schedule, false, actor).await;
    match &result {
        Ok(run) if run.status == RunStatus::Succeeded => tracing::info!(
            source = %source.id, name = %source.data.name, run = %run.id,
            added = run.counts.added, updated = run.counts.updated, unchanged = run.counts.unchanged,
            archived = run.counts.archived, rejected = run.counts.rejected, conflicts = run.counts.conflicts,
            "scheduled sync succeeded"
        ),
        Ok(run) => tracing::warn!(
            source = %source.id, name = %source.data.name, run = %run.id,
            error = run.error.as_deref().unwrap_or("unknown"), "scheduled sync failed"
        ),
        Err(e) => {
            tracing::warn!(source = %source.id, name = %source.data.name, error = %e, "scheduled sync could not run")
        }
    }
    // Rescheduled even after a failure: a broken source is retried on its interval, not every
    // tick.
    let next = source.data.interval_minutes.map(|minutes| next_sync(Utc::now(), minutes));
    let (id, lease, holder) = (source.id, name, scheduler.holder.clone());
    let done = blocking(directory.store(), move |store| {
        let scheduled = store.set_next_sync(id, next);
        let released = store.release_lease(&lease, &holder);
        scheduled.and(released)
    })
    .await;
    if let Err(e) = done {
        tracing::warn!(source = %id, error = %e, "could not reschedule the source or release its lease");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_syncs_are_the_interval_plus_at_most_a_tenth() {
        let now = Utc::now();
        for _ in 0..200 {
            let next = next_sync(now, 60);
            let waited = (next - now).num_seconds();
            assert!((3_600..=3_960).contains(&waited), "{waited}");
        }
    }

    #[test]
    fn holders_differ() {
        assert_ne!(holder(), holder());
    }
}
