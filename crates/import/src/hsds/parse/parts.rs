//! The nested HSDS records: phones, contacts, languages, schedules and the plain ones.

use recovery_domain::agency::{AgencyContact, Language, Phone, Schedule};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use super::Report;
use super::sift::{at, sift};

/// Members present on nested HSDS records that only link them to their parent: ignored.
pub const LINKS: &[&str] =
    &["service_id", "location_id", "organization_id", "contact_id", "phone_id", "service_at_location_id"];

/// The array at `obj[key]` as objects, each with its path (a non-array is reported).
pub fn list<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
    path: &str,
    report: &mut Report,
) -> Vec<(String, &'a Map<String, Value>)> {
    match obj.get(key) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let here = at(path, &format!("{key}[{i}]"));
                match item {
                    Value::Object(map) => Some((here, map)),
                    _ => {
                        report.warn(here, "dropped: not an object");
                        None
                    }
                }
            })
            .collect(),
        Some(_) => {
            report.warn(at(path, key), "dropped: not an array");
            Vec::new()
        }
    }
}

/// Reads each record of `obj[key]` with `read`, as a JSON array of our records.
pub fn each<T: serde::Serialize>(
    obj: &Map<String, Value>,
    key: &str,
    path: &str,
    report: &mut Report,
    read: impl Fn(&Map<String, Value>, &str, &mut Report) -> Option<T>,
) -> Value {
    let items: Vec<Value> = list(obj, key, path, report)
        .into_iter()
        .filter_map(|(here, item)| read(item, &here, report))
        .filter_map(|record| serde_json::to_value(record).ok())
        .collect();
    Value::Array(items)
}

/// A record whose HSDS form is ours: languages, addresses, accessibility, service areas.
pub fn plain<T: DeserializeOwned>(
    keep: &'static [&'static str],
    base: Value,
) -> impl Fn(&Map<String, Value>, &str, &mut Report) -> Option<T> {
    move |obj, path, report| sift(obj, keep, LINKS, base.clone(), Map::new(), path, report)
}

/// HSDS `language`.
pub fn language(obj: &Map<String, Value>, path: &str, report: &mut Report) -> Option<Language> {
    plain::<Language>(&["id", "name", "code", "note"], json!({"code": "en"}))(obj, path, report)
}

/// HSDS `phone`: stray quotes around the number (as in the HSDS example) are removed. Phones
/// are public unless the record says `"public": false` (not an HSDS field, but a feed that
/// marks a number private means it).
pub fn phone(obj: &Map<String, Value>, path: &str, report: &mut Report) -> Option<Phone> {
    let mut extra = Map::new();
    extra.insert("languages".into(), each(obj, "languages", path, report, language));
    if let Some(Value::String(number)) = obj.get("number") {
        let trimmed = number.trim().trim_matches(|c| c == '"' || c == '\'').trim();
        if trimmed != number {
            report.warn(at(path, "number"), "quotes and spaces around the number removed");
        }
        extra.insert("number".into(), json!(trimmed));
    }
    if let Some(public) = obj.get("public").filter(|v| v.is_boolean()) {
        extra.insert("public".into(), public.clone());
    }
    let keep = ["id", "number", "extension", "type", "description"];
    let mut silent = LINKS.to_vec();
    silent.push("public");
    sift(obj, &keep, &silent, json!({"number": "0"}), extra, path, report)
}

/// HSDS `contact`. Contacts published in HSDS are public information, so they are imported as
/// public (unless the record says `"public": false`).
pub fn contact(obj: &Map<String, Value>, path: &str, report: &mut Report) -> Option<AgencyContact> {
    let mut extra = Map::new();
    extra.insert("phones".into(), each(obj, "phones", path, report, phone));
    extra.insert("public".into(), obj.get("public").filter(|v| v.is_boolean()).cloned().unwrap_or(json!(true)));
    let keep = ["id", "name", "title", "department", "email"];
    let mut silent = LINKS.to_vec();
    silent.push("public");
    sift(obj, &keep, &silent, json!({}), extra, path, report)
}

/// HSDS `schedule`: times written with seconds ("10:00:00") are read as "10:00"; the numeric
/// `timezone` is dropped (ours comes from the location's IANA zone); `byweekno` and
/// `byyearday` are not modeled.
pub fn schedule(obj: &Map<String, Value>, path: &str, report: &mut Report) -> Option<Schedule> {
    let mut extra = Map::new();
    for key in ["opens_at", "closes_at"] {
        if let Some(Value::String(time)) = obj.get(key) {
            let short = match time.split(':').collect::<Vec<_>>().as_slice() {
                [h, m, s] => {
                    if s.trim_start_matches('0').chars().any(|c| c != '.') {
                        report.warn(at(path, key), "seconds dropped");
                    }
                    format!("{h}:{m}")
                }
                _ => time.clone(),
            };
            match serde_json::from_value::<Schedule>(json!({ key: short })) {
                Ok(_) => {
                    extra.insert(key.into(), json!(short));
                }
                Err(e) => report.warn(at(path, key), format!("dropped: {e}")),
            }
        }
    }
    let keep = [
        "id",
        "freq",
        "interval",
        "byday",
        "bymonthday",
        "valid_from",
        "valid_to",
        "dtstart",
        "until",
        "count",
        "wkst",
        "description",
        "schedule_link",
        "attending_type",
        "notes",
    ];
    sift(obj, &keep, LINKS, json!({}), extra, path, report)
}
