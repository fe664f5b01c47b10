//! Checking what staff send about agencies, and saying exactly which fields are wrong.
//!
//! Each function normalizes the record in place (trims text, turns empty optional text into
//! absent, lowercases codes HSDS writes in lowercase and uppercases country codes) and checks
//! every rule, returning all failures at once with their field paths (`phones[0].number`,
//! `service_at_locations[2].schedules[0].byday`). That referenced records exist (an
//! organization, a location, a category, a parent term) is the store's to check.

mod checker;
mod parts;
#[cfg(test)]
mod tests;

use std::collections::HashSet;

use chrono_tz::Tz;

use super::location::{LocationData, LocationType};
use super::organization::OrganizationData;
use super::service::ServiceData;
use super::taxonomy::TaxonomyTermData;
use crate::validation::{MAX_NAME_LEN, MAX_NOTES_LEN, MAX_SHORT_LEN, MAX_URL_LEN, ValidationErrors};
use checker::{Checker, path};

/// At most this many phone numbers on a record.
pub const MAX_PHONES: usize = 20;
/// At most this many contacts on a record.
pub const MAX_CONTACTS: usize = 20;
/// At most this many schedule rows on a record.
pub const MAX_SCHEDULES: usize = 50;
/// At most this many languages on a record (and on one phone line).
pub const MAX_LANGUAGES: usize = 30;
/// At most this many addresses on a location.
pub const MAX_ADDRESSES: usize = 20;
/// At most this many accessibility records on a location.
pub const MAX_ACCESSIBILITY: usize = 20;
/// At most this many service areas on a service.
pub const MAX_SERVICE_AREAS: usize = 50;
/// At most this many categories on a service.
pub const MAX_CATEGORIES: usize = 100;
/// At most this many locations a service is delivered at.
pub const MAX_SERVICE_AT_LOCATIONS: usize = 200;
/// The longest taxonomy term code.
pub const MAX_TERM_CODE_LEN: usize = 64;
/// The oldest age a service may name.
pub const MAX_AGE: u16 = 130;

/// Normalizes (trims; empty text becomes absent) and checks an organization.
pub fn validate_organization(data: &mut OrganizationData) -> Result<(), ValidationErrors> {
    let mut c = Checker::default();
    c.required("name", &mut data.name, MAX_NAME_LEN);
    c.optional("alternate_name", &mut data.alternate_name, MAX_NAME_LEN);
    c.required("description", &mut data.description, MAX_NOTES_LEN);
    c.email("email", &mut data.email);
    c.url("website", &mut data.website);
    c.optional("tax_status", &mut data.tax_status, MAX_SHORT_LEN);
    c.optional("tax_id", &mut data.tax_id, MAX_SHORT_LEN);
    if data.year_incorporated.is_some_and(|y| !(1000..=9999).contains(&y)) {
        c.fail("year_incorporated", "must be a four-digit year");
    }
    c.optional("legal_status", &mut data.legal_status, MAX_SHORT_LEN);
    c.url("logo", &mut data.logo);
    c.optional("uri", &mut data.uri, MAX_URL_LEN);
    parts::phones(&mut c, "", &mut data.phones);
    parts::contacts(&mut c, "", &mut data.contacts);
    c.finish()
}

/// Normalizes and checks a location; fills in `default_tz` when it has no time zone.
pub fn validate_location(data: &mut LocationData, default_tz: Tz) -> Result<(), ValidationErrors> {
    let mut c = Checker::default();
    data.timezone.get_or_insert(default_tz);
    c.optional("name", &mut data.name, MAX_NAME_LEN);
    c.optional("alternate_name", &mut data.alternate_name, MAX_NAME_LEN);
    c.optional("description", &mut data.description, MAX_NOTES_LEN);
    c.optional("transportation", &mut data.transportation, MAX_NOTES_LEN);
    c.url("url", &mut data.url);
    c.optional("external_identifier", &mut data.external_identifier, MAX_SHORT_LEN);
    c.optional("external_identifier_type", &mut data.external_identifier_type, MAX_SHORT_LEN);
    match (data.latitude, data.longitude) {
        (Some(lat), Some(lng)) => {
            if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
                c.fail("latitude", format!("must be between -90 and 90, not {lat}"));
            }
            if !(lng.is_finite() && (-180.0..=180.0).contains(&lng)) {
                c.fail("longitude", format!("must be between -180 and 180, not {lng}"));
            }
        }
        (Some(_), None) => c.fail("longitude", "is required when latitude is given"),
        (None, Some(_)) => c.fail("latitude", "is required when longitude is given"),
        (None, None) => {}
    }
    match data.location_type {
        LocationType::Virtual if data.url.is_none() => c.fail("url", "is required for a virtual location"),
        LocationType::Physical if data.addresses.is_empty() && data.coordinates().is_none() => {
            c.fail("addresses", "a physical location needs an address or coordinates")
        }
        LocationType::Postal if data.addresses.is_empty() => c.fail("addresses", "a postal location needs an address"),
        _ => {}
    }
    parts::each(&mut c, "", "addresses", &mut data.addresses, MAX_ADDRESSES, parts::address);
    parts::phones(&mut c, "", &mut data.phones);
    parts::contacts(&mut c, "", &mut data.contacts);
    parts::languages(&mut c, "", &mut data.languages);
    parts::each(&mut c, "", "accessibility", &mut data.accessibility, MAX_ACCESSIBILITY, parts::accessibility);
    parts::schedules(&mut c, "", &mut data.schedules);
    c.finish()
}

/// Normalizes and checks a service (that its organization, locations and categories exist is
/// the store's to check).
pub fn validate_service(data: &mut ServiceData) -> Result<(), ValidationErrors> {
    let mut c = Checker::default();
    c.required("name", &mut data.name, MAX_NAME_LEN);
    c.optional("alternate_name", &mut data.alternate_name, MAX_NAME_LEN);
    c.optional("description", &mut data.description, MAX_NOTES_LEN);
    c.url("url", &mut data.url);
    c.email("email", &mut data.email);
    for (field, value) in [
        ("interpretation_services", &mut data.interpretation_services),
        ("application_process", &mut data.application_process),
        ("fees_description", &mut data.fees_description),
        ("fees", &mut data.fees),
        ("accreditations", &mut data.accreditations),
        ("eligibility_description", &mut data.eligibility_description),
        ("licenses", &mut data.licenses),
        ("alert", &mut data.alert),
    ] {
        c.optional(field, value, MAX_NOTES_LEN);
    }
    c.optional("wait_time", &mut data.wait_time, MAX_SHORT_LEN);
    c.email("assurer_email", &mut data.assurer_email);
    for (field, age) in [("minimum_age", data.minimum_age), ("maximum_age", data.maximum_age)] {
        if age.is_some_and(|a| a > MAX_AGE) {
            c.fail(field, format!("must be at most {MAX_AGE}"));
        }
    }
    if let (Some(min), Some(max)) = (data.minimum_age, data.maximum_age) {
        if max < min {
            c.fail("maximum_age", "must not be less than minimum_age");
        }
    }

    if c.at_most("categories", data.categories.len(), MAX_CATEGORIES) {
        let mut seen = HashSet::new();
        for (i, id) in data.categories.iter().enumerate() {
            if !seen.insert(*id) {
                c.fail(format!("categories[{i}]"), "is listed twice");
            }
        }
    }
    parts::phones(&mut c, "", &mut data.phones);
    parts::contacts(&mut c, "", &mut data.contacts);
    parts::schedules(&mut c, "", &mut data.schedules);
    parts::languages(&mut c, "", &mut data.languages);
    parts::each(&mut c, "", "service_areas", &mut data.service_areas, MAX_SERVICE_AREAS, parts::service_area);

    let mut seen = HashSet::new();
    parts::each(
        &mut c,
        "",
        "service_at_locations",
        &mut data.service_at_locations,
        MAX_SERVICE_AT_LOCATIONS,
        |c, at, sal| {
            if !seen.insert(sal.location_id) {
                c.fail(path(at, "location_id"), "this location is listed twice");
            }
            c.optional(&path(at, "description"), &mut sal.description, MAX_NOTES_LEN);
            parts::phones(c, at, &mut sal.phones);
            parts::contacts(c, at, &mut sal.contacts);
            parts::schedules(c, at, &mut sal.schedules);
        },
    );
    c.finish()
}

/// Normalizes and checks a taxonomy term.
pub fn validate_term(data: &mut TaxonomyTermData) -> Result<(), ValidationErrors> {
    let mut c = Checker::default();
    c.code("code", &mut data.code, MAX_TERM_CODE_LEN);
    c.required("name", &mut data.name, MAX_NAME_LEN);
    c.required("description", &mut data.description, MAX_NOTES_LEN);
    c.optional("language", &mut data.language, MAX_SHORT_LEN);
    if let Some(language) = &mut data.language {
        c.language_code("language", language);
    }
    c.optional("term_uri", &mut data.term_uri, MAX_URL_LEN);
    c.finish()
}
