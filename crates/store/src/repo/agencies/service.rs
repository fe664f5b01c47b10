//! Services: create, replace, delete; with the link rows that record where each is delivered
//! and its categories.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use recovery_domain::agency::{SERVICE, Service, ServiceData};
use recovery_domain::{Actor, ServiceId};

use super::AgencyBatch;
use super::checks::{Fields, check};
use super::write::{Kind, LOOKUP_BATCH, Mode, delete_one, write_one};
use crate::Store;
use crate::connection::{DbConnection, on_backend};
use crate::convert::agency::{service_from_row, service_links, service_row};
use crate::error::StoreError;
use crate::repo::INSERT_BATCH;
use crate::rows::agency::ServiceRow;
use crate::schema::{service_categories, service_locations, services};

/// The `services` table (and its links) for the generic write path.
pub(super) struct Services;

impl Kind for Services {
    type Id = ServiceId;
    type Data = ServiceData;
    type Row = ServiceRow;
    type Entity = Service;
    const ENTITY: &'static str = SERVICE;

    fn row(
        id: ServiceId,
        data: &ServiceData,
        created_at: DateTime<Utc>,
        updated_at: DateTime<Utc>,
    ) -> Result<ServiceRow, StoreError> {
        service_row(id, data, created_at, updated_at)
    }

    fn created_at(row: &ServiceRow) -> NaiveDateTime {
        row.created_at
    }

    fn same(stored: &ServiceRow, new: &ServiceRow) -> bool {
        stored.data == new.data
    }

    fn entity(row: ServiceRow) -> Result<Service, StoreError> {
        service_from_row(row)
    }

    fn load(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<(String, ServiceRow)>, StoreError> {
        let rows: Vec<ServiceRow> =
            services::table.filter(services::id.eq_any(ids)).select(ServiceRow::as_select()).load(conn)?;
        Ok(rows.into_iter().map(|r| (r.id.clone(), r)).collect())
    }

    fn insert(conn: &mut DbConnection, rows: &[ServiceRow]) -> Result<(), StoreError> {
        for batch in rows.chunks(INSERT_BATCH) {
            on_backend!(conn, c => diesel::insert_into(services::table).values(batch).execute(c))?;
        }
        Ok(())
    }

    fn update(conn: &mut DbConnection, row: ServiceRow) -> Result<(), StoreError> {
        let id = row.id.clone();
        diesel::update(services::table.find(id)).set(row.changeset()).execute(conn)?;
        Ok(())
    }

    fn remove(conn: &mut DbConnection, id: &str) -> Result<(), StoreError> {
        // The links go with it (ON DELETE CASCADE).
        diesel::delete(services::table.find(id)).execute(conn)?;
        Ok(())
    }

    fn relink(
        conn: &mut DbConnection,
        written: &[(ServiceId, &ServiceData)],
        replaced: &[String],
    ) -> Result<(), StoreError> {
        for chunk in replaced.chunks(LOOKUP_BATCH) {
            diesel::delete(service_locations::table.filter(service_locations::service_id.eq_any(chunk)))
                .execute(conn)?;
            diesel::delete(service_categories::table.filter(service_categories::service_id.eq_any(chunk)))
                .execute(conn)?;
        }
        let (mut places, mut categories) = (Vec::new(), Vec::new());
        for (id, data) in written {
            let (p, c) = service_links(*id, data);
            places.extend(p);
            categories.extend(c);
        }
        for batch in places.chunks(INSERT_BATCH) {
            on_backend!(conn, c => diesel::insert_into(service_locations::table).values(batch).execute(c))?;
        }
        for batch in categories.chunks(INSERT_BATCH) {
            on_backend!(conn, c => diesel::insert_into(service_categories::table).values(batch).execute(c))?;
        }
        Ok(())
    }
}

impl Store {
    /// Stores a new service and logs it; returns it with the change's `seq`.
    ///
    /// A taken id is `Conflict { field: "id" }`; an `organization_id`, a
    /// `service_at_locations[i].location_id` or a `categories[i]` that is not stored is
    /// `Reference` naming that field.
    pub fn create_service(
        &self,
        id: ServiceId,
        data: ServiceData,
        actor: &Actor,
    ) -> Result<(Service, i64), StoreError> {
        let batch = AgencyBatch { services: vec![(id, data)], ..AgencyBatch::default() };
        self.write(|conn| {
            check(conn, &batch, Fields::Plain)?;
            write_one::<Services>(conn, &batch.services[0], Mode::Create, actor)
        })
    }

    /// Replaces service `id`'s content (as [`Store::update_organization`] does).
    pub fn update_service(
        &self,
        id: ServiceId,
        data: ServiceData,
        actor: &Actor,
    ) -> Result<(Service, i64), StoreError> {
        let batch = AgencyBatch { services: vec![(id, data)], ..AgencyBatch::default() };
        self.write(|conn| {
            check(conn, &batch, Fields::Plain)?;
            write_one::<Services>(conn, &batch.services[0], Mode::Update, actor)
        })
    }

    /// Deletes service `id` (and where it is delivered, and its categories) and logs it;
    /// returns the change's `seq`.
    pub fn delete_service(&self, id: ServiceId, actor: &Actor) -> Result<i64, StoreError> {
        self.write(|conn| delete_one::<Services>(conn, id, actor, |_, _| Ok(None)))
    }
}
