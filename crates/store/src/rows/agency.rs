//! Rows of `organizations`, `locations`, `services` (with their link tables), `taxonomies` and
//! `taxonomy_terms`.
//!
//! The first three keep the whole domain value as JSON in `data`; their other columns are
//! copies for filtering and foreign keys, so an identical update is "same `data` text".

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::{
    locations, organizations, service_categories, service_locations, services, taxonomies, taxonomy_terms,
};

/// A stored organization; also its insert form.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = organizations)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
#[diesel(treat_none_as_default_value = false)]
pub(crate) struct OrganizationRow {
    pub id: String,
    pub name: String,
    pub parent_organization_id: Option<String>,
    pub data: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The update form of an organization: everything but the id and `created_at`.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = organizations)]
#[diesel(treat_none_as_null = true)]
pub(crate) struct OrganizationChangeset {
    pub name: String,
    pub parent_organization_id: Option<String>,
    pub data: String,
    pub updated_at: NaiveDateTime,
}

/// A stored location; also its insert form.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = locations)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
#[diesel(treat_none_as_default_value = false)]
pub(crate) struct LocationRow {
    pub id: String,
    pub organization_id: Option<String>,
    pub name: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub data: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The update form of a location.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = locations)]
#[diesel(treat_none_as_null = true)]
pub(crate) struct LocationChangeset {
    pub organization_id: Option<String>,
    pub name: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub data: String,
    pub updated_at: NaiveDateTime,
}

/// A stored service; also its insert form.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = services)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub(crate) struct ServiceRow {
    pub id: String,
    pub organization_id: String,
    pub name: String,
    pub status: String,
    pub data: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The update form of a service.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = services)]
pub(crate) struct ServiceChangeset {
    pub organization_id: String,
    pub name: String,
    pub status: String,
    pub data: String,
    pub updated_at: NaiveDateTime,
}

/// A service delivered at a location. Links are replaced whole on every write.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = service_locations)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub(crate) struct ServiceLocationRow {
    pub service_id: String,
    pub location_id: String,
    /// The service_at_location's id.
    pub id: String,
}

/// A service's category. Links are replaced whole on every write.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = service_categories)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub(crate) struct ServiceCategoryRow {
    pub service_id: String,
    pub term_id: String,
}

/// A stored taxonomy.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = taxonomies)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub(crate) struct TaxonomyRow {
    pub id: String,
    pub name: String,
    pub description: String,
    pub uri: Option<String>,
    pub version: Option<String>,
}

/// The content columns of a taxonomy term: shared by the read row, the insert form and the
/// update form (so "identical update" is a plain comparison).
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = taxonomy_terms)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
#[diesel(treat_none_as_null = true, treat_none_as_default_value = false)]
pub(crate) struct TermContent {
    pub taxonomy_id: String,
    pub parent_id: Option<String>,
    pub code: String,
    pub name: String,
    pub description: String,
    pub language: Option<String>,
    pub term_uri: Option<String>,
}

/// A stored taxonomy term; also its insert form.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = taxonomy_terms)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
#[diesel(treat_none_as_default_value = false)]
pub(crate) struct TermRow {
    pub id: String,
    #[diesel(embed)]
    pub content: TermContent,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The update form of a taxonomy term.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = taxonomy_terms)]
#[diesel(treat_none_as_null = true)]
pub(crate) struct TermChangeset {
    #[diesel(embed)]
    pub content: TermContent,
    pub updated_at: NaiveDateTime,
}
