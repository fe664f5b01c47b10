//! Checks for the records nested in organizations, locations and services.

use super::checker::{Checker, path};
use super::{MAX_CONTACTS, MAX_LANGUAGES, MAX_PHONES, MAX_SCHEDULES};
use crate::agency::parts::{Accessibility, Address, AgencyContact, Language, Phone, ServiceArea};
use crate::agency::schedule::{Freq, Schedule};
use crate::validation::{MAX_NAME_LEN, MAX_NOTES_LEN, MAX_SHORT_LEN, MAX_URL_LEN};

/// The phone line types HSDS names.
const PHONE_TYPES: [&str; 7] = ["voice", "fax", "text", "cell", "video", "pager", "textphone"];
/// The address types HSDS names.
const ADDRESS_TYPES: [&str; 3] = ["physical", "postal", "virtual"];
/// The service-area extent types HSDS names.
const EXTENT_TYPES: [&str; 4] = ["geojson", "topojson", "kml", "text"];
/// The longest service-area extent (GeoJSON can be long).
const MAX_EXTENT_LEN: usize = 100_000;
/// The longest postal code.
const MAX_POSTAL_CODE_LEN: usize = 20;
/// The most weeks or months a row may skip.
const MAX_INTERVAL: u32 = 52;

/// Checks the count of `items` under `prefix.name` and each of the first `max` with `check`.
pub(super) fn each<T>(
    c: &mut Checker,
    prefix: &str,
    name: &str,
    items: &mut [T],
    max: usize,
    mut check: impl FnMut(&mut Checker, &str, &mut T),
) {
    let field = path(prefix, name);
    c.at_most(&field, items.len(), max);
    for (i, item) in items.iter_mut().take(max).enumerate() {
        check(c, &format!("{field}[{i}]"), item);
    }
}

/// `phones` under `prefix`.
pub(super) fn phones(c: &mut Checker, prefix: &str, phones: &mut [Phone]) {
    each(c, prefix, "phones", phones, MAX_PHONES, phone);
}

fn phone(c: &mut Checker, at: &str, p: &mut Phone) {
    c.phone(&path(at, "number"), &mut p.number);
    c.one_of(&path(at, "type"), &mut p.kind, &PHONE_TYPES);
    c.optional(&path(at, "description"), &mut p.description, MAX_NOTES_LEN);
    languages(c, at, &mut p.languages);
}

/// `contacts` under `prefix`.
pub(super) fn contacts(c: &mut Checker, prefix: &str, contacts: &mut [AgencyContact]) {
    each(c, prefix, "contacts", contacts, MAX_CONTACTS, |c, at, k| {
        c.optional(&path(at, "name"), &mut k.name, MAX_NAME_LEN);
        c.optional(&path(at, "title"), &mut k.title, MAX_SHORT_LEN);
        c.optional(&path(at, "department"), &mut k.department, MAX_SHORT_LEN);
        c.email(&path(at, "email"), &mut k.email);
        phones(c, at, &mut k.phones);
    });
}

/// `languages` under `prefix`.
pub(super) fn languages(c: &mut Checker, prefix: &str, languages: &mut [Language]) {
    each(c, prefix, "languages", languages, MAX_LANGUAGES, |c, at, l| {
        c.optional(&path(at, "name"), &mut l.name, MAX_SHORT_LEN);
        c.language_code(&path(at, "code"), &mut l.code);
        c.optional(&path(at, "note"), &mut l.note, MAX_NOTES_LEN);
    });
}

/// One address.
pub(super) fn address(c: &mut Checker, at: &str, a: &mut Address) {
    c.optional(&path(at, "attention"), &mut a.attention, MAX_SHORT_LEN);
    c.required(&path(at, "address_1"), &mut a.address_1, MAX_SHORT_LEN);
    c.optional(&path(at, "address_2"), &mut a.address_2, MAX_SHORT_LEN);
    c.required(&path(at, "city"), &mut a.city, MAX_SHORT_LEN);
    c.optional(&path(at, "region"), &mut a.region, MAX_SHORT_LEN);
    c.required(&path(at, "state_province"), &mut a.state_province, MAX_SHORT_LEN);
    c.required(&path(at, "postal_code"), &mut a.postal_code, MAX_POSTAL_CODE_LEN);
    let country = path(at, "country");
    a.country = a.country.trim().to_ascii_uppercase();
    if a.country.is_empty() {
        c.fail(country, "is required");
    } else if a.country.len() != 2 || !a.country.bytes().all(|b| b.is_ascii_uppercase()) {
        c.fail(country, "must be an ISO 3166-1 alpha-2 country code (\"US\")");
    }
    let kind = path(at, "address_type");
    a.address_type = a.address_type.trim().to_ascii_lowercase();
    if a.address_type.is_empty() {
        c.fail(kind, "is required");
    } else if !ADDRESS_TYPES.contains(&a.address_type.as_str()) {
        c.fail(kind, format!("must be one of {}", ADDRESS_TYPES.join(", ")));
    }
}

/// One accessibility record.
pub(super) fn accessibility(c: &mut Checker, at: &str, a: &mut Accessibility) {
    c.optional(&path(at, "description"), &mut a.description, MAX_NOTES_LEN);
    c.optional(&path(at, "details"), &mut a.details, MAX_NOTES_LEN);
    c.url(&path(at, "url"), &mut a.url);
}

/// One service area.
pub(super) fn service_area(c: &mut Checker, at: &str, a: &mut ServiceArea) {
    c.optional(&path(at, "name"), &mut a.name, MAX_SHORT_LEN);
    c.optional(&path(at, "description"), &mut a.description, MAX_NOTES_LEN);
    c.optional(&path(at, "extent"), &mut a.extent, MAX_EXTENT_LEN);
    c.one_of(&path(at, "extent_type"), &mut a.extent_type, &EXTENT_TYPES);
    c.optional(&path(at, "uri"), &mut a.uri, MAX_URL_LEN);
}

/// `schedules` under `prefix`.
pub(super) fn schedules(c: &mut Checker, prefix: &str, rows: &mut [Schedule]) {
    each(c, prefix, "schedules", rows, MAX_SCHEDULES, schedule);
}

fn schedule(c: &mut Checker, at: &str, s: &mut Schedule) {
    c.optional(&path(at, "description"), &mut s.description, MAX_NOTES_LEN);
    c.url(&path(at, "schedule_link"), &mut s.schedule_link);
    c.optional(&path(at, "attending_type"), &mut s.attending_type, MAX_SHORT_LEN);
    c.optional(&path(at, "notes"), &mut s.notes, MAX_NOTES_LEN);
    if s.closes_at.is_some() && s.opens_at.is_none() {
        c.fail(path(at, "closes_at"), "needs opens_at (a row without opens_at means closed)");
    }
    if let (Some(from), Some(to)) = (s.valid_from, s.valid_to) {
        if to < from {
            c.fail(path(at, "valid_to"), "must not be before valid_from");
        }
    }
    if let (Some(start), Some(until)) = (s.dtstart, s.until) {
        if until < start {
            c.fail(path(at, "until"), "must not be before dtstart");
        }
    }
    if !(1..=MAX_INTERVAL).contains(&s.interval) {
        c.fail(path(at, "interval"), format!("must be 1 to {MAX_INTERVAL}"));
    } else if s.interval > 1 && s.dtstart.is_none() {
        c.fail(path(at, "dtstart"), "is required with an interval above 1 (the weeks or months count from it)");
    }
    match s.count {
        Some(0) => c.fail(path(at, "count"), "must be at least 1"),
        Some(_) if s.dtstart.is_none() => {
            c.fail(path(at, "dtstart"), "is required with count (occurrences count from it)")
        }
        _ => {}
    }
    if s.freq == Freq::Weekly && s.byday.iter().any(|b| b.ordinal.is_some()) {
        c.fail(path(at, "byday"), "ordinals (2MO, -1FR) are for MONTHLY rows; a WEEKLY row names plain days (MO,WE)");
    }
}
