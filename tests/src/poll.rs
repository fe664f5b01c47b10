//! Waiting for something that happens soon (a change-log follower, a feed rebuild) without
//! sleeping blindly: check often, give up at a deadline.

use std::future::Future;
use std::time::{Duration, Instant};

/// How long a write may take to reach another server through the change log.
pub const REPLICATION_DEADLINE: Duration = Duration::from_secs(2);

/// Calls `check` every 20 ms until it returns `Some`, and returns that; panics with `what`
/// after `deadline`.
pub async fn eventually<T, F, Fut>(deadline: Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let start = Instant::now();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        if start.elapsed() > deadline {
            panic!("{what}: not seen within {deadline:?}");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
