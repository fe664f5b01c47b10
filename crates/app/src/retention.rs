//! Retention: problem reporters' emails are erased once older than the configured period
//! (`report_email_retention_days`), by a sweep that runs when the server starts and then
//! hourly. Every replica sweeps; erasing is idempotent, so that is harmless.

use std::time::Duration;

use chrono::{TimeDelta, Utc};
use recovery_store::Store;

use crate::directory::blocking;

/// How often the sweep runs.
pub const SWEEP_INTERVAL: Duration = Duration::from_secs(60 * 60);

/// Starts the sweep on the current runtime: once now, then every [`SWEEP_INTERVAL`].
pub fn spawn(store: Store, retention_days: u32) {
    tokio::spawn(async move {
        // The first tick completes at once.
        let mut interval = tokio::time::interval(SWEEP_INTERVAL);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            sweep(&store, retention_days).await;
        }
    });
}

/// Erases the emails of reports older than `retention_days`, logging how many (never which).
pub async fn sweep(store: &Store, retention_days: u32) {
    let cutoff = Utc::now() - TimeDelta::days(i64::from(retention_days));
    match blocking(store, move |store| store.purge_report_emails(cutoff)).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(erased = n, retention_days, "erased problem reporters' emails past retention"),
        Err(e) => tracing::warn!(error = %e, "could not erase problem reporters' emails; retrying next hour"),
    }
}
