//! The JSON shape of one service at one location in searches (`GET /v1/services`,
//! `GET /v1/search`): what a resident needs to choose and reach it, flattened from the
//! service, its organization, its categories and the location.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use chrono_tz::Tz;
use recovery_domain::agency::schedule::{OpenSpan, is_open_at, next_open};
use recovery_domain::agency::{AgencyCatalog, Location, Phone, Service, ServiceHit, ServiceStatus};
use recovery_domain::nearby::NearbyKind;
use recovery_domain::{OrganizationId, ServiceId, TermId};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// One service at one location.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceItem {
    /// Always `service`.
    pub kind: NearbyKind,
    /// The service's id (`GET /v1/services/{id}`).
    pub id: ServiceId,
    /// The id of the service at this location (`GET /hsds/service_at_locations/{id}`); absent
    /// for a service with no location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_at_location_id: Option<Uuid>,
    /// The service's name.
    pub name: String,
    /// The organization that provides it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<OrganizationRef>,
    /// What it is and does (at this location, when the location says more).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The categories it is filed under.
    pub categories: Vec<CategoryRef>,
    /// `active` (searches offer only active services).
    pub status: ServiceStatus,
    /// A notice to show prominently ("Closed for the holidays until 2 January").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alert: Option<String>,
    /// Kilometres from the searched point (searches with `lat`/`lng` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    /// Where it is delivered; absent for a service with no location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<PlaceRef>,
    /// Public phone numbers: the service's, then those for it at this location, then the
    /// location's.
    pub phones: Vec<Phone>,
    /// ISO 639 codes of the languages it works in, here.
    pub languages: Vec<String>,
    /// Whether it is open at the search's moment (`open_at` or `at`, else now); absent when
    /// no hours are known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open_now: Option<bool>,
    /// The opening span at that moment, or the next one after it; absent when no hours are
    /// known or it never opens again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_open: Option<NextOpen>,
    /// Its web page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Its public email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Who is eligible, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eligibility_description: Option<String>,
    /// The youngest age served.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_age: Option<u16>,
    /// The oldest age served.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_age: Option<u16>,
    /// What it costs, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fees_description: Option<String>,
    /// How to apply or get referred.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_process: Option<String>,
    /// When the listing was last verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assured_date: Option<NaiveDate>,
}

/// An organization, named.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganizationRef {
    /// Its id (`GET /v1/organizations/{id}`).
    pub id: OrganizationId,
    /// Its name.
    pub name: String,
}

/// A category, named.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryRef {
    /// The term's id.
    pub id: TermId,
    /// The term's code ("housing-sober-living").
    pub code: String,
    /// The term's name.
    pub name: String,
}

/// A location, in brief.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlaceRef {
    /// Its id (`GET /v1/locations/{id}`).
    pub id: uuid::Uuid,
    /// Its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its physical (or first) address on one line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Latitude in degrees.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    /// Longitude in degrees.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    /// The IANA time zone its hours are in.
    pub timezone: String,
}

/// A span the service is open, RFC 3339 with the location's UTC offset.
#[derive(Debug, Serialize, ToSchema)]
pub struct NextOpen {
    /// When it opens (in the past when it is open at the search's moment).
    pub opens: String,
    /// When it closes.
    pub closes: String,
}

impl From<OpenSpan> for NextOpen {
    fn from(span: OpenSpan) -> NextOpen {
        NextOpen {
            opens: span.opens.to_rfc3339_opts(SecondsFormat::Secs, false),
            closes: span.closes.to_rfc3339_opts(SecondsFormat::Secs, false),
        }
    }
}

impl ServiceItem {
    /// The item of a search hit; `at` is the moment `open_now` and `next_open` are about, and
    /// `fallback_tz` the zone of a location stored without one.
    pub fn of(hit: &ServiceHit, catalog: &AgencyCatalog, at: DateTime<Utc>, fallback_tz: Tz) -> ServiceItem {
        let service = &hit.service;
        let data = &service.data;
        let link = data.service_at_locations.iter().find(|sal| sal.id == hit.entry_id);
        let location = hit.location.as_deref();
        let tz = hit.zone(fallback_tz);
        let hours = hit.hours();
        let open_now = (!hours.is_empty()).then(|| is_open_at(hours, tz, at));
        let next_open = if hours.is_empty() { None } else { next_open(hours, tz, at).map(NextOpen::from) };
        let taxonomies = catalog.taxonomies();
        ServiceItem {
            kind: NearbyKind::Service,
            id: service.id,
            service_at_location_id: link.map(|l| l.id),
            name: data.name.clone(),
            organization: catalog
                .organization(data.organization_id)
                .map(|o| OrganizationRef { id: o.id, name: o.data.name.clone() }),
            description: link.and_then(|l| l.description.clone()).or_else(|| data.description.clone()),
            categories: data
                .categories
                .iter()
                .filter_map(|id| taxonomies.term(*id))
                .map(|t| CategoryRef { id: t.id, code: t.data.code.clone(), name: t.data.name.clone() })
                .collect(),
            status: data.status,
            alert: data.alert.clone(),
            distance_km: hit.distance_km.map(|d| (d * 1000.0).round() / 1000.0),
            location: location.map(|l| PlaceRef {
                id: l.id.0,
                name: l.data.name.clone(),
                address: l.data.address_line(),
                latitude: l.data.latitude,
                longitude: l.data.longitude,
                timezone: tz.name().to_string(),
            }),
            phones: phones(service, link.map(|l| l.phones.as_slice()), location),
            languages: languages(service, location),
            open_now,
            next_open,
            url: data.url.clone(),
            email: data.email.clone(),
            eligibility_description: data.eligibility_description.clone(),
            minimum_age: data.minimum_age,
            maximum_age: data.maximum_age,
            fees_description: data.fees_description.clone(),
            application_process: data.application_process.clone(),
            assured_date: data.assured_date,
        }
    }
}

/// The public phones of the service, here, and of the location, each number once.
fn phones(service: &Service, at_location: Option<&[Phone]>, location: Option<&Location>) -> Vec<Phone> {
    let all = service
        .data
        .phones
        .iter()
        .chain(at_location.unwrap_or_default())
        .chain(location.into_iter().flat_map(|l| &l.data.phones));
    let mut out: Vec<Phone> = Vec::new();
    for phone in all.filter(|p| p.public) {
        if !out.iter().any(|p| p.number == phone.number && p.extension == phone.extension) {
            out.push(phone.clone());
        }
    }
    out
}

/// The language codes of the service and the location, lowercase, sorted, each once.
fn languages(service: &Service, location: Option<&Location>) -> Vec<String> {
    let location_languages = location.into_iter().flat_map(|l| &l.data.languages);
    let mut codes: Vec<String> =
        service.data.languages.iter().chain(location_languages).map(|l| l.code.trim().to_lowercase()).collect();
    codes.sort();
    codes.dedup();
    codes
}
