//! Agencies in backups: reading them all for an export, writing them back on a restore.
//!
//! A fresh database already holds the seeded taxonomy terms, so a restore upserts terms (and
//! then drops those the backup does not have) instead of inserting them; organizations,
//! locations and services go into empty tables.

use std::collections::HashSet;

use diesel::prelude::*;
use recovery_domain::agency::{Location, Organization, Service, TaxonomyTerm};

use super::Backup;
use crate::connection::{DbConnection, on_backend};
use crate::convert::agency::{
    location_from_row, location_row, organization_from_row, organization_row, service_from_row, service_links,
    service_row, term_from_row, term_row,
};
use crate::error::StoreError;
use crate::repo::INSERT_BATCH;
use crate::repo::agencies::{DIRECTORY_TAXONOMY, parents_first};
use crate::rows::agency::{LocationRow, OrganizationRow, ServiceRow, TermContent, TermRow};
use crate::schema::{locations, organizations, service_categories, service_locations, services, taxonomy_terms};

/// Every agency record, each list ordered by id.
pub(super) struct Agencies {
    pub organizations: Vec<Organization>,
    pub locations: Vec<Location>,
    pub services: Vec<Service>,
    pub taxonomy_terms: Vec<TaxonomyTerm>,
}

/// Reads every agency record (inside the export's snapshot).
pub(super) fn load_agencies(conn: &mut DbConnection) -> Result<Agencies, StoreError> {
    let rows: Vec<OrganizationRow> = organizations::table.select(OrganizationRow::as_select()).load(conn)?;
    let mut organizations = rows.into_iter().map(organization_from_row).collect::<Result<Vec<_>, _>>()?;
    organizations.sort_unstable_by_key(|o| o.id);
    let rows: Vec<LocationRow> = locations::table.select(LocationRow::as_select()).load(conn)?;
    let mut locations = rows.into_iter().map(location_from_row).collect::<Result<Vec<_>, _>>()?;
    locations.sort_unstable_by_key(|l| l.id);
    let rows: Vec<ServiceRow> = services::table.select(ServiceRow::as_select()).load(conn)?;
    let mut services = rows.into_iter().map(service_from_row).collect::<Result<Vec<_>, _>>()?;
    services.sort_unstable_by_key(|s| s.id);
    let rows: Vec<TermRow> = taxonomy_terms::table.select(TermRow::as_select()).load(conn)?;
    let mut taxonomy_terms = rows.into_iter().map(term_from_row).collect::<Result<Vec<_>, _>>()?;
    taxonomy_terms.sort_unstable_by_key(|t| t.id);
    Ok(Agencies { organizations, locations, services, taxonomy_terms })
}

/// How many organizations, locations and services are stored (terms are always there).
pub(super) fn stored_listings(conn: &mut DbConnection) -> Result<[i64; 3], StoreError> {
    Ok([
        organizations::table.count().get_result(conn)?,
        locations::table.count().get_result(conn)?,
        services::table.count().get_result(conn)?,
    ])
}

/// Writes the backup's agency records: terms (broader first), organizations (parents first),
/// locations, services and their links.
pub(super) fn insert_agencies(conn: &mut DbConnection, backup: &Backup) -> Result<(), StoreError> {
    restore_terms(conn, &backup.taxonomy_terms)?;
    let organizations =
        parents_first(backup.organizations.iter().map(|o| (o.id, o)).collect(), |o| o.data.parent_organization_id);
    let rows = organizations
        .iter()
        .map(|(_, o)| organization_row(o.id, &o.data, o.created_at, o.updated_at))
        .collect::<Result<Vec<_>, _>>()?;
    for batch in rows.chunks(INSERT_BATCH) {
        on_backend!(conn, c => diesel::insert_into(organizations::table).values(batch).execute(c))?;
    }
    let rows = backup
        .locations
        .iter()
        .map(|l| location_row(l.id, &l.data, l.created_at, l.updated_at))
        .collect::<Result<Vec<_>, _>>()?;
    for batch in rows.chunks(INSERT_BATCH) {
        on_backend!(conn, c => diesel::insert_into(locations::table).values(batch).execute(c))?;
    }
    let rows = backup
        .services
        .iter()
        .map(|s| service_row(s.id, &s.data, s.created_at, s.updated_at))
        .collect::<Result<Vec<_>, _>>()?;
    for batch in rows.chunks(INSERT_BATCH) {
        on_backend!(conn, c => diesel::insert_into(services::table).values(batch).execute(c))?;
    }
    let (mut places, mut categories) = (Vec::new(), Vec::new());
    for service in &backup.services {
        let (p, c) = service_links(service.id, &service.data);
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

/// Makes the stored terms exactly `terms` (unless there are none: a backup from before
/// agencies keeps the seeded terms). Few rows: one statement each is fine.
fn restore_terms(conn: &mut DbConnection, terms: &[TaxonomyTerm]) -> Result<(), StoreError> {
    if terms.is_empty() {
        return Ok(());
    }
    let stored: HashSet<String> =
        taxonomy_terms::table.select(taxonomy_terms::id).load::<String>(conn)?.into_iter().collect();
    let ordered = parents_first(terms.iter().map(|t| (t.id, t)).collect(), |t| t.data.parent_id);
    let mut kept = HashSet::with_capacity(terms.len());
    for (_, term) in ordered {
        let row =
            term_row(term.id, TermContent::from_data(&term.data, DIRECTORY_TAXONOMY), term.created_at, term.updated_at);
        kept.insert(row.id.clone());
        if stored.contains(&row.id) {
            diesel::update(taxonomy_terms::table.find(&row.id))
                .set((
                    row.content,
                    taxonomy_terms::created_at.eq(row.created_at),
                    taxonomy_terms::updated_at.eq(row.updated_at),
                ))
                .execute(conn)?;
        } else {
            diesel::insert_into(taxonomy_terms::table).values(&row).execute(conn)?;
        }
    }
    let dropped: Vec<&String> = stored.iter().filter(|id| !kept.contains(*id)).collect();
    if !dropped.is_empty() {
        diesel::delete(taxonomy_terms::table.filter(taxonomy_terms::id.eq_any(dropped))).execute(conn)?;
    }
    Ok(())
}

impl Backup {
    /// Agency records that cannot be restored as they are: an id or a term code twice.
    pub(super) fn agency_problems(&self, problems: &mut Vec<String>) {
        let lists: [(&str, Vec<String>); 4] = [
            ("organizations", self.organizations.iter().map(|o| o.id.to_string()).collect()),
            ("locations", self.locations.iter().map(|l| l.id.to_string()).collect()),
            ("services", self.services.iter().map(|s| s.id.to_string()).collect()),
            ("taxonomy_terms", self.taxonomy_terms.iter().map(|t| t.id.to_string()).collect()),
        ];
        for (list, ids) in &lists {
            let mut seen = HashSet::new();
            for (i, id) in ids.iter().enumerate() {
                if !seen.insert(id) {
                    problems.push(format!("{list}[{i}].id: {id} appears twice"));
                }
            }
        }
        let mut codes = HashSet::new();
        for (i, term) in self.taxonomy_terms.iter().enumerate() {
            if !codes.insert(term.data.code.as_str()) {
                problems.push(format!("taxonomy_terms[{i}].code: `{}` appears twice", term.data.code));
            }
        }
    }
}
