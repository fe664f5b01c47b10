//! An HSDS service (full form) into an import: its organization, locations and category terms
//! come along.

use recovery_domain::agency::{ServiceArea, ServiceData};
use recovery_domain::{LocationId, OrganizationId, ServiceId, TermId};
use serde_json::{Map, Value, json};

use super::entities::{SERVICE_AREA, id_of, location, organization, term};
use super::parts::{LINKS, contact, each, language, list, phone, plain, schedule};
use super::sift::{at, sift};
use super::{Import, Report};

/// The HSDS service members we do not model, listed as dropped when present.
pub const UNMODELED: &[&str] = &["funding", "cost_options", "program", "program_id", "required_documents", "metadata"];

/// Reads one HSDS service into `import`; `None` when it cannot be imported (see the report).
pub fn service(value: &Value, path: &str, import: &mut Import) -> Option<ServiceId> {
    let Some(obj) = value.as_object() else {
        import
            .report
            .error(if path.is_empty() { "body".into() } else { path.to_string() }, "must be an HSDS service object");
        return None;
    };
    let id = ServiceId(id_of(obj, path, &mut import.report)?);
    let org = match obj.get("organization") {
        Some(Value::Object(o)) => organization(o, &at(path, "organization"), import),
        _ => match obj.get("organization_id").and_then(Value::as_str).map(str::parse) {
            Some(Ok(o)) => Some(OrganizationId(o)),
            _ => None,
        },
    };
    let Some(org) = org else {
        import.report.error(at(path, "organization"), "is required: every service here belongs to an organization");
        return None;
    };
    let categories = attributes(obj, path, import);
    let mut extra = Map::new();
    extra.insert("organization_id".into(), json!(org));
    extra.insert("categories".into(), json!(categories));
    let sals = service_at_locations(obj, path, import);
    extra.insert("service_at_locations".into(), Value::Array(sals));
    let report = &mut import.report;
    extra.insert("phones".into(), each(obj, "phones", path, report, phone));
    extra.insert("contacts".into(), each(obj, "contacts", path, report, contact));
    extra.insert("schedules".into(), each(obj, "schedules", path, report, schedule));
    extra.insert("languages".into(), each(obj, "languages", path, report, language));
    extra.insert(
        "service_areas".into(),
        each(obj, "service_areas", path, report, plain::<ServiceArea>(SERVICE_AREA, json!({}))),
    );
    let keep = [
        "name",
        "alternate_name",
        "description",
        "url",
        "email",
        "status",
        "interpretation_services",
        "application_process",
        "fees_description",
        "wait_time",
        "fees",
        "accreditations",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "assurer_email",
        "licenses",
        "alert",
    ];
    let silent = ["id", "last_modified", "organization", "organization_id", "attributes", "service_at_locations"];
    let base = json!({"organization_id": org, "name": "x"});
    let data: ServiceData = sift(obj, &keep, &silent, base, extra, path, report)?;
    let data = super::sift::validated(data, path, report, recovery_domain::agency::validate_service)?;
    import.add_service(id, data);
    Some(id)
}

/// The service's categories: each attribute's taxonomy term (imported when given in full,
/// else looked up by `taxonomy_term_id`).
fn attributes(obj: &Map<String, Value>, path: &str, import: &mut Import) -> Vec<TermId> {
    let mut out = Vec::new();
    let items: Vec<(String, Map<String, Value>)> =
        list(obj, "attributes", path, &mut import.report).into_iter().map(|(p, m)| (p, m.clone())).collect();
    for (here, attribute) in items {
        for key in
            attribute.keys().filter(|k| !matches!(k.as_str(), "id" | "link_id" | "taxonomy_term_id" | "taxonomy_term"))
        {
            import.report.dropped.push(at(&here, key));
        }
        let id = match attribute.get("taxonomy_term") {
            Some(Value::Object(t)) => term(t, &at(&here, "taxonomy_term"), import),
            _ => match attribute.get("taxonomy_term_id").and_then(Value::as_str).map(str::parse) {
                Some(Ok(t)) if import.knows_term(TermId(t)) => Some(TermId(t)),
                _ => {
                    import.report.warn(at(&here, "taxonomy_term_id"), "dropped: no such taxonomy term here");
                    None
                }
            },
        };
        out.extend(id.filter(|id| !out.contains(id)));
    }
    out
}

fn service_at_locations(obj: &Map<String, Value>, path: &str, import: &mut Import) -> Vec<Value> {
    let items: Vec<(String, Map<String, Value>)> =
        list(obj, "service_at_locations", path, &mut import.report).into_iter().map(|(p, m)| (p, m.clone())).collect();
    let mut out = Vec::new();
    for (here, sal) in items {
        let location_id = match sal.get("location") {
            Some(Value::Object(l)) => location(l, &at(&here, "location"), None, import),
            _ => match sal.get("location_id").and_then(Value::as_str).map(str::parse) {
                Some(Ok(l)) => Some(LocationId(l)),
                _ => None,
            },
        };
        let Some(location_id) = location_id else {
            import.report.error(at(&here, "location"), "is required (a location or a known location_id)");
            continue;
        };
        let report: &mut Report = &mut import.report;
        let mut extra = Map::new();
        extra.insert("location_id".into(), json!(location_id));
        extra.insert("phones".into(), each(&sal, "phones", &here, report, phone));
        extra.insert("contacts".into(), each(&sal, "contacts", &here, report, contact));
        extra.insert("schedules".into(), each(&sal, "schedules", &here, report, schedule));
        let mut silent = vec!["location"];
        silent.extend(LINKS);
        let base = json!({"location_id": location_id});
        let read: Option<recovery_domain::agency::ServiceAtLocation> =
            sift(&sal, &["id", "description"], &silent, base, extra, &here, report);
        out.extend(read.and_then(|r| serde_json::to_value(r).ok()));
    }
    out
}
