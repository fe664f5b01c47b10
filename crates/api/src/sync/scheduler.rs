//! Scheduled re-syncs: every tick the server asks the store which sources are due, and runs
//! each under a lease row so that, when several replicas share a database, exactly one of them
//! runs a given source. Each source runs in a task of its own (at most [`CONCURRENT_RUNS`] at
//! once), so a slow, failing or hostile source only ever fails its own run.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use actix_web::web;
use chrono::Utc;
use recovery_domain::source::{RunStatus, RunTrigger, Source};
use recovery_domain::{Actor, SourceId};
use recovery_import::sync::Payload;

use crate::state::AppState;

/// At most this many sources sync at once in one process.
pub const CONCURRENT_RUNS: usize = 2;
/// How long a lease holds without being given back: longer than any run should take, short
/// enough that a replica that died mid-run does not stop the source for long.
pub const LEASE_TTL: Duration = Duration::from_secs(30 * 60);

/// This process's name on the leases it takes: unique per process, so two replicas (or two
/// servers on one host) never mistake each other's leases for their own.
fn holder() -> String {
    format!("{}-{:016x}", std::process::id(), rand::random::<u64>())
}

/// The scheduler's state, shared by its tasks.
struct Scheduler {
    state: web::Data<AppState>,
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

/// Starts the scheduler: every `tick`, due sources are run (nothing when `tick` is zero).
pub fn spawn(state: web::Data<AppState>, tick: Duration) {
    if tick.is_zero() {
        tracing::info!("scheduled syncs are off (sync_tick_secs = 0)");
        return;
    }
    let scheduler = Arc::new(Scheduler {
        state,
        holder: holder(),
        running: Mutex::new(HashSet::new()),
        permits: tokio::sync::Semaphore::new(CONCURRENT_RUNS),
    });
    actix_web::rt::spawn(async move {
        loop {
            actix_web::rt::time::sleep(tick).await;
            let store = scheduler.state.store.clone();
            let due = match web::block(move || store.due_sources(Utc::now())).await {
                Ok(Ok(due)) => due,
                Ok(Err(e)) => {
                    tracing::warn!(error = %e, "could not list the sources due a sync");
                    continue;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "the due-sources task failed");
                    continue;
                }
            };
            for source in due {
                if !scheduler.running.lock().unwrap_or_else(PoisonError::into_inner).insert(source.id) {
                    continue;
                }
                let running = Running(scheduler.clone(), source.id);
                actix_web::rt::spawn(async move {
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
    let name = format!("sync:{}", source.id);
    let store = scheduler.state.store.clone();
    let (lease, holder) = (name.clone(), scheduler.holder.clone());
    match web::block(move || store.try_lease(&lease, &holder, LEASE_TTL)).await {
        Ok(Ok(true)) => {}
        Ok(Ok(false)) => return, // another replica runs it
        Ok(Err(e)) => return tracing::warn!(source = %source.id, error = %e, "could not take the sync lease"),
        Err(e) => return tracing::warn!(source = %source.id, error = %e, "the sync lease task failed"),
    }
    let actor = Actor::System("scheduler".into());
    let result = super::run_source(&scheduler.state, &source, Payload::Fetch, RunTrigger::Schedule, false, actor).await;
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
    let store = scheduler.state.store.clone();
    let (id, lease, holder) = (source.id, name, scheduler.holder.clone());
    let done = web::block(move || {
        let scheduled = store.set_next_sync(id, next);
        let released = store.release_lease(&lease, &holder);
        scheduled.and(released)
    })
    .await;
    match done {
        Ok(Ok(())) => {}
        Ok(Err(e)) => tracing::warn!(source = %id, error = %e, "could not reschedule the source or release its lease"),
        Err(e) => tracing::warn!(source = %id, error = %e, "the reschedule task failed"),
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
