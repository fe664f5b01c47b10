//! HSDS service JSON (the full form, as in HSDS's `service_full.json`) into our model, keeping
//! ids. What we do not model (funding, cost options, programs, required documents, metadata,
//! `byweekno`, organization identifiers, …) is dropped and listed; values we cannot use (a
//! latitude of 100) are dropped with a warning rather than rejecting the whole service; what
//! remains is run through our validation, and its failures are reported with field paths.

pub mod entities;
pub mod estimate;
pub mod parts;
pub mod private;
pub mod service;
pub mod sift;

use chrono_tz::Tz;
use recovery_domain::agency::{AgencyCatalog, LocationData, OrganizationData, ServiceData, TaxonomyTermData};
use recovery_domain::{FieldError, LocationId, OrganizationId, ServiceId, TaxonomyId, TermId};
use recovery_store::AgencyBatch;
use serde_json::Value;

/// What reading the input found.
#[derive(Debug, Default)]
pub struct Report {
    /// Field paths present in the input that we do not model.
    pub dropped: Vec<String>,
    /// Values dropped or changed, with why (`path: message`).
    pub warnings: Vec<String>,
    /// What prevents the import.
    pub errors: Vec<FieldError>,
}

impl Report {
    /// Records a warning at `path`.
    pub fn warn(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.warnings.push(format!("{}: {}", path.into(), message.into()));
    }

    /// Records an error at `path`.
    pub fn error(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.errors.push(FieldError { field: path.into(), message: message.into() });
    }
}

/// An import being read: the batch to write, the report, and what is known already.
#[derive(Debug)]
pub struct Import<'a> {
    /// What to write.
    pub batch: AgencyBatch,
    /// What was found.
    pub report: Report,
    /// The services read, in input order.
    pub services: Vec<ServiceId>,
    /// The zone of locations given without one.
    pub default_tz: Tz,
    catalog: &'a AgencyCatalog,
    /// Imported terms naming a parent, with the parent's path: checked once all is read.
    parents_to_check: Vec<(TermId, String)>,
}

impl<'a> Import<'a> {
    /// An empty import against what `catalog` already holds.
    pub fn new(catalog: &'a AgencyCatalog, default_tz: Tz) -> Import<'a> {
        Import {
            batch: AgencyBatch::default(),
            report: Report::default(),
            services: Vec::new(),
            default_tz,
            catalog,
            parents_to_check: Vec::new(),
        }
    }

    /// Reads the body: one HSDS service, or an array of them (paths then start with `[i].`).
    pub fn read(&mut self, body: &Value) {
        match body {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.read_one(item, &format!("[{i}]"));
                }
            }
            one => self.read_one(one, ""),
        }
        self.settle_parents();
    }

    /// Notes that term `id` names a parent (at `path`), to check once everything is read: the
    /// parent may come later in the input.
    pub fn check_parent_later(&mut self, id: TermId, path: String) {
        self.parents_to_check.push((id, path));
    }

    /// Drops, with a warning, each imported term's parent that is neither stored nor imported.
    pub fn settle_parents(&mut self) {
        for (id, path) in std::mem::take(&mut self.parents_to_check) {
            let parent = self.batch.terms.iter().find(|(t, _)| *t == id).and_then(|(_, d)| d.parent_id);
            let Some(parent) = parent else { continue };
            if parent != id && self.knows_term(parent) {
                continue;
            }
            self.report.warn(path, "dropped: no such taxonomy term here");
            if let Some((_, data)) = self.batch.terms.iter_mut().find(|(t, _)| *t == id) {
                data.parent_id = None;
            }
        }
    }

    /// Whether a taxonomy term with this id is already stored here.
    pub fn is_stored_term(&self, id: TermId) -> bool {
        self.catalog.taxonomies().term(id).is_some()
    }

    fn read_one(&mut self, value: &Value, path: &str) {
        if let Some(id) = service::service(value, path, self) {
            self.services.push(id);
        }
    }

    /// Whether an organization is in this import or already stored.
    pub fn knows_organization(&self, id: OrganizationId) -> bool {
        self.catalog.organization(id).is_some() || self.batch.organizations.iter().any(|(o, _)| *o == id)
    }

    /// Whether a taxonomy term is in this import or already stored.
    pub fn knows_term(&self, id: TermId) -> bool {
        self.catalog.taxonomies().term(id).is_some() || self.batch.terms.iter().any(|(t, _)| *t == id)
    }

    /// Whether a taxonomy exists.
    pub fn knows_taxonomy(&self, id: TaxonomyId) -> bool {
        self.catalog.taxonomies().taxonomy(id).is_some()
    }

    fn add<I: PartialEq + Copy, D: PartialEq>(list: &mut Vec<(I, D)>, id: I, data: D) -> bool {
        match list.iter().find(|(i, _)| *i == id) {
            Some((_, existing)) => *existing == data,
            None => {
                list.push((id, data));
                true
            }
        }
    }

    /// Adds an organization (the first copy of an id wins; a different second copy is a warning).
    pub fn add_organization(&mut self, id: OrganizationId, data: OrganizationData) {
        if !Self::add(&mut self.batch.organizations, id, data) {
            self.report.warn(format!("organization {id}"), "given twice with different content: the first is kept");
        }
    }

    /// Adds a location.
    pub fn add_location(&mut self, id: LocationId, data: LocationData) {
        if !Self::add(&mut self.batch.locations, id, data) {
            self.report.warn(format!("location {id}"), "given twice with different content: the first is kept");
        }
    }

    /// Adds a taxonomy term.
    pub fn add_term(&mut self, id: TermId, data: TaxonomyTermData) {
        if !Self::add(&mut self.batch.terms, id, data) {
            self.report.warn(format!("taxonomy term {id}"), "given twice with different content: the first is kept");
        }
    }

    /// Adds a service.
    pub fn add_service(&mut self, id: ServiceId, data: ServiceData) {
        if !Self::add(&mut self.batch.services, id, data) {
            self.report.warn(format!("service {id}"), "given twice with different content: the first is kept");
        }
    }
}
