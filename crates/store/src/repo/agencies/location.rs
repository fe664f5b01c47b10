//! Locations: create, replace, delete.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use recovery_domain::agency::{LOCATION, Location, LocationData};
use recovery_domain::{Actor, LocationId};

use super::AgencyBatch;
use super::checks::{Fields, check};
use super::write::{Kind, Mode, delete_one, write_one};
use crate::Store;
use crate::connection::{DbConnection, on_backend};
use crate::convert::agency::{location_from_row, location_row};
use crate::error::StoreError;
use crate::repo::INSERT_BATCH;
use crate::rows::agency::LocationRow;
use crate::schema::{locations, service_locations};

/// The `locations` table for the generic write path.
pub(super) struct Locations;

impl Kind for Locations {
    type Id = LocationId;
    type Data = LocationData;
    type Row = LocationRow;
    type Entity = Location;
    const ENTITY: &'static str = LOCATION;

    fn row(
        id: LocationId,
        data: &LocationData,
        created_at: DateTime<Utc>,
        updated_at: DateTime<Utc>,
    ) -> Result<LocationRow, StoreError> {
        location_row(id, data, created_at, updated_at)
    }

    fn created_at(row: &LocationRow) -> NaiveDateTime {
        row.created_at
    }

    fn same(stored: &LocationRow, new: &LocationRow) -> bool {
        stored.data == new.data
    }

    fn entity(row: LocationRow) -> Result<Location, StoreError> {
        location_from_row(row)
    }

    fn load(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<(String, LocationRow)>, StoreError> {
        let rows: Vec<LocationRow> =
            locations::table.filter(locations::id.eq_any(ids)).select(LocationRow::as_select()).load(conn)?;
        Ok(rows.into_iter().map(|r| (r.id.clone(), r)).collect())
    }

    fn insert(conn: &mut DbConnection, rows: &[LocationRow]) -> Result<(), StoreError> {
        for batch in rows.chunks(INSERT_BATCH) {
            on_backend!(conn, c => diesel::insert_into(locations::table).values(batch).execute(c))?;
        }
        Ok(())
    }

    fn update(conn: &mut DbConnection, row: LocationRow) -> Result<(), StoreError> {
        let id = row.id.clone();
        diesel::update(locations::table.find(id)).set(row.changeset()).execute(conn)?;
        Ok(())
    }

    fn remove(conn: &mut DbConnection, id: &str) -> Result<(), StoreError> {
        diesel::delete(locations::table.find(id)).execute(conn)?;
        Ok(())
    }
}

impl Store {
    /// Stores a new location and logs it; returns it with the change's `seq`.
    ///
    /// A taken id is `Conflict { field: "id" }`; an `organization_id` that is not stored is
    /// `Reference`.
    pub fn create_location(
        &self,
        id: LocationId,
        data: LocationData,
        actor: &Actor,
    ) -> Result<(Location, i64), StoreError> {
        let batch = AgencyBatch { locations: vec![(id, data)], ..AgencyBatch::default() };
        self.write(|conn| {
            check(conn, &batch, Fields::Plain)?;
            write_one::<Locations>(conn, &batch.locations[0], Mode::Create, actor)
        })
    }

    /// Replaces location `id`'s content (as [`Store::update_organization`] does).
    pub fn update_location(
        &self,
        id: LocationId,
        data: LocationData,
        actor: &Actor,
    ) -> Result<(Location, i64), StoreError> {
        let batch = AgencyBatch { locations: vec![(id, data)], ..AgencyBatch::default() };
        self.write(|conn| {
            check(conn, &batch, Fields::Plain)?;
            write_one::<Locations>(conn, &batch.locations[0], Mode::Update, actor)
        })
    }

    /// Deletes location `id` and logs it; returns the change's `seq`. Refused with
    /// `Conflict { field: "id" }` while a service is delivered there.
    pub fn delete_location(&self, id: LocationId, actor: &Actor) -> Result<i64, StoreError> {
        self.write(|conn| {
            delete_one::<Locations>(conn, id, actor, |conn, key| {
                let used: i64 =
                    service_locations::table.filter(service_locations::location_id.eq(key)).count().get_result(conn)?;
                Ok((used > 0).then_some("services are still delivered at this location"))
            })
        })
    }
}
