//! Leases: one holder at a time, renewals, expiry, release, and a real race.

use std::sync::{Arc, Barrier};
use std::time::Duration;

use recovery_store::Store;

const HOUR: Duration = Duration::from_secs(3_600);

/// Waits until a lease of `ttl` taken before this call has surely expired.
fn outlive(ttl: Duration) {
    std::thread::sleep(ttl + Duration::from_millis(20));
}

on_both_backends! {
    fn one_holder_at_a_time_until_expiry(db) {
        let s = &db.store;
        assert!(s.try_lease("sync", "replica-a", HOUR).unwrap());
        assert!(!s.try_lease("sync", "replica-b", HOUR).unwrap());
        assert!(s.try_lease("sync", "replica-a", HOUR).unwrap(), "the holder renews");
        assert!(s.try_lease("other-job", "replica-b", HOUR).unwrap(), "leases are per name");
        s.release_lease("sync", "replica-b").unwrap();
        assert!(!s.try_lease("sync", "replica-b", HOUR).unwrap(), "only the holder gives it up");
        s.release_lease("sync", "replica-a").unwrap();
        assert!(s.try_lease("sync", "replica-b", Duration::from_millis(1)).unwrap());
        outlive(Duration::from_millis(1));
        assert!(s.try_lease("sync", "replica-a", HOUR).unwrap(), "an expired lease is free");
        assert!(!s.try_lease("sync", "replica-b", HOUR).unwrap());
    }

    fn racing_replicas_never_both_win(db) {
        for round in 0..5 {
            let name = format!("race-{round}");
            let threads = 8;
            let barrier = Arc::new(Barrier::new(threads));
            let winners: Vec<bool> = (0..threads)
                .map(|i| {
                    // Each "replica" has a store (a pool) of its own, as separate processes would.
                    let store = Store::open(&db.url).unwrap();
                    let (barrier, name) = (barrier.clone(), name.clone());
                    std::thread::spawn(move || {
                        barrier.wait();
                        store.try_lease(&name, &format!("replica-{i}"), HOUR).unwrap()
                    })
                })
                .collect::<Vec<_>>()
                .into_iter()
                .map(|t| t.join().unwrap())
                .collect();
            assert_eq!(winners.iter().filter(|w| **w).count(), 1, "round {round}: {winners:?}");
        }
    }
}
