//! Referential checks, made inside the write transaction before anything is written: every id
//! an agency record names must be stored (or come earlier in the same batch), hierarchies must
//! stay trees, and ids and term codes must be unique within a batch.

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;

use super::AgencyBatch;
use super::write::LOOKUP_BATCH;
use crate::connection::DbConnection;
use crate::error::StoreError;
use crate::schema::{locations, meetings, organizations, service_locations, taxonomies, taxonomy_terms};

/// The most levels a hierarchy walk follows; deeper is taken for a cycle already stored.
const MAX_DEPTH: usize = 1_000;

/// How errors name fields: as for one record (`organization_id`), or by their place in a batch
/// (`services[3].organization_id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fields {
    /// One record.
    Plain,
    /// A batch.
    Positioned,
}

impl Fields {
    fn name(self, list: &str, i: usize, field: &str) -> String {
        match self {
            Fields::Plain => field.to_string(),
            Fields::Positioned => format!("{list}[{i}].{field}"),
        }
    }
}

/// The ids among `ids` stored in `$table`.
macro_rules! stored_ids {
    ($conn:expr, $table:ident, $ids:expr) => {{
        let mut found: HashSet<String> = HashSet::new();
        for chunk in $ids.chunks(LOOKUP_BATCH) {
            let ids: Vec<String> = $table::table.filter($table::id.eq_any(chunk)).select($table::id).load($conn)?;
            found.extend(ids);
        }
        found
    }};
}

/// The ids a batch holds and the stored ids it names: everything a reference may point to.
struct Present {
    organizations: HashSet<String>,
    locations: HashSet<String>,
    terms: HashSet<String>,
    taxonomies: HashSet<String>,
}

impl Present {
    fn load(conn: &mut DbConnection, batch: &AgencyBatch) -> Result<Present, StoreError> {
        let own_orgs: HashSet<String> = batch.organizations.iter().map(|(id, _)| id.to_string()).collect();
        let own_locations: HashSet<String> = batch.locations.iter().map(|(id, _)| id.to_string()).collect();
        let own_terms: HashSet<String> = batch.terms.iter().map(|(id, _)| id.to_string()).collect();

        let named_orgs = batch
            .organizations
            .iter()
            .filter_map(|(_, d)| d.parent_organization_id)
            .chain(batch.locations.iter().filter_map(|(_, d)| d.organization_id))
            .chain(batch.services.iter().map(|(_, d)| d.organization_id));
        let named_orgs = outside(named_orgs.map(|id| id.to_string()), &own_orgs);
        let named_locations =
            outside(batch.services.iter().flat_map(|(_, d)| d.location_ids()).map(|id| id.to_string()), &own_locations);
        let named_terms = batch
            .terms
            .iter()
            .filter_map(|(_, d)| d.parent_id)
            .chain(batch.services.iter().flat_map(|(_, d)| d.categories.iter().copied()));
        let named_terms = outside(named_terms.map(|id| id.to_string()), &own_terms);
        let named_taxonomies =
            outside(batch.terms.iter().filter_map(|(_, d)| d.taxonomy_id).map(|id| id.to_string()), &HashSet::new());

        let mut organizations = stored_ids!(conn, organizations, named_orgs);
        organizations.extend(own_orgs);
        let mut locations = stored_ids!(conn, locations, named_locations);
        locations.extend(own_locations);
        let mut terms = stored_ids!(conn, taxonomy_terms, named_terms);
        terms.extend(own_terms);
        let taxonomies = stored_ids!(conn, taxonomies, named_taxonomies);
        Ok(Present { organizations, locations, terms, taxonomies })
    }
}

/// The distinct ids of `ids` not in `own`.
fn outside(ids: impl Iterator<Item = String>, own: &HashSet<String>) -> Vec<String> {
    let set: HashSet<String> = ids.filter(|id| !own.contains(id)).collect();
    set.into_iter().collect()
}

/// Checks every reference of `batch`; the first problem found is the error.
pub(super) fn check(conn: &mut DbConnection, batch: &AgencyBatch, fields: Fields) -> Result<(), StoreError> {
    unique_ids(batch, fields)?;
    let present = Present::load(conn, batch)?;
    check_organizations(conn, batch, &present, fields)?;
    check_terms(conn, batch, &present, fields)?;
    for (i, (_, data)) in batch.locations.iter().enumerate() {
        if data.organization_id.is_some_and(|o| !present.organizations.contains(&o.to_string())) {
            return Err(missing(fields.name("locations", i, "organization_id"), "organization"));
        }
    }
    for (i, (_, data)) in batch.services.iter().enumerate() {
        if !present.organizations.contains(&data.organization_id.to_string()) {
            return Err(missing(fields.name("services", i, "organization_id"), "organization"));
        }
        for (j, place) in data.service_at_locations.iter().enumerate() {
            if !present.locations.contains(&place.location_id.to_string()) {
                let field = format!("service_at_locations[{j}].location_id");
                return Err(missing(fields.name("services", i, &field), "location"));
            }
        }
        for (j, term) in data.categories.iter().enumerate() {
            if !present.terms.contains(&term.to_string()) {
                return Err(missing(fields.name("services", i, &format!("categories[{j}]")), "taxonomy term"));
            }
        }
    }
    check_service_ids(conn, batch, fields)
}

/// A service may not take a meeting's id (published meetings are HSDS services too, under
/// their own ids), and a service_at_location id belongs to one service only.
fn check_service_ids(conn: &mut DbConnection, batch: &AgencyBatch, fields: Fields) -> Result<(), StoreError> {
    let ids: Vec<String> = batch.services.iter().map(|(id, _)| id.to_string()).collect();
    let taken = stored_ids!(conn, meetings, ids);
    if let Some(i) = ids.iter().position(|id| taken.contains(id)) {
        return Err(StoreError::Conflict {
            field: fields.name("services", i, "id"),
            message: "a meeting already has this id".into(),
        });
    }
    let mut owner: HashMap<String, String> = HashMap::new();
    for (i, (service, data)) in batch.services.iter().enumerate() {
        for (j, link) in data.service_at_locations.iter().enumerate() {
            if owner.insert(link.id.to_string(), service.to_string()).is_some() {
                return Err(StoreError::Conflict {
                    field: fields.name("services", i, &format!("service_at_locations[{j}].id")),
                    message: "this service_at_location id is used twice".into(),
                });
            }
        }
    }
    let links: Vec<String> = owner.keys().cloned().collect();
    for chunk in links.chunks(LOOKUP_BATCH) {
        let stored: Vec<(String, String)> = service_locations::table
            .filter(service_locations::id.eq_any(chunk))
            .select((service_locations::id, service_locations::service_id))
            .load(conn)?;
        for (link, service) in stored {
            if owner.get(&link).is_some_and(|o| *o != service) {
                let (i, j) = batch
                    .services
                    .iter()
                    .enumerate()
                    .find_map(|(i, (_, d))| {
                        d.service_at_locations.iter().position(|l| l.id.to_string() == link).map(|j| (i, j))
                    })
                    .unwrap_or_default();
                return Err(StoreError::Conflict {
                    field: fields.name("services", i, &format!("service_at_locations[{j}].id")),
                    message: "another service has a service_at_location with this id".into(),
                });
            }
        }
    }
    Ok(())
}

fn missing(field: String, what: &str) -> StoreError {
    StoreError::reference(field, format!("no {what} has this id"))
}

/// No id twice in one list of a batch, and no term code twice.
fn unique_ids(batch: &AgencyBatch, fields: Fields) -> Result<(), StoreError> {
    let lists: [(&str, Vec<String>); 4] = [
        ("organizations", batch.organizations.iter().map(|(id, _)| id.to_string()).collect()),
        ("terms", batch.terms.iter().map(|(id, _)| id.to_string()).collect()),
        ("locations", batch.locations.iter().map(|(id, _)| id.to_string()).collect()),
        ("services", batch.services.iter().map(|(id, _)| id.to_string()).collect()),
    ];
    for (list, ids) in &lists {
        let mut seen = HashSet::new();
        if let Some(i) = ids.iter().position(|id| !seen.insert(id)) {
            let message = "this id appears twice in the batch".to_string();
            return Err(StoreError::Conflict { field: fields.name(list, i, "id"), message });
        }
    }
    let mut codes = HashSet::new();
    if let Some(i) = batch.terms.iter().position(|(_, d)| !codes.insert(d.code.as_str())) {
        let message = "this code appears twice in the batch".to_string();
        return Err(StoreError::Conflict { field: fields.name("terms", i, "code"), message });
    }
    Ok(())
}

fn check_organizations(
    conn: &mut DbConnection,
    batch: &AgencyBatch,
    present: &Present,
    fields: Fields,
) -> Result<(), StoreError> {
    let overlay: HashMap<String, Option<String>> = batch
        .organizations
        .iter()
        .map(|(id, d)| (id.to_string(), d.parent_organization_id.map(|p| p.to_string())))
        .collect();
    for (i, (id, data)) in batch.organizations.iter().enumerate() {
        let Some(parent) = data.parent_organization_id.map(|p| p.to_string()) else { continue };
        let field = || fields.name("organizations", i, "parent_organization_id");
        if !present.organizations.contains(&parent) {
            return Err(missing(field(), "organization"));
        }
        let parent_of = |conn: &mut DbConnection, x: &str| -> Result<Option<String>, StoreError> {
            if let Some(p) = overlay.get(x) {
                return Ok(p.clone());
            }
            let stored: Option<Option<String>> =
                organizations::table.find(x).select(organizations::parent_organization_id).first(conn).optional()?;
            Ok(stored.flatten())
        };
        tree(conn, &id.to_string(), &parent, field, "organization", parent_of)?;
    }
    Ok(())
}

fn check_terms(
    conn: &mut DbConnection,
    batch: &AgencyBatch,
    present: &Present,
    fields: Fields,
) -> Result<(), StoreError> {
    let overlay: HashMap<String, Option<String>> =
        batch.terms.iter().map(|(id, d)| (id.to_string(), d.parent_id.map(|p| p.to_string()))).collect();
    let codes: Vec<&str> = batch.terms.iter().map(|(_, d)| d.code.as_str()).collect();
    let mut holders: HashMap<String, String> = HashMap::new();
    for chunk in codes.chunks(LOOKUP_BATCH) {
        let rows: Vec<(String, String)> = taxonomy_terms::table
            .filter(taxonomy_terms::code.eq_any(chunk))
            .select((taxonomy_terms::code, taxonomy_terms::id))
            .load(conn)?;
        holders.extend(rows);
    }
    let recoded: HashMap<String, &str> = batch.terms.iter().map(|(id, d)| (id.to_string(), d.code.as_str())).collect();
    for (i, (id, data)) in batch.terms.iter().enumerate() {
        let key = id.to_string();
        if let Some(holder) = holders.get(&data.code) {
            // Taken by another term, unless this batch gives that term another code.
            let moves_away = recoded.get(holder).is_some_and(|code| *code != data.code);
            if *holder != key && !moves_away {
                return Err(StoreError::conflict(fields.name("terms", i, "code")));
            }
        }
        if data.taxonomy_id.is_some_and(|t| !present.taxonomies.contains(&t.to_string())) {
            return Err(missing(fields.name("terms", i, "taxonomy_id"), "taxonomy"));
        }
        let Some(parent) = data.parent_id.map(|p| p.to_string()) else { continue };
        let field = || fields.name("terms", i, "parent_id");
        if !present.terms.contains(&parent) {
            return Err(missing(field(), "taxonomy term"));
        }
        let parent_of = |conn: &mut DbConnection, x: &str| -> Result<Option<String>, StoreError> {
            if let Some(p) = overlay.get(x) {
                return Ok(p.clone());
            }
            let stored: Option<Option<String>> =
                taxonomy_terms::table.find(x).select(taxonomy_terms::parent_id).first(conn).optional()?;
            Ok(stored.flatten())
        };
        tree(conn, &key, &parent, field, "taxonomy term", parent_of)?;
    }
    Ok(())
}

/// Checks that `parent` may be `id`'s parent: not `id` itself, and `id` not above it.
fn tree(
    conn: &mut DbConnection,
    id: &str,
    parent: &str,
    field: impl Fn() -> String,
    what: &str,
    mut parent_of: impl FnMut(&mut DbConnection, &str) -> Result<Option<String>, StoreError>,
) -> Result<(), StoreError> {
    if parent == id {
        return Err(StoreError::reference(field(), format!("a {what} cannot be its own parent")));
    }
    let mut current = parent.to_string();
    for _ in 0..MAX_DEPTH {
        match parent_of(conn, &current)? {
            None => return Ok(()),
            Some(next) if next == id => break,
            Some(next) => current = next,
        }
    }
    Err(StoreError::reference(field(), format!("this {what} is below it: the hierarchy would be circular")))
}
