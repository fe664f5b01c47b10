//! The sign-in throttle: failed sign-ins counted per key (an account, a client address) in
//! the database, so every replica sees the same counts.
//!
//! A key's counter runs in a window that starts at its first failure; reaching
//! [`ThrottlePolicy::max_failures`] within [`ThrottlePolicy::window`] locks the key for
//! [`ThrottlePolicy::lockout`]. While locked, failures are not counted (the lockout is not
//! extended); the first failure after a lockout, or after the window, starts a new window.
//! Keys are opaque here: the caller decides what they are (and hashes what is private).

use chrono::{DateTime, NaiveDateTime, SubsecRound, TimeDelta, Utc};
use diesel::prelude::*;

use crate::Store;
use crate::convert::{from_db_time, to_db_time};
use crate::error::StoreError;
use crate::rows::auth::{NewThrottleRow, ThrottleChangeset, ThrottleRow};
use crate::schema::sign_in_throttle;

/// How many failures lock a key, within what window, for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Failures within `window` that lock the key.
    pub max_failures: u32,
    /// How long failures are counted together.
    pub window: TimeDelta,
    /// How long a locked key stays locked.
    pub lockout: TimeDelta,
}

impl Store {
    /// The latest lockout among `keys` that is still in force at `at`.
    pub fn sign_in_locked_until(&self, keys: &[&str], at: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, StoreError> {
        let until: Option<NaiveDateTime> = sign_in_throttle::table
            .filter(sign_in_throttle::key.eq_any(keys).and(sign_in_throttle::locked_until.gt(to_db_time(at))))
            .select(diesel::dsl::max(sign_in_throttle::locked_until))
            .first::<Option<NaiveDateTime>>(&mut *self.conn()?)?;
        Ok(until.map(from_db_time))
    }

    /// Counts one failed sign-in at `at` against each of `keys`, and returns the latest lockout
    /// among them in force at `at` (the one this failure caused, or an earlier one). Counters
    /// idle for longer than a window and a lockout are deleted on the way.
    pub fn record_sign_in_failure(
        &self,
        keys: &[&str],
        policy: ThrottlePolicy,
        at: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, StoreError> {
        // Whole microseconds, as both backends store them, so the answer equals what is stored.
        let at = at.trunc_subsecs(6);
        let now = to_db_time(at);
        self.write(|conn| {
            let stale = to_db_time(at - policy.window - policy.lockout);
            diesel::delete(sign_in_throttle::table.filter(sign_in_throttle::window_start.lt(stale))).execute(conn)?;
            let mut latest: Option<NaiveDateTime> = None;
            for key in keys {
                let row: Option<ThrottleRow> =
                    sign_in_throttle::table.find(key).select(ThrottleRow::as_select()).first(conn).optional()?;
                let locked_until = match row {
                    None => {
                        let locked_until = lock(1, now, policy);
                        let first = NewThrottleRow { key, failures: 1, window_start: now, locked_until };
                        diesel::insert_into(sign_in_throttle::table).values(first).execute(conn)?;
                        locked_until
                    }
                    Some(row) if row.locked_until.is_some_and(|until| until > now) => row.locked_until,
                    Some(row) => {
                        let fresh = row.locked_until.is_some() || now - row.window_start >= policy.window;
                        let (failures, window_start) =
                            if fresh { (1, now) } else { (row.failures.saturating_add(1), row.window_start) };
                        let locked_until = lock(failures, now, policy);
                        diesel::update(sign_in_throttle::table.find(key))
                            .set(ThrottleChangeset { failures, window_start, locked_until })
                            .execute(conn)?;
                        locked_until
                    }
                };
                latest = latest.max(locked_until);
            }
            Ok(latest.map(from_db_time))
        })
    }

    /// Forgets the failures counted against `key` (a successful sign-in), lockout included.
    pub fn clear_sign_in_failures(&self, key: &str) -> Result<(), StoreError> {
        let exists: i64 =
            sign_in_throttle::table.filter(sign_in_throttle::key.eq(key)).count().get_result(&mut *self.conn()?)?;
        if exists == 0 {
            // The common case: no write transaction (and no write lock) for a clean sign-in.
            return Ok(());
        }
        self.write(|conn| {
            diesel::delete(sign_in_throttle::table.find(key)).execute(conn)?;
            Ok(())
        })
    }
}

/// The lockout that `failures` failures in one window cause at `now`, if any.
fn lock(failures: i32, now: NaiveDateTime, policy: ThrottlePolicy) -> Option<NaiveDateTime> {
    (i64::from(failures) >= i64::from(policy.max_failures)).then(|| now + policy.lockout)
}
