//! Our records as HSDS 3.0 JSON objects: the nested parts, locations, organizations and
//! taxonomy terms, and how much of a service to render ([`Form`]). Services themselves (which
//! need more context) are in `bundle`.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use recovery_domain::agency::{AgencyContact, Location, Organization, Phone, Schedule, Taxonomy, TaxonomyTerm};
use serde_json::{Map, Value, json};

use super::value::object_of;

/// How much of a service to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `id` and `last_modified` only (`minimal=true`).
    Minimal,
    /// One-to-one fields only (the list form).
    List,
    /// Fully nested.
    Full,
}

/// A phone, without our `public` flag.
pub fn phone(phone: &Phone) -> Value {
    let mut out = object_of(phone);
    out.remove("public");
    Value::Object(out)
}

/// Phones, as HSDS.
pub fn phones(phones: &[Phone]) -> Value {
    Value::Array(phones.iter().map(phone).collect())
}

/// A contact (only public ones reach rendering: the catalog holds public views).
pub fn contact(contact: &AgencyContact) -> Value {
    let mut out = object_of(contact);
    out.remove("public");
    out.insert("phones".into(), phones(&contact.phones));
    Value::Object(out)
}

/// Contacts, as HSDS.
pub fn contacts(contacts: &[AgencyContact]) -> Value {
    Value::Array(contacts.iter().map(contact).collect())
}

/// A schedule row, with HSDS's numeric `timezone`: the offset of `tz` from UTC at `now`, in
/// hours. `interval` is always written (1 when it repeats every week or month).
pub fn schedule(row: &Schedule, tz: Tz, now: DateTime<Utc>) -> Value {
    let mut out = object_of(row);
    out.insert("interval".into(), json!(row.interval));
    out.insert("timezone".into(), json!(super::value::offset_hours(tz, now)));
    Value::Object(out)
}

/// Schedule rows, as HSDS.
pub fn schedules(rows: &[Schedule], tz: Tz, now: DateTime<Utc>) -> Value {
    Value::Array(rows.iter().map(|r| schedule(r, tz, now)).collect())
}

/// Any list of records that serialize as HSDS already (languages, addresses, accessibility,
/// service areas).
pub fn plain<T: serde::Serialize>(records: &[T]) -> Value {
    Value::Array(records.iter().map(|r| Value::Object(object_of(r))).collect())
}

/// A location, fully nested. Its IANA zone is not an HSDS field: it shows as the schedules'
/// numeric `timezone`.
pub fn location(location: &Location, fallback_tz: Tz, now: DateTime<Utc>) -> Value {
    let data = &location.data;
    let tz = data.zone(fallback_tz);
    let mut out = object_of(&location.data);
    out.insert("id".into(), json!(location.id));
    out.remove("timezone");
    out.insert("phones".into(), phones(&data.phones));
    out.insert("contacts".into(), contacts(&data.contacts));
    out.insert("schedules".into(), schedules(&data.schedules, tz, now));
    Value::Object(out)
}

/// An organization's one-to-one fields (the HSDS list form).
pub fn organization_fields(org: &Organization) -> Map<String, Value> {
    let mut out = object_of(&org.data);
    out.insert("id".into(), json!(org.id));
    out.retain(|_, v| !v.is_array() && !v.is_object());
    out
}

/// An organization with its phones and contacts (callers add `locations` and `services`).
pub fn organization(org: &Organization) -> Map<String, Value> {
    let mut out = organization_fields(org);
    out.insert("phones".into(), phones(&org.data.phones));
    out.insert("contacts".into(), contacts(&org.data.contacts));
    out
}

/// A taxonomy.
pub fn taxonomy(taxonomy: &Taxonomy) -> Value {
    Value::Object(object_of(taxonomy))
}

/// A taxonomy term, with its taxonomy's name (`taxonomy`) and record (`taxonomy_detail`).
pub fn term(term: &TaxonomyTerm, taxonomy_of: Option<&Taxonomy>) -> Value {
    let mut out = object_of(&term.data);
    out.insert("id".into(), json!(term.id));
    if let Some(t) = taxonomy_of {
        out.insert("taxonomy".into(), json!(t.name));
        out.insert("taxonomy_id".into(), json!(t.id));
        out.insert("taxonomy_detail".into(), taxonomy(t));
    }
    Value::Object(out)
}
