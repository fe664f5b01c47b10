//! The geocoding cache: a geocoder's answers by normalized query, so a re-run (or another
//! source with the same address) does not ask the geocoder again.

use diesel::prelude::*;

use super::CachedGeocode;
use crate::Store;
use crate::connection::on_backend;
use crate::convert::source::{geocode_from_row, geocode_row};
use crate::error::StoreError;
use crate::rows::source::GeocodeRow;
use crate::schema::geocode_cache;

impl Store {
    /// The remembered geocoder answer for `query` (normalized by the caller).
    pub fn cached_geocode(&self, query: &str) -> Result<Option<CachedGeocode>, StoreError> {
        let row: Option<GeocodeRow> =
            geocode_cache::table.find(query).select(GeocodeRow::as_select()).first(&mut *self.conn()?).optional()?;
        Ok(row.map(geocode_from_row))
    }

    /// Remembers the geocoder's answer for `query`, replacing an older one (`fetched_at` is
    /// kept to whole microseconds, as both backends store it).
    pub fn cache_geocode(&self, query: &str, answer: &CachedGeocode) -> Result<(), StoreError> {
        let row = geocode_row(query, answer);
        // Not a content write: no change-log entry and no need for the global write lock; one
        // upsert statement is atomic on both backends.
        let mut conn = self.conn()?;
        on_backend!(&mut *conn, c => diesel::insert_into(geocode_cache::table)
            .values(&row)
            .on_conflict(geocode_cache::query)
            .do_update()
            .set(&row)
            .execute(c))?;
        Ok(())
    }
}
