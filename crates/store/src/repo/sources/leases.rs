//! Leases: a named lock with an expiry in the database, so that of several replicas sharing
//! it only one runs a scheduled job at a time, and another takes over when it dies.

use std::time::Duration;

use chrono::TimeDelta;
use diesel::prelude::*;

use crate::Store;
use crate::connection::on_backend;
use crate::convert::{now, to_db_time};
use crate::error::StoreError;
use crate::schema::leases;

impl Store {
    /// Takes or renews the lease `name` for `holder` for `ttl`; false when another holder has
    /// it and it has not expired. One statement per backend, so two replicas never both win.
    ///
    /// The row is created once (an insert that does nothing when it exists); then a single
    /// conditional UPDATE takes it — only when `holder` has it already or it expired — and
    /// the number of rows it changed says who won. The database serializes the two UPDATEs
    /// of a race on the row, and the loser's condition no longer holds.
    pub fn try_lease(&self, name: &str, holder: &str, ttl: Duration) -> Result<bool, StoreError> {
        let at = now();
        let ttl = TimeDelta::from_std(ttl).unwrap_or(TimeDelta::MAX);
        let expires_at = to_db_time(at.checked_add_signed(ttl).unwrap_or(chrono::DateTime::<chrono::Utc>::MAX_UTC));
        let now = to_db_time(at);
        let mut conn = self.conn()?;
        // A fresh row is born expired, so the UPDATE below is the one way to take a lease.
        let blank = (leases::name.eq(name), leases::holder.eq(""), leases::expires_at.eq(now - TimeDelta::seconds(1)));
        on_backend!(&mut *conn, c => diesel::insert_into(leases::table)
            .values(blank)
            .on_conflict(leases::name)
            .do_nothing()
            .execute(c))?;
        let taken = diesel::update(
            leases::table
                .filter(leases::name.eq(name))
                .filter(leases::holder.eq(holder).or(leases::expires_at.lt(now))),
        )
        .set((leases::holder.eq(holder), leases::expires_at.eq(expires_at)))
        .execute(&mut *conn)?;
        Ok(taken == 1)
    }

    /// Gives lease `name` up, if `holder` has it.
    pub fn release_lease(&self, name: &str, holder: &str) -> Result<(), StoreError> {
        diesel::delete(leases::table.filter(leases::name.eq(name)).filter(leases::holder.eq(holder)))
            .execute(&mut *self.conn()?)?;
        Ok(())
    }
}
