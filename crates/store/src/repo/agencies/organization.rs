//! Organizations (agencies): create, replace, delete.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use recovery_domain::agency::{ORGANIZATION, Organization, OrganizationData};
use recovery_domain::{Actor, OrganizationId};

use super::AgencyBatch;
use super::checks::{Fields, check};
use super::write::{Kind, Mode, delete_one, write_one};
use crate::Store;
use crate::connection::{DbConnection, on_backend};
use crate::convert::agency::{organization_from_row, organization_row};
use crate::error::StoreError;
use crate::repo::INSERT_BATCH;
use crate::rows::agency::OrganizationRow;
use crate::schema::{locations, organizations, services};

/// The `organizations` table for the generic write path.
pub(super) struct Organizations;

impl Kind for Organizations {
    type Id = OrganizationId;
    type Data = OrganizationData;
    type Row = OrganizationRow;
    type Entity = Organization;
    const ENTITY: &'static str = ORGANIZATION;

    fn row(
        id: OrganizationId,
        data: &OrganizationData,
        created_at: DateTime<Utc>,
        updated_at: DateTime<Utc>,
    ) -> Result<OrganizationRow, StoreError> {
        organization_row(id, data, created_at, updated_at)
    }

    fn created_at(row: &OrganizationRow) -> NaiveDateTime {
        row.created_at
    }

    fn same(stored: &OrganizationRow, new: &OrganizationRow) -> bool {
        stored.data == new.data
    }

    fn entity(row: OrganizationRow) -> Result<Organization, StoreError> {
        organization_from_row(row)
    }

    fn load(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<(String, OrganizationRow)>, StoreError> {
        let rows: Vec<OrganizationRow> = organizations::table
            .filter(organizations::id.eq_any(ids))
            .select(OrganizationRow::as_select())
            .load(conn)?;
        Ok(rows.into_iter().map(|r| (r.id.clone(), r)).collect())
    }

    fn insert(conn: &mut DbConnection, rows: &[OrganizationRow]) -> Result<(), StoreError> {
        for batch in rows.chunks(INSERT_BATCH) {
            on_backend!(conn, c => diesel::insert_into(organizations::table).values(batch).execute(c))?;
        }
        Ok(())
    }

    fn update(conn: &mut DbConnection, row: OrganizationRow) -> Result<(), StoreError> {
        let id = row.id.clone();
        diesel::update(organizations::table.find(id)).set(row.changeset()).execute(conn)?;
        Ok(())
    }

    fn remove(conn: &mut DbConnection, id: &str) -> Result<(), StoreError> {
        diesel::delete(organizations::table.find(id)).execute(conn)?;
        Ok(())
    }
}

impl Store {
    /// Stores a new organization and logs it; returns it with the change's `seq`.
    ///
    /// A taken id is `Conflict { field: "id" }`; a `parent_organization_id` that is not stored,
    /// is the organization itself or would make a cycle is `Reference`.
    pub fn create_organization(
        &self,
        id: OrganizationId,
        data: OrganizationData,
        actor: &Actor,
    ) -> Result<(Organization, i64), StoreError> {
        let batch = AgencyBatch { organizations: vec![(id, data)], ..AgencyBatch::default() };
        self.write(|conn| {
            check(conn, &batch, Fields::Plain)?;
            write_one::<Organizations>(conn, &batch.organizations[0], Mode::Create, actor)
        })
    }

    /// Replaces organization `id`'s content, keeps `created_at`, sets `updated_at` to now and
    /// logs it; returns it with the change's `seq`. Unchanged content writes nothing and
    /// answers with the latest `seq` about it.
    pub fn update_organization(
        &self,
        id: OrganizationId,
        data: OrganizationData,
        actor: &Actor,
    ) -> Result<(Organization, i64), StoreError> {
        let batch = AgencyBatch { organizations: vec![(id, data)], ..AgencyBatch::default() };
        self.write(|conn| {
            check(conn, &batch, Fields::Plain)?;
            write_one::<Organizations>(conn, &batch.organizations[0], Mode::Update, actor)
        })
    }

    /// Deletes organization `id` and logs it; returns the change's `seq`. Refused with
    /// `Conflict { field: "id" }` while services, locations or member organizations name it.
    pub fn delete_organization(&self, id: OrganizationId, actor: &Actor) -> Result<i64, StoreError> {
        self.write(|conn| {
            delete_one::<Organizations>(conn, id, actor, |conn, key| {
                let services: i64 =
                    services::table.filter(services::organization_id.eq(key)).count().get_result(conn)?;
                let locations: i64 =
                    locations::table.filter(locations::organization_id.eq(key)).count().get_result(conn)?;
                if services + locations > 0 {
                    return Ok(Some("the organization still has services or locations"));
                }
                let members: i64 = organizations::table
                    .filter(organizations::parent_organization_id.eq(key))
                    .count()
                    .get_result(conn)?;
                Ok((members > 0).then_some("the organization still has member organizations"))
            })
        })
    }
}
