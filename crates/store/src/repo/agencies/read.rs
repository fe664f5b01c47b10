//! Reading agencies: one by id, or all of a kind (to build the search index and the HSDS API).

use diesel::prelude::*;
use recovery_domain::agency::{Location, Organization, Service, Taxonomy, TaxonomyTerm};
use recovery_domain::{LocationId, OrganizationId, ServiceId, TermId};

use super::location::Locations;
use super::organization::Organizations;
use super::service::Services;
use super::term::Terms;
use super::write::Kind;
use crate::Store;
use crate::convert::agency::{
    location_from_row, organization_from_row, service_from_row, taxonomy_from_row, term_from_row,
};
use crate::error::StoreError;
use crate::rows::agency::{LocationRow, OrganizationRow, ServiceRow, TaxonomyRow, TermRow};
use crate::schema::{locations, organizations, services, taxonomies, taxonomy_terms};

impl Store {
    /// The organization `id`.
    pub fn get_organization(&self, id: OrganizationId) -> Result<Organization, StoreError> {
        self.get_one::<Organizations>(id)
    }

    /// Every organization, ordered by id.
    pub fn all_organizations(&self) -> Result<Vec<Organization>, StoreError> {
        let rows: Vec<OrganizationRow> =
            organizations::table.select(OrganizationRow::as_select()).load(&mut *self.conn()?)?;
        let mut all = rows.into_iter().map(organization_from_row).collect::<Result<Vec<_>, _>>()?;
        // Sorted here rather than by the database, whose text collation differs between backends.
        all.sort_unstable_by_key(|o| o.id);
        Ok(all)
    }

    /// The location `id`.
    pub fn get_location(&self, id: LocationId) -> Result<Location, StoreError> {
        self.get_one::<Locations>(id)
    }

    /// Every location, ordered by id.
    pub fn all_locations(&self) -> Result<Vec<Location>, StoreError> {
        let rows: Vec<LocationRow> = locations::table.select(LocationRow::as_select()).load(&mut *self.conn()?)?;
        let mut all = rows.into_iter().map(location_from_row).collect::<Result<Vec<_>, _>>()?;
        all.sort_unstable_by_key(|l| l.id);
        Ok(all)
    }

    /// The service `id`.
    pub fn get_service(&self, id: ServiceId) -> Result<Service, StoreError> {
        self.get_one::<Services>(id)
    }

    /// Every service, whatever its status, ordered by id.
    pub fn all_services(&self) -> Result<Vec<Service>, StoreError> {
        let rows: Vec<ServiceRow> = services::table.select(ServiceRow::as_select()).load(&mut *self.conn()?)?;
        let mut all = rows.into_iter().map(service_from_row).collect::<Result<Vec<_>, _>>()?;
        all.sort_unstable_by_key(|s| s.id);
        Ok(all)
    }

    /// The taxonomy term `id`.
    pub fn get_taxonomy_term(&self, id: TermId) -> Result<TaxonomyTerm, StoreError> {
        self.get_one::<Terms>(id)
    }

    /// Every taxonomy term, ordered by id.
    pub fn all_taxonomy_terms(&self) -> Result<Vec<TaxonomyTerm>, StoreError> {
        let rows: Vec<TermRow> = taxonomy_terms::table.select(TermRow::as_select()).load(&mut *self.conn()?)?;
        let mut all = rows.into_iter().map(term_from_row).collect::<Result<Vec<_>, _>>()?;
        all.sort_unstable_by_key(|t| t.id);
        Ok(all)
    }

    /// Every taxonomy, ordered by id.
    pub fn all_taxonomies(&self) -> Result<Vec<Taxonomy>, StoreError> {
        let rows: Vec<TaxonomyRow> = taxonomies::table.select(TaxonomyRow::as_select()).load(&mut *self.conn()?)?;
        let mut all = rows.into_iter().map(taxonomy_from_row).collect::<Result<Vec<_>, _>>()?;
        all.sort_unstable_by_key(|t| t.id);
        Ok(all)
    }

    /// The record `id` of kind `K`, or `NotFound`.
    fn get_one<K: Kind>(&self, id: K::Id) -> Result<K::Entity, StoreError> {
        let rows = K::load(&mut *self.conn()?, &[id.to_string()])?;
        let (_, row) = rows.into_iter().next().ok_or(StoreError::NotFound)?;
        K::entity(row)
    }
}
