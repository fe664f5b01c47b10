//! Import runs and the geocoding cache round-trip.

use chrono::{SubsecRound, TimeDelta, Utc};
use recovery_domain::RunId;
use recovery_domain::source::{RunCounts, RunItem, RunStatus, RunTrigger};
use recovery_store::{CachedGeocode, StoreError};

use crate::harness::system;
use crate::support::{run, source};

on_both_backends! {
    fn runs_round_trip_newest_first(db) {
        let src = source(&db.store);
        let t0 = Utc::now().trunc_subsecs(6);
        let mut failed = run(&src, RunCounts::default());
        failed.status = RunStatus::Failed;
        failed.trigger = RunTrigger::Schedule;
        failed.error = Some("HTTP 503 from https://example.org/feed".into());
        failed.started_at = t0 - TimeDelta::minutes(10);
        failed.finished_at = t0 - TimeDelta::minutes(9);
        failed.warnings.clear();
        let mut dry = run(&src, RunCounts {
            source_records: 7, added: 1, updated: 2, unchanged: 3, archived: 4, rejected: 5, conflicts: 6, flagged: 8,
        });
        dry.dry_run = true;
        dry.trigger = RunTrigger::Cli;
        dry.started_at = t0;
        dry.finished_at = t0 + TimeDelta::seconds(2);
        let item = |n: u64| RunItem {
            position: Some(n),
            key: Some(format!("k{n}")),
            listing_id: Some(uuid::Uuid::new_v4()),
            reason: format!("reason {n} — \"quoted\""),
        };
        dry.rejected = vec![item(1), RunItem { position: None, key: None, listing_id: None, reason: "x".into() }];
        dry.conflicts = vec![item(2)];
        dry.flagged = vec![item(3), item(4)];
        dry.warnings = vec![item(5)];
        db.store.record_run(&failed).unwrap();
        db.store.record_run(&dry).unwrap();
        assert_eq!(db.store.get_run(dry.id).unwrap(), dry);
        assert_eq!(db.store.get_run(failed.id).unwrap(), failed);
        assert_eq!(db.store.list_runs(src.id, 10).unwrap(), [dry.clone(), failed.clone()]);
        assert_eq!(db.store.list_runs(src.id, 1).unwrap(), [dry.clone()]);
        assert_eq!(db.store.get_run(RunId::new()), Err(StoreError::NotFound));

        // The runs outlive their source.
        db.store.delete_source(src.id, &system()).unwrap();
        let orphan = db.store.get_run(dry.id).unwrap();
        assert_eq!(orphan.source_id, None);
        assert_eq!(orphan.counts, dry.counts);
        assert_eq!(db.store.list_runs(src.id, 10).unwrap(), []);
    }

    fn the_geocoding_cache_remembers_hits_and_misses(db) {
        let at = Utc::now().trunc_subsecs(6);
        assert_eq!(db.store.cached_geocode("1 main st, town").unwrap(), None);
        let hit = CachedGeocode { point: Some((39.952_583_123_4, -75.165_222_987_6)), approximate: false, fetched_at: at };
        let miss = CachedGeocode { point: None, approximate: false, fetched_at: at };
        db.store.cache_geocode("1 main st, town", &hit).unwrap();
        db.store.cache_geocode("nowhere", &miss).unwrap();
        assert_eq!(db.store.cached_geocode("1 main st, town").unwrap(), Some(hit));
        assert_eq!(db.store.cached_geocode("nowhere").unwrap(), Some(miss));
        let town = CachedGeocode { point: Some((40.0, -75.0)), approximate: true, fetched_at: at + TimeDelta::days(1) };
        db.store.cache_geocode("1 main st, town", &town).unwrap();
        assert_eq!(db.store.cached_geocode("1 main st, town").unwrap(), Some(town));
    }
}
