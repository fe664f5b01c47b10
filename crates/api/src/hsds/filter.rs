//! The `/hsds` filters (`search`, `taxonomy_term_id`, `taxonomy_id`, `organization_id`,
//! `modified_after`), read from the query with clear 400s and applied to agencies' services and
//! published meetings alike. Every filter given must hold (they AND together); results are in
//! id order, so pages are stable.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use recovery_domain::agency::{AgencyCatalog, Service, Taxonomies};
use recovery_domain::{OrganizationId, TaxonomyId, TermId};
use uuid::Uuid;

use super::candidate::{Candidate, Place, SalCandidate};
use super::meeting::{MEETING_TERM_CODE, MeetingBundle};
use super::selection::{MeetingSide, Selection};
use super::term::taxonomy_of;
use super::value::{matches_all, words};
use crate::error::ApiError;
use crate::extract::query::{QueryParams, shorten};
use recovery_domain::projection::IndexState;

/// The filters of a service or service-at-location list.
#[derive(Debug, Clone, Default)]
pub struct ServiceFilter {
    /// Folded words that must all be found.
    pub search: Vec<String>,
    /// `taxonomy_term_id` as given (an id or a code).
    pub term: Option<String>,
    /// `taxonomy_id`.
    pub taxonomy: Option<TaxonomyId>,
    /// `organization_id`.
    pub organization: Option<OrganizationId>,
    /// `modified_after`, inclusive.
    pub modified_after: Option<DateTime<Utc>>,
}

/// Reads a UUID parameter, or a 400 naming it.
pub fn uuid_param(q: &QueryParams, key: &str) -> Result<Option<Uuid>, ApiError> {
    // An id left empty is a client's bug, not "any": say so rather than widen the answer.
    if q.is_blank(key) {
        return Err(ApiError::bad_field(key, "expected a UUID, got an empty value"));
    }
    q.parsed::<Uuid>(key, "a UUID")
}

/// Reads a boolean parameter (`true`/`false`, `1`/`0`), or a 400 naming it.
pub fn flag(q: &QueryParams, key: &str) -> Result<bool, ApiError> {
    match q.get(key) {
        None | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") => Ok(true),
        Some(other) => Err(ApiError::bad_field(key, format!("expected `true` or `false`, got `{}`", shorten(other)))),
    }
}

/// Reads `modified_after`: an RFC 3339 date-time, a date-time without a zone (read as UTC, as
/// HSDS's `datetime` examples are written), or a date (its midnight UTC).
pub fn modified_after(q: &QueryParams) -> Result<Option<DateTime<Utc>>, ApiError> {
    let Some(raw) = q.get("modified_after") else { return Ok(None) };
    parse_instant(raw).map(Some).ok_or_else(|| {
        ApiError::bad_field(
            "modified_after",
            format!(
                "expected an RFC 3339 date-time (2026-01-31T12:00:00Z), a date-time in UTC \
                 (2026-01-31T12:00:00) or a date (2026-01-31), got `{}`",
                shorten(raw)
            ),
        )
    })
}

/// An instant written as RFC 3339, as a naive date-time (UTC), or as a date (midnight UTC).
fn parse_instant(raw: &str) -> Option<DateTime<Utc>> {
    if let Ok(at) = DateTime::parse_from_rfc3339(raw) {
        return Some(at.to_utc());
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(at) = NaiveDateTime::parse_from_str(raw, format) {
            return Some(at.and_utc());
        }
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok().map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc())
}

impl ServiceFilter {
    /// Reads the filters.
    pub fn parse(q: &QueryParams) -> Result<ServiceFilter, ApiError> {
        Ok(ServiceFilter {
            search: q.get("search").map(words).unwrap_or_default(),
            term: q.get("taxonomy_term_id").map(str::to_string),
            taxonomy: uuid_param(q, "taxonomy_id")?.map(TaxonomyId),
            organization: uuid_param(q, "organization_id")?.map(OrganizationId),
            modified_after: modified_after(q)?,
        })
    }

    /// The terms a service must have one of: the term asked for and its descendants (none when
    /// it is unknown, so nothing matches).
    fn wanted_terms(&self, taxonomies: &Taxonomies) -> Option<HashSet<TermId>> {
        let raw = self.term.as_ref()?;
        Some(
            taxonomies
                .resolve(raw)
                .map(|t| taxonomies.with_descendants(t.id).into_iter().collect())
                .unwrap_or_default(),
        )
    }

    fn categories_match(&self, taxonomies: &Taxonomies, wanted: Option<&HashSet<TermId>>, terms: &[TermId]) -> bool {
        wanted.is_none_or(|w| terms.iter().any(|t| w.contains(t)))
            && self.taxonomy.is_none_or(|tx| {
                terms
                    .iter()
                    .filter_map(|t| taxonomies.term(*t))
                    .any(|t| taxonomy_of(taxonomies, t).is_some_and(|x| x.id == tx))
            })
    }

    fn agency_matches(&self, state: &IndexState, wanted: Option<&HashSet<TermId>>, service: &Service) -> bool {
        let data = &service.data;
        let catalog = &state.agencies;
        if self.organization.is_some_and(|o| o != data.organization_id)
            || self.modified_after.is_some_and(|t| service.updated_at < t)
            || !self.categories_match(catalog.taxonomies(), wanted, &data.categories)
        {
            return false;
        }
        if self.search.is_empty() {
            return true;
        }
        let org_name = catalog.organization(data.organization_id).map(|o| o.data.name.clone());
        let text = [Some(&data.name), data.alternate_name.as_ref(), data.description.as_ref(), org_name.as_ref()];
        let haystack: Vec<String> = text.into_iter().flatten().flat_map(|t| words(t)).collect();
        matches_all(&self.search, &haystack)
    }

    /// Every matching service (agencies' and published meetings'), in id order. Only cheap
    /// fields are read (ids, terms, dates, words): nothing is built for rendering here, and
    /// without a filter on the meetings themselves none is read at all (see `selection`).
    pub fn select(&self, state: &IndexState) -> Selection {
        let taxonomies = state.agencies.taxonomies();
        let wanted = self.wanted_terms(taxonomies);
        let mut agencies: Vec<Candidate> = state
            .agencies
            .services()
            .filter(|s| self.agency_matches(state, wanted.as_ref(), s))
            .map(|s| Candidate::Agency(s.clone()))
            .collect();
        agencies.sort_by_key(Candidate::id);
        let term_ids: Vec<TermId> = taxonomies.resolve(MEETING_TERM_CODE).map(|t| t.id).into_iter().collect();
        let meetings = if self.organization.is_some() || !self.categories_match(taxonomies, wanted.as_ref(), &term_ids)
        {
            MeetingSide::None
        } else if self.modified_after.is_none() && self.search.is_empty() {
            MeetingSide::All
        } else {
            let kept = state.index.meetings_in_id_order().filter(|meeting| {
                self.modified_after.is_none_or(|t| meeting.updated_at >= t)
                    && (self.search.is_empty() || {
                        let bundle = MeetingBundle { meeting: Arc::clone(meeting), term: None };
                        matches_all(&self.search, &bundle.words())
                    })
            });
            MeetingSide::Some(kept.cloned().collect())
        };
        Selection { agencies, meetings }
    }
}

/// The service-at-locations of `services`, in id order; when `keep` is given, only the places
/// it keeps.
pub fn sals(
    catalog: &AgencyCatalog,
    services: &[Candidate],
    keep: Option<&dyn Fn(Place<'_>) -> bool>,
) -> Vec<SalCandidate> {
    let mut out = Vec::new();
    for service in services {
        service.sals(catalog, keep, &mut out);
    }
    out.sort_by_key(|s| s.id);
    out
}

/// Normalizes a postal code for comparison ("abc 1234" = "ABC1234").
pub fn postcode_key(code: &str) -> String {
    code.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_uppercase).collect()
}

/// The mean coordinates of every located place (agency location or meeting venue) with this
/// postal code; `None` when there is none.
pub fn postcode_centroid(state: &IndexState, postcode: &str) -> Option<(f64, f64)> {
    let key = postcode_key(postcode);
    let agency = state.agencies.locations().filter_map(|l| {
        let here = l.data.addresses.iter().any(|a| postcode_key(&a.postal_code) == key);
        here.then(|| l.data.coordinates()).flatten()
    });
    let meetings = state.index.meetings().into_iter().filter_map(|m| {
        let l = m.data.location.as_ref()?;
        (postcode_key(l.postal_code.as_deref()?) == key).then(|| l.coordinates()).flatten()
    });
    let points: Vec<(f64, f64)> = agency.chain(meetings).collect();
    if points.is_empty() {
        return None;
    }
    let n = points.len() as f64;
    Some((points.iter().map(|p| p.0).sum::<f64>() / n, points.iter().map(|p| p.1).sum::<f64>() / n))
}

/// Great-circle distance in meters.
pub fn distance_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (a.0.to_radians(), a.1.to_radians(), b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2) + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6_371_008.8 * h.sqrt().min(1.0).asin()
}
