//! HSDS organizations, locations and taxonomy terms.

use recovery_domain::agency::{Accessibility, Address, LocationData, OrganizationData, TaxonomyTermData};
use recovery_domain::{LocationId, OrganizationId, TaxonomyId, TermId};
use serde_json::{Map, Value, json};

use super::parts::{LINKS, contact, each, language, list, phone, plain, schedule};
use super::sift::{at, path_or_body, sift};
use super::{Import, Report};

/// Reads an `id` member as a UUID (a missing or unreadable one is an error: imports keep ids).
pub fn id_of(obj: &Map<String, Value>, path: &str, report: &mut Report) -> Option<uuid::Uuid> {
    match obj.get("id").and_then(Value::as_str).map(str::parse::<uuid::Uuid>) {
        Some(Ok(id)) => Some(id),
        _ => {
            report.error(at(path, "id"), "must be a UUID (imports keep the records' ids)");
            None
        }
    }
}

/// An HSDS organization, with its locations, into `import`. A parent organization that is
/// neither imported nor known is dropped with a warning.
pub fn organization(obj: &Map<String, Value>, path: &str, import: &mut Import) -> Option<OrganizationId> {
    let id = OrganizationId(id_of(obj, path, &mut import.report)?);
    let mut extra = Map::new();
    extra.insert("phones".into(), each(obj, "phones", path, &mut import.report, phone));
    extra.insert("contacts".into(), each(obj, "contacts", path, &mut import.report, contact));
    if let Some(parent) = obj.get("parent_organization_id").and_then(Value::as_str) {
        let known = parent.parse().is_ok_and(|p| import.knows_organization(OrganizationId(p)));
        if !known {
            import.report.warn(at(path, "parent_organization_id"), "dropped: no such organization here");
            extra.insert("parent_organization_id".into(), Value::Null);
        }
    }
    let keep = [
        "name",
        "alternate_name",
        "description",
        "email",
        "website",
        "tax_status",
        "tax_id",
        "year_incorporated",
        "legal_status",
        "logo",
        "uri",
        "parent_organization_id",
    ];
    let mut silent = vec!["id", "locations"];
    silent.extend(LINKS);
    let base = json!({"name": "x", "description": "x"});
    let data: OrganizationData = sift(obj, &keep, &silent, base, extra, path, &mut import.report)?;
    let data = super::sift::validated(data, path, &mut import.report, recovery_domain::agency::validate_organization)?;
    import.add_organization(id, data);
    for (here, location_obj) in list(obj, "locations", path, &mut import.report) {
        location(location_obj, &here, Some(id), import);
    }
    Some(id)
}

/// An HSDS location into `import`. Coordinates out of range are dropped (both) with a warning.
pub fn location(
    obj: &Map<String, Value>,
    path: &str,
    org: Option<OrganizationId>,
    import: &mut Import,
) -> Option<LocationId> {
    let id = LocationId(id_of(obj, path, &mut import.report)?);
    if import.batch.locations.iter().any(|(l, _)| *l == id) {
        // The same location again (HSDS nests it under the organization and under each
        // service-at-location): the first copy, which knows its organization, is kept.
        return Some(id);
    }
    let report = &mut import.report;
    let mut extra = Map::new();
    extra.insert("addresses".into(), each(obj, "addresses", path, report, plain::<Address>(ADDRESS, address_base())));
    extra.insert("phones".into(), each(obj, "phones", path, report, phone));
    extra.insert("contacts".into(), each(obj, "contacts", path, report, contact));
    extra.insert("languages".into(), each(obj, "languages", path, report, language));
    extra.insert(
        "accessibility".into(),
        each(obj, "accessibility", path, report, plain::<Accessibility>(ACCESSIBILITY, json!({}))),
    );
    extra.insert("schedules".into(), each(obj, "schedules", path, report, schedule));
    let lat = obj.get("latitude").and_then(Value::as_f64);
    let lng = obj.get("longitude").and_then(Value::as_f64);
    let in_range =
        lat.is_some_and(|v| (-90.0..=90.0).contains(&v)) && lng.is_some_and(|v| (-180.0..=180.0).contains(&v));
    if (lat.is_some() || lng.is_some()) && !in_range {
        report
            .warn(at(path, "latitude"), format!("dropped with longitude: not a position on Earth ({lat:?}, {lng:?})"));
        extra.insert("latitude".into(), Value::Null);
        extra.insert("longitude".into(), Value::Null);
    }
    if let Some(org) = org.filter(|_| !obj.contains_key("organization_id")) {
        extra.insert("organization_id".into(), json!(org));
    }
    let keep = [
        "location_type",
        "url",
        "organization_id",
        "name",
        "alternate_name",
        "description",
        "transportation",
        "latitude",
        "longitude",
        "external_identifier",
        "external_identifier_type",
        "timezone",
    ];
    let data: LocationData = sift(obj, &keep, &["id"], json!({"location_type": "physical"}), extra, path, report)?;
    let tz = import.default_tz;
    let data =
        super::sift::validated(data, path, &mut import.report, |d| recovery_domain::agency::validate_location(d, tz))?;
    import.add_location(id, data);
    Some(id)
}

const ADDRESS: &[&str] = &[
    "id",
    "attention",
    "address_1",
    "address_2",
    "city",
    "region",
    "state_province",
    "postal_code",
    "country",
    "address_type",
];
const ACCESSIBILITY: &[&str] = &["id", "description", "details", "url"];

/// The HSDS service-area members we model.
pub const SERVICE_AREA: &[&str] = &["id", "name", "description", "extent", "extent_type", "uri"];

fn address_base() -> Value {
    json!({"address_1": "x", "city": "x", "state_province": "x", "postal_code": "x", "country": "US", "address_type": "physical"})
}

/// An HSDS taxonomy term into `import`. A term whose id is already stored here is kept as ours
/// (a feed's copy of our categories must not rewrite them) with a warning. A parent is kept
/// when it is stored or imported (anywhere in the input: checked once everything is read, see
/// [`Import::settle_parents`]), else dropped with a warning; a taxonomy that is neither is
/// dropped with a warning; a missing code is made from the name.
pub fn term(obj: &Map<String, Value>, path: &str, import: &mut Import) -> Option<TermId> {
    let id = TermId(id_of(obj, path, &mut import.report)?);
    if import.is_stored_term(id) {
        import.report.warn(path_or_body(path), format!("kept existing term {id}: the input's copy is not imported"));
        return Some(id);
    }
    let mut extra = Map::new();
    match obj.get("parent_id") {
        None | Some(Value::Null) => {}
        Some(Value::String(parent)) if parent.parse::<uuid::Uuid>().is_ok() => {
            extra.insert("parent_id".into(), json!(parent));
            import.check_parent_later(id, at(path, "parent_id"));
        }
        Some(_) => {
            import.report.warn(at(path, "parent_id"), "dropped: not a UUID");
            extra.insert("parent_id".into(), Value::Null);
        }
    }
    let taxonomy = obj
        .get("taxonomy_id")
        .or_else(|| obj.get("taxonomy_detail").and_then(|d| d.get("id")))
        .and_then(Value::as_str)
        .map(str::to_string);
    if let Some(t) = taxonomy {
        match t.parse() {
            Ok(t) if import.knows_taxonomy(TaxonomyId(t)) => {
                extra.insert("taxonomy_id".into(), json!(t));
            }
            _ => import.report.warn(at(path, "taxonomy_id"), "dropped: no such taxonomy here (filed under ours)"),
        }
    }
    if !obj.get("code").is_some_and(Value::is_string) {
        let name = obj.get("name").and_then(Value::as_str).unwrap_or_default();
        extra.insert("code".into(), json!(recovery_domain::slug::slugify(name)));
    }
    let keep = ["code", "name", "description", "language", "term_uri"];
    let silent = ["id", "parent_id", "taxonomy_id", "taxonomy_detail", "taxonomy"];
    let base = json!({"code": "x", "name": "x", "description": "x"});
    let data: TaxonomyTermData = sift(obj, &keep, &silent, base, extra, path, &mut import.report)?;
    let data = super::sift::validated(data, path, &mut import.report, recovery_domain::agency::validate_term)?;
    import.add_term(id, data);
    Some(id)
}
