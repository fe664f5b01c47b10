//! Services that matched a list's filters, before anything is built for rendering: only the
//! `Arc` of the service or meeting. Lists filter and page candidates on cheap fields, then build
//! bundles for one page (or, in ndjson, one chunk at a time), each chunk under its own short
//! read lock that is released before rendering.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use recovery_domain::agency::{AgencyCatalog, Service, Taxonomies};
use recovery_domain::{Meeting, agency::Location};
use serde_json::{Value, json};
use uuid::Uuid;

use super::bundle::{ServiceBundle, ServiceItem};
use super::meeting::{MEETING_TERM_CODE, MeetingBundle};
use super::render::Form;
use super::term::TermRef;
use super::value::last_modified;
use crate::state::AppState;
use recovery_domain::projection::IndexState;

/// A service that matched: an agency's or a published meeting.
#[derive(Debug, Clone)]
pub enum Candidate {
    /// An agency's service.
    Agency(Arc<Service>),
    /// A published 12-step meeting.
    Meeting(Arc<Meeting>),
}

/// Where a service-at-location is, for the `postcode` and `proximity` filters.
pub type Place<'a> = (Option<(f64, f64)>, &'a [String]);

impl Candidate {
    /// Its id.
    pub fn id(&self) -> Uuid {
        match self {
            Candidate::Agency(s) => s.id.0,
            Candidate::Meeting(m) => m.id.0,
        }
    }

    /// The `minimal=true` form, which needs nothing else: `id` and `last_modified`.
    pub fn minimal(&self) -> Value {
        let updated_at = match self {
            Candidate::Agency(s) => s.updated_at,
            Candidate::Meeting(m) => m.updated_at,
        };
        json!({"id": self.id(), "last_modified": last_modified(updated_at)})
    }

    /// What rendering it needs, taken from `state` (`meeting_term` is the mutual-aid term).
    pub fn item(&self, state: &IndexState, meeting_term: Option<&Arc<TermRef>>, tz: chrono_tz::Tz) -> ServiceItem {
        match self {
            Candidate::Agency(s) => ServiceItem::Agency(Box::new(ServiceBundle::of(&state.agencies, s, tz))),
            Candidate::Meeting(m) => ServiceItem::meeting(m.clone(), meeting_term.cloned()),
        }
    }

    /// Appends its service-at-locations to `out`; when `keep` is given, only the places it
    /// keeps (locations are looked up only then).
    pub fn sals(&self, catalog: &AgencyCatalog, keep: Option<&dyn Fn(Place<'_>) -> bool>, out: &mut Vec<SalCandidate>) {
        match self {
            Candidate::Agency(s) => {
                for (index, sal) in s.data.service_at_locations.iter().enumerate() {
                    let kept = keep.is_none_or(|keep| {
                        let location = catalog.location(sal.location_id);
                        let postcodes = location.map(|l| postcodes(l)).unwrap_or_default();
                        keep((location.and_then(|l| l.data.coordinates()), &postcodes))
                    });
                    if kept {
                        out.push(SalCandidate { service: self.clone(), index, id: sal.id });
                    }
                }
            }
            Candidate::Meeting(m) => {
                let bundle = MeetingBundle { meeting: m.clone(), term: None };
                for (index, place) in bundle.places().into_iter().enumerate() {
                    let kept = keep.is_none_or(|keep| match place {
                        super::meeting::Place::Physical => {
                            let (point, codes) = bundle.physical_place();
                            keep((point, &codes))
                        }
                        super::meeting::Place::Virtual => keep((None, &[])),
                    });
                    if kept {
                        out.push(SalCandidate { service: self.clone(), index, id: bundle.sal_id(place) });
                    }
                }
            }
        }
    }
}

fn postcodes(location: &Location) -> Vec<String> {
    location.data.addresses.iter().map(|a| a.postal_code.clone()).collect()
}

/// One service-at-location of a matching service.
#[derive(Debug, Clone)]
pub struct SalCandidate {
    /// The service.
    pub service: Candidate,
    /// Which of its service-at-locations (for a meeting: which of its places).
    pub index: usize,
    /// The service-at-location's id (the list's order).
    pub id: Uuid,
}

/// The seeded mutual-aid term meetings are filed under, when it exists.
pub fn meeting_term(taxonomies: &Taxonomies) -> Option<Arc<TermRef>> {
    taxonomies.resolve(MEETING_TERM_CODE).and_then(|t| TermRef::of(taxonomies, t.id)).map(Arc::new)
}

/// Builds the items of `candidates` under one read lock, released before they are rendered.
pub fn build<'a>(state: &AppState, candidates: impl Iterator<Item = &'a Candidate>) -> Vec<ServiceItem> {
    let index = state.index();
    let term = meeting_term(index.agencies.taxonomies());
    candidates.map(|c| c.item(&index, term.as_ref(), state.defaults().timezone)).collect()
}

/// Renders a chunk of services in `form`.
pub fn render_services(state: &AppState, chunk: &[Candidate], form: Form, now: DateTime<Utc>) -> Vec<Value> {
    if form == Form::Minimal {
        return chunk.iter().map(Candidate::minimal).collect();
    }
    build(state, chunk.iter()).iter().map(|item| item.render(form, now)).collect()
}

/// Renders a chunk of service-at-locations in `form`.
pub fn render_sals(state: &AppState, chunk: &[SalCandidate], form: Form, now: DateTime<Utc>) -> Vec<Value> {
    let items = build(state, chunk.iter().map(|s| &s.service));
    items.iter().zip(chunk).filter_map(|(item, s)| item.sal(s.index, form, now)).collect()
}
