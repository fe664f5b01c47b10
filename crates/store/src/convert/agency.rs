//! Agency rows ⇄ [`Organization`], [`Location`], [`Service`], [`Taxonomy`], [`TaxonomyTerm`].
//!
//! Organizations, locations and services are their `data` JSON plus id and timestamps; the
//! scalar columns are written from the data and never read back. Terms are plain columns.

use std::collections::HashSet;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use recovery_domain::agency::{
    Location, LocationData, Organization, OrganizationData, Service, ServiceData, Taxonomy, TaxonomyTerm,
    TaxonomyTermData,
};
use recovery_domain::{LocationId, OrganizationId, ServiceId, TaxonomyId, TermId};

use super::{from_db_time, from_json, to_db_time, to_json};
use crate::error::StoreError;
use crate::rows::agency::{
    LocationChangeset, LocationRow, OrganizationChangeset, OrganizationRow, ServiceCategoryRow, ServiceChangeset,
    ServiceLocationRow, ServiceRow, TaxonomyRow, TermChangeset, TermContent, TermRow,
};

/// Reads the id `text` stored in a `table` row.
fn parse_id<T: FromStr>(table: &str, text: &str) -> Result<T, StoreError> {
    text.parse().map_err(|_| StoreError::Corrupt(format!("{table}: id `{text}` is not a UUID")))
}

/// The row of organization `id`.
pub(crate) fn organization_row(
    id: OrganizationId,
    data: &OrganizationData,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
) -> Result<OrganizationRow, StoreError> {
    Ok(OrganizationRow {
        id: id.to_string(),
        name: data.name.clone(),
        parent_organization_id: data.parent_organization_id.map(|p| p.to_string()),
        data: to_json(data)?,
        created_at: to_db_time(created_at),
        updated_at: to_db_time(updated_at),
    })
}

/// The organization stored as `row`.
pub(crate) fn organization_from_row(row: OrganizationRow) -> Result<Organization, StoreError> {
    Ok(Organization {
        id: parse_id("organizations", &row.id)?,
        data: from_json(&format!("organization {}", row.id), &row.data)?,
        created_at: from_db_time(row.created_at),
        updated_at: from_db_time(row.updated_at),
    })
}

impl OrganizationRow {
    /// The update that makes a stored row equal to this one (its `created_at` aside).
    pub(crate) fn changeset(self) -> OrganizationChangeset {
        OrganizationChangeset {
            name: self.name,
            parent_organization_id: self.parent_organization_id,
            data: self.data,
            updated_at: self.updated_at,
        }
    }
}

/// The row of location `id`.
pub(crate) fn location_row(
    id: LocationId,
    data: &LocationData,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
) -> Result<LocationRow, StoreError> {
    Ok(LocationRow {
        id: id.to_string(),
        organization_id: data.organization_id.map(|o| o.to_string()),
        name: data.name.clone(),
        latitude: data.latitude,
        longitude: data.longitude,
        data: to_json(data)?,
        created_at: to_db_time(created_at),
        updated_at: to_db_time(updated_at),
    })
}

/// The location stored as `row`.
pub(crate) fn location_from_row(row: LocationRow) -> Result<Location, StoreError> {
    Ok(Location {
        id: parse_id("locations", &row.id)?,
        data: from_json(&format!("location {}", row.id), &row.data)?,
        created_at: from_db_time(row.created_at),
        updated_at: from_db_time(row.updated_at),
    })
}

impl LocationRow {
    /// The update that makes a stored row equal to this one (its `created_at` aside).
    pub(crate) fn changeset(self) -> LocationChangeset {
        LocationChangeset {
            organization_id: self.organization_id,
            name: self.name,
            latitude: self.latitude,
            longitude: self.longitude,
            data: self.data,
            updated_at: self.updated_at,
        }
    }
}

/// The row of service `id`.
pub(crate) fn service_row(
    id: ServiceId,
    data: &ServiceData,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
) -> Result<ServiceRow, StoreError> {
    Ok(ServiceRow {
        id: id.to_string(),
        organization_id: data.organization_id.to_string(),
        name: data.name.clone(),
        status: data.status.as_str().to_string(),
        data: to_json(data)?,
        created_at: to_db_time(created_at),
        updated_at: to_db_time(updated_at),
    })
}

/// The service stored as `row`.
pub(crate) fn service_from_row(row: ServiceRow) -> Result<Service, StoreError> {
    Ok(Service {
        id: parse_id("services", &row.id)?,
        data: from_json(&format!("service {}", row.id), &row.data)?,
        created_at: from_db_time(row.created_at),
        updated_at: from_db_time(row.updated_at),
    })
}

impl ServiceRow {
    /// The update that makes a stored row equal to this one (its `created_at` aside).
    pub(crate) fn changeset(self) -> ServiceChangeset {
        ServiceChangeset {
            organization_id: self.organization_id,
            name: self.name,
            status: self.status,
            data: self.data,
            updated_at: self.updated_at,
        }
    }
}

/// The link rows of service `id`: where it is delivered and its categories, each once.
pub(crate) fn service_links(id: ServiceId, data: &ServiceData) -> (Vec<ServiceLocationRow>, Vec<ServiceCategoryRow>) {
    let service_id = id.to_string();
    let mut seen = HashSet::new();
    let locations = data
        .service_at_locations
        .iter()
        .filter(|sal| seen.insert(sal.location_id))
        .map(|sal| ServiceLocationRow {
            service_id: service_id.clone(),
            location_id: sal.location_id.to_string(),
            id: sal.id.to_string(),
        })
        .collect();
    let mut seen = HashSet::new();
    let categories = data
        .categories
        .iter()
        .filter(|t| seen.insert(**t))
        .map(|t| ServiceCategoryRow { service_id: service_id.clone(), term_id: t.to_string() })
        .collect();
    (locations, categories)
}

/// The taxonomy stored as `row`.
pub(crate) fn taxonomy_from_row(row: TaxonomyRow) -> Result<Taxonomy, StoreError> {
    Ok(Taxonomy {
        id: parse_id("taxonomies", &row.id)?,
        name: row.name,
        description: row.description,
        uri: row.uri,
        version: row.version,
    })
}

impl TermContent {
    /// The columns for `data`, in `default_taxonomy` unless it names its own.
    pub(crate) fn from_data(data: &TaxonomyTermData, default_taxonomy: TaxonomyId) -> TermContent {
        TermContent {
            taxonomy_id: data.taxonomy_id.unwrap_or(default_taxonomy).to_string(),
            parent_id: data.parent_id.map(|p| p.to_string()),
            code: data.code.clone(),
            name: data.name.clone(),
            description: data.description.clone(),
            language: data.language.clone(),
            term_uri: data.term_uri.clone(),
        }
    }
}

/// The row of term `id`.
pub(crate) fn term_row(
    id: TermId,
    content: TermContent,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
) -> TermRow {
    TermRow { id: id.to_string(), content, created_at: to_db_time(created_at), updated_at: to_db_time(updated_at) }
}

/// The term stored as `row`.
pub(crate) fn term_from_row(row: TermRow) -> Result<TaxonomyTerm, StoreError> {
    let c = row.content;
    let parent_id = c.parent_id.as_deref().map(|p| parse_id("taxonomy_terms.parent_id", p)).transpose()?;
    Ok(TaxonomyTerm {
        id: parse_id("taxonomy_terms", &row.id)?,
        data: TaxonomyTermData {
            code: c.code,
            name: c.name,
            description: c.description,
            parent_id,
            taxonomy_id: Some(parse_id("taxonomy_terms.taxonomy_id", &c.taxonomy_id)?),
            language: c.language,
            term_uri: c.term_uri,
        },
        created_at: from_db_time(row.created_at),
        updated_at: from_db_time(row.updated_at),
    })
}

impl TermRow {
    /// The update that makes a stored row equal to this one (its `created_at` aside).
    pub(crate) fn changeset(self) -> TermChangeset {
        TermChangeset { content: self.content, updated_at: self.updated_at }
    }
}
