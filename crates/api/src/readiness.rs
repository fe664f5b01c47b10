//! What `/readyz` answers from: the last finding of checks that run in the background, so a
//! probe never waits on the database, whatever it does (a probe that times out tells an
//! orchestrator less than a prompt 503).
//!
//! Two loops, each with at most one check in flight (a hung database parks one blocking thread
//! per loop, never one per probe):
//! - the database check: a ping and the count of pending migrations, every [`CHECK_INTERVAL`],
//!   called unavailable when it takes longer than [`CHECK_TIMEOUT`];
//! - the write check ([`recovery_store::Store::probe_writable`]): SQLite's files, then a
//!   committed heartbeat row, every [`CHECK_INTERVAL`]. Kept apart because it may wait behind a
//!   long write (an import) without that saying anything about readiness.

use std::sync::{PoisonError, RwLock};
use std::time::Duration;

use actix_web::web;
use chrono::{DateTime, SubsecRound, Utc};
use recovery_store::Store;

use crate::state::AppState;

/// How often each check runs.
pub const CHECK_INTERVAL: Duration = Duration::from_secs(1);
/// How long a database check may take before the database is called unavailable.
pub const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

/// What the last database check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Database {
    /// No check has finished yet.
    NotChecked,
    /// The database answered, with this many migrations not applied.
    Answered {
        /// Migrations not applied (0: current).
        pending_migrations: usize,
    },
    /// The database did not answer, or not in time (the reason is in the log).
    Unavailable,
}

/// The last database check: what it found and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Finding {
    /// What it found.
    pub database: Database,
    /// When it finished (`None` before the first one).
    pub checked_at: Option<DateTime<Utc>>,
}

/// The last finding, shared by the check and every probe.
#[derive(Debug)]
pub struct LastCheck(RwLock<Finding>);

impl Default for LastCheck {
    fn default() -> LastCheck {
        LastCheck(RwLock::new(Finding { database: Database::NotChecked, checked_at: None }))
    }
}

impl LastCheck {
    /// The last finding.
    pub fn get(&self) -> Finding {
        *self.0.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn publish(&self, database: Database) {
        let finding = Finding { database, checked_at: Some(Utc::now().trunc_subsecs(3)) };
        *self.0.write().unwrap_or_else(PoisonError::into_inner) = finding;
    }

    /// Checks the database once and publishes the finding, within [`CHECK_TIMEOUT`]. A check
    /// that runs past it is published as unavailable, then awaited: the next one starts only
    /// after it returns.
    pub async fn check(&self, store: &Store) {
        let store = store.clone();
        let mut task = tokio::task::spawn_blocking(move || store.ping().and_then(|()| store.pending_migrations()));
        let database = match tokio::time::timeout(CHECK_TIMEOUT, &mut task).await {
            Ok(Ok(Ok(pending_migrations))) => Database::Answered { pending_migrations },
            Ok(Ok(Err(e))) => {
                // Hosts, ports and driver messages are for the log, not for anonymous callers.
                tracing::warn!(error = %e, "readiness: the database is unavailable");
                Database::Unavailable
            }
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "readiness: the database check did not finish");
                Database::Unavailable
            }
            Err(_) => {
                tracing::warn!(
                    timeout_ms = CHECK_TIMEOUT.as_millis() as u64,
                    "readiness: the database did not answer in time"
                );
                self.publish(Database::Unavailable);
                let _ = task.await;
                return;
            }
        };
        self.publish(database);
    }
}

/// Starts both loops on the current runtime, for as long as the process runs.
pub fn spawn(state: web::Data<AppState>) {
    let database = state.clone();
    actix_web::rt::spawn(async move {
        loop {
            database.last_check.check(database.store()).await;
            actix_web::rt::time::sleep(CHECK_INTERVAL).await;
        }
    });
    actix_web::rt::spawn(async move {
        loop {
            let store = state.store().clone();
            let _ = web::block(move || store.probe_writable()).await;
            actix_web::rt::time::sleep(CHECK_INTERVAL).await;
        }
    });
}

/// True when the store takes writes, as far as anyone can tell without waiting: the database
/// answered its last check, and neither the last write nor the write check was refused.
pub fn writable(state: &AppState) -> bool {
    matches!(state.last_check.get().database, Database::Answered { .. }) && state.store().writable()
}
