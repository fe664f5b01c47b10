//! Refresh tokens (rotation, reuse, concurrency) and the sign-in throttle.

use std::sync::Barrier;

use chrono::{DateTime, SubsecRound, TimeDelta, Utc};
use recovery_domain::user::UserChanges;
use recovery_domain::{Role, User};
use recovery_store::testing::execute_sql;
use recovery_store::{RefreshOutcome, RefreshRefusal, ThrottlePolicy};

use crate::harness::{TestDb, staff, system};

const POLICY: ThrottlePolicy =
    ThrottlePolicy { max_failures: 5, window: TimeDelta::minutes(15), lockout: TimeDelta::minutes(15) };

fn later() -> DateTime<Utc> {
    Utc::now() + TimeDelta::days(30)
}

fn editor(db: &TestDb) -> User {
    db.store.create_user("editor@example.org", "h", Role::Editor, &system()).unwrap()
}

fn refused(why: RefreshRefusal) -> RefreshOutcome {
    RefreshOutcome::Refused(why)
}

on_both_backends! {
    fn a_refresh_token_is_exchanged_once(db) {
        let user = editor(db);
        db.store.issue_refresh_token(user.id, "a", later()).unwrap();
        assert_eq!(db.store.rotate_refresh_token("a", "b", later()).unwrap(), RefreshOutcome::Rotated(user.clone()));
        assert_eq!(db.store.rotate_refresh_token("b", "c", later()).unwrap(), RefreshOutcome::Rotated(user.clone()));
        assert_eq!(db.store.rotate_refresh_token("c", "d", later()).unwrap(), RefreshOutcome::Rotated(user));
    }

    fn reusing_a_token_revokes_its_family_only(db) {
        let user = editor(db);
        db.store.issue_refresh_token(user.id, "a", later()).unwrap();
        db.store.issue_refresh_token(user.id, "other-session", later()).unwrap();
        assert!(matches!(db.store.rotate_refresh_token("a", "b", later()).unwrap(), RefreshOutcome::Rotated(_)));
        // A thief replays `a`: refused, and the family (with `b`, the holder's current token) dies.
        assert_eq!(db.store.rotate_refresh_token("a", "x", later()).unwrap(), refused(RefreshRefusal::Reused));
        assert_eq!(db.store.rotate_refresh_token("b", "c", later()).unwrap(), refused(RefreshRefusal::Revoked));
        assert_eq!(db.store.rotate_refresh_token("x", "y", later()).unwrap(), refused(RefreshRefusal::Unknown));
        assert_eq!(db.store.rotate_refresh_token("a", "z", later()).unwrap(), refused(RefreshRefusal::Revoked));
        // Another sign-in of the same user is untouched.
        assert!(matches!(
            db.store.rotate_refresh_token("other-session", "o2", later()).unwrap(),
            RefreshOutcome::Rotated(_)
        ));
    }

    fn unknown_and_expired_tokens_are_refused(db) {
        let user = editor(db);
        assert_eq!(db.store.rotate_refresh_token("nope", "b", later()).unwrap(), refused(RefreshRefusal::Unknown));
        db.store.issue_refresh_token(user.id, "old", Utc::now() - TimeDelta::seconds(1)).unwrap();
        assert_eq!(db.store.rotate_refresh_token("old", "b", later()).unwrap(), refused(RefreshRefusal::Expired));
        assert_eq!(db.store.rotate_refresh_token("b", "c", later()).unwrap(), refused(RefreshRefusal::Unknown));
        // Issuing removes expired tokens.
        db.store.issue_refresh_token(user.id, "new", later()).unwrap();
        assert_eq!(db.store.rotate_refresh_token("old", "b", later()).unwrap(), refused(RefreshRefusal::Unknown));
    }

    fn signing_out_revokes_the_family(db) {
        let user = editor(db);
        db.store.issue_refresh_token(user.id, "a", later()).unwrap();
        db.store.rotate_refresh_token("a", "b", later()).unwrap();
        assert_eq!(db.store.revoke_refresh_token("b").unwrap(), None);
        assert_eq!(db.store.rotate_refresh_token("b", "c", later()).unwrap(), refused(RefreshRefusal::Revoked));
        assert_eq!(db.store.revoke_refresh_token("b").unwrap(), Some(RefreshRefusal::Revoked));
        assert_eq!(db.store.revoke_refresh_token("nope").unwrap(), Some(RefreshRefusal::Unknown));
    }

    fn tokens_of_deactivated_users_are_refused(db) {
        db.store.create_user("admin@example.org", "h", Role::Admin, &system()).unwrap();
        let user = editor(db);
        let off = UserChanges { active: Some(false), ..UserChanges::default() };
        db.store.update_user(user.id, &off, &staff()).unwrap();
        // Issued after the deactivation (a sign-in racing it): still refused, and revoked.
        db.store.issue_refresh_token(user.id, "a", later()).unwrap();
        assert_eq!(db.store.rotate_refresh_token("a", "b", later()).unwrap(), refused(RefreshRefusal::Inactive));
        assert_eq!(db.store.rotate_refresh_token("a", "b", later()).unwrap(), refused(RefreshRefusal::Revoked));
    }

    fn concurrent_exchanges_of_one_token_have_one_winner(db) {
        let user = editor(db);
        for round in 0..8 {
            let presented = format!("token-{round}");
            db.store.issue_refresh_token(user.id, &presented, later()).unwrap();
            let barrier = Barrier::new(2);
            let outcomes: Vec<RefreshOutcome> = std::thread::scope(|s| {
                let racers: Vec<_> = (0..2)
                    .map(|racer| {
                        let (store, barrier, presented) = (db.store.clone(), &barrier, &presented);
                        s.spawn(move || {
                            barrier.wait();
                            store.rotate_refresh_token(presented, &format!("{presented}-next-{racer}"), later()).unwrap()
                        })
                    })
                    .collect();
                racers.into_iter().map(|r| r.join().unwrap()).collect()
            });
            let winners = outcomes.iter().filter(|o| matches!(o, RefreshOutcome::Rotated(_))).count();
            assert_eq!(winners, 1, "round {round}: {outcomes:?}");
            assert!(outcomes.contains(&refused(RefreshRefusal::Reused)), "round {round}: {outcomes:?}");
            // The loser presented a used token: the family is revoked, the winner's successor too.
            for racer in 0..2 {
                let next = format!("{presented}-next-{racer}");
                let outcome = db.store.rotate_refresh_token(&next, "after", later()).unwrap();
                assert!(
                    matches!(outcome, RefreshOutcome::Refused(RefreshRefusal::Revoked | RefreshRefusal::Unknown)),
                    "round {round}: {next}: {outcome:?}"
                );
            }
        }
    }

    fn failures_lock_a_key_after_the_limit(db) {
        let t0 = Utc::now().trunc_subsecs(6);
        let key = ["account:k"];
        for i in 0..4 {
            let at = t0 + TimeDelta::seconds(i);
            assert_eq!(db.store.record_sign_in_failure(&key, POLICY, at).unwrap(), None, "failure {}", i + 1);
            assert_eq!(db.store.sign_in_locked_until(&key, at).unwrap(), None);
        }
        let fifth = t0 + TimeDelta::seconds(10);
        let until = fifth + POLICY.lockout;
        assert_eq!(db.store.record_sign_in_failure(&key, POLICY, fifth).unwrap(), Some(until));
        assert_eq!(db.store.sign_in_locked_until(&key, fifth).unwrap(), Some(until));
        assert_eq!(db.store.sign_in_locked_until(&key, until - TimeDelta::seconds(1)).unwrap(), Some(until));
        // Failures during the lockout do not extend it.
        assert_eq!(db.store.record_sign_in_failure(&key, POLICY, fifth + TimeDelta::minutes(5)).unwrap(), Some(until));
        assert_eq!(db.store.sign_in_locked_until(&key, until).unwrap(), None, "over at `until`");
        // After the lockout a failure starts a new window.
        let after = until + TimeDelta::seconds(1);
        for i in 0..4 {
            let at = after + TimeDelta::seconds(i);
            assert_eq!(db.store.record_sign_in_failure(&key, POLICY, at).unwrap(), None, "new window, failure {}", i + 1);
        }
        assert!(db.store.record_sign_in_failure(&key, POLICY, after + TimeDelta::seconds(5)).unwrap().is_some());
    }

    fn failures_outside_the_window_start_over(db) {
        let t0 = Utc::now().trunc_subsecs(6);
        let key = ["account:k"];
        for i in 0..4 {
            db.store.record_sign_in_failure(&key, POLICY, t0 + TimeDelta::minutes(i)).unwrap();
        }
        // Fifteen minutes after the first failure, the window is over: this is failure 1 again.
        let t1 = t0 + POLICY.window;
        for i in 0..4 {
            assert_eq!(db.store.record_sign_in_failure(&key, POLICY, t1 + TimeDelta::seconds(i)).unwrap(), None);
        }
        assert!(db.store.record_sign_in_failure(&key, POLICY, t1 + TimeDelta::seconds(4)).unwrap().is_some());
    }

    fn each_key_counts_and_clears_on_its_own(db) {
        let t0 = Utc::now().trunc_subsecs(6);
        let (account_a, account_b, address) = ("account:a", "account:b", "address:x");
        for i in 0..3 {
            db.store.record_sign_in_failure(&[account_a, address], POLICY, t0 + TimeDelta::seconds(i)).unwrap();
        }
        db.store.clear_sign_in_failures(account_a).unwrap();
        db.store.clear_sign_in_failures("account:never-failed").unwrap();
        // The address kept its three; two more (on another account) lock it, not account a.
        assert_eq!(db.store.record_sign_in_failure(&[account_b, address], POLICY, t0 + TimeDelta::seconds(3)).unwrap(), None);
        let locked = db.store.record_sign_in_failure(&[account_b, address], POLICY, t0 + TimeDelta::seconds(4)).unwrap();
        assert_eq!(locked, Some(t0 + TimeDelta::seconds(4) + POLICY.lockout));
        let at = t0 + TimeDelta::seconds(5);
        assert_eq!(db.store.sign_in_locked_until(&[account_a], at).unwrap(), None);
        assert_eq!(db.store.sign_in_locked_until(&[account_b], at).unwrap(), None, "b failed only twice");
        assert_eq!(db.store.sign_in_locked_until(&[account_a, address], at).unwrap(), locked);
        // Clearing a lockout (a success on that key) lifts it.
        db.store.clear_sign_in_failures(address).unwrap();
        assert_eq!(db.store.sign_in_locked_until(&[account_a, address], at).unwrap(), None);
    }

    fn idle_counters_are_forgotten(db) {
        let t0 = Utc::now().trunc_subsecs(6);
        db.store.record_sign_in_failure(&["account:old"], POLICY, t0).unwrap();
        let much_later = t0 + POLICY.window + POLICY.lockout + TimeDelta::seconds(1);
        db.store.record_sign_in_failure(&["account:new"], POLICY, much_later).unwrap();
        // The old counter's row is gone: inserting its key again does not clash.
        let insert = |key: &str| {
            execute_sql(
                &db.store,
                &format!("INSERT INTO sign_in_throttle (key, failures, window_start) VALUES ('{key}', 1, '2026-01-01 00:00:00')"),
            )
        };
        insert("account:old").unwrap();
        assert!(insert("account:new").is_err(), "the fresh counter stays");
    }
}
