//! `POST /v1/imports/hsds`: HSDS services in, and the round trip of HSDS's own
//! `service_full.json` through `GET /hsds/services/{id}`.

use super::common::*;
use recovery_e2e::both_backends;
use recovery_e2e::http::{assert_names_field, expect_json, expect_problem};
use serde_json::{Value, json};

fn example() -> Value {
    let path = spec_dir().join("examples/service_full.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// `expected` (from the input) equals `actual` member by member, except the members named in
/// `skip` (dropped or normalized, checked separately).
fn assert_same(path: &str, expected: &Value, actual: &Value, skip: &[&str]) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, value) in e {
                if skip.contains(&key.as_str()) {
                    continue;
                }
                let here = format!("{path}.{key}");
                let got = a.get(key).unwrap_or_else(|| panic!("{here} missing in {actual:#}"));
                assert_same(&here, value, got, skip);
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            assert_eq!(e.len(), a.len(), "{path}: {actual:#}");
            for (i, (x, y)) in e.iter().zip(a).enumerate() {
                assert_same(&format!("{path}[{i}]"), x, y, skip);
            }
        }
        (Value::Number(e), Value::Number(a)) => assert_eq!(e.as_f64(), a.as_f64(), "{path}"),
        // Our validation trims text.
        (Value::String(e), Value::String(a)) => assert_eq!(e.trim(), a, "{path}"),
        _ => assert_eq!(expected, actual, "{path}"),
    }
}

/// What we knowingly drop or normalize from HSDS's example: members we do not model, the
/// schedule's numeric `timezone` (recomputed from the location's IANA zone), times with seconds
/// ("10:00:00" → "10:00"), the example's impossible coordinates (latitude 100, longitude 101),
/// the quotes around its phone numbers, spaces around text (trimmed, see `assert_same`),
/// attribute link fields (we write our own), parents and taxonomies that do not exist here, and
/// `assurer_email` (imported, but staff-only: never published).
const NORMALIZED: &[&str] = &[
    "assurer_email",
    "funding",
    "cost_options",
    "program",
    "required_documents",
    "metadata",
    "organization_identifiers",
    "programs",
    "byweekno",
    "byyearday",
    "timezone",
    "opens_at",
    "closes_at",
    "latitude",
    "longitude",
    "number",
    "link_type",
    "link_entity",
    "value",
    "parent_organization_id",
    "parent_id",
    "taxonomy",
    "taxonomy_detail",
    "last_modified",
    "locations",
    "attributes",
];

both_backends!(service_full_round_trips, |app| async move {
    let editor = app.staff("editor").await;
    let input = example();
    let dry = expect_json(editor.post("/v1/imports/hsds?dry_run=true", &input).send().await.unwrap(), 200).await;
    assert_eq!(dry["dry_run"], true);
    expect_problem(app.get(&format!("/hsds/services/{}", input["id"].as_str().unwrap())).send().await.unwrap(), 404)
        .await;

    let outcome = import(&editor, &input).await;
    assert_eq!(outcome["services"], json!([input["id"]]), "{outcome}");
    assert_eq!(outcome["created"], 4, "organization, location, term, service: {outcome}");
    let dropped: Vec<&str> = outcome["dropped"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    for field in [
        "funding",
        "cost_options",
        "program",
        "required_documents",
        "metadata",
        "organization.funding",
        "organization.programs",
        "organization.organization_identifiers",
        "schedules[0].byweekno",
        "schedules[0].byyearday",
        "schedules[0].timezone",
    ] {
        assert!(dropped.contains(&field), "{field} not in dropped: {dropped:?}");
    }
    let warnings = outcome["warnings"].to_string();
    assert!(warnings.contains("latitude"), "{warnings}");
    // The same input again changes nothing.
    let again = import(&editor, &input).await;
    assert_eq!((&again["created"], &again["updated"]), (&json!(0), &json!(0)), "{again}");

    let id = input["id"].as_str().unwrap();
    let output = get(&app, &format!("/hsds/services/{id}")).await;
    assert_valid("service", &output);
    assert_same("$", &input, &output, NORMALIZED);

    // The normalized ones, precisely.
    let schedule = &output["schedules"][0];
    assert_eq!((&schedule["opens_at"], &schedule["closes_at"]), (&json!("10:00"), &json!("18:00")));
    assert!(schedule["timezone"].is_number() && schedule.get("byweekno").is_none(), "{schedule}");
    let location = &output["service_at_locations"][0]["location"];
    assert!(location.get("latitude").is_none() && location.get("longitude").is_none(), "{location}");
    assert_eq!(output["phones"][0]["number"], "+44 1234 234567");
    assert_eq!(output["phones"][0]["languages"], input["phones"][0]["languages"]);
    let attribute = &output["attributes"][0];
    let term = &input["attributes"][0]["taxonomy_term"];
    for key in ["id", "code", "name", "description", "language", "term_uri"] {
        assert_eq!(attribute["taxonomy_term"][key], term[key], "{key}");
    }
    assert_eq!(attribute["taxonomy_term_id"], term["id"]);
    assert!(attribute["taxonomy_term"].get("parent_id").is_none(), "unknown parent dropped");
    for key in ["funding", "cost_options", "program", "required_documents", "metadata", "assurer_email"] {
        assert!(output.get(key).is_none(), "{key}");
    }
    assert!(output["organization"].get("organization_identifiers").is_none());

    // The organization and its location are published too.
    let org = get(&app, &format!("/hsds/organizations/{}", input["organization"]["id"].as_str().unwrap())).await;
    assert_valid("organization", &org);
    assert_eq!(org["services"][0]["id"], id);
    assert_eq!(org["locations"][0]["id"], input["organization"]["locations"][0]["id"]);
    let sal_id = input["service_at_locations"][0]["id"].as_str().unwrap();
    let sal = get(&app, &format!("/hsds/service_at_locations/{sal_id}")).await;
    assert_valid("service_at_location", &sal);
    assert_same("$", &input["service_at_locations"][0], &sal, NORMALIZED);
});

both_backends!(bad_imports_are_refused_with_paths, |app| async move {
    let body = json!([
        service(&uuid("ok"), "Fine", (&uuid("org"), "Org"), (&uuid("loc"), (39.95, -75.16), "19107"), &[HOUSING]),
        {"id": uuid("bad"), "name": "", "status": "active",
         "organization": {"id": uuid("org2"), "name": "Org 2", "description": "x", "email": "not-an-email"},
         "service_at_locations": [{"id": uuid("sal")}]},
    ]);
    let viewer = app.staff("viewer").await;
    expect_problem(viewer.post("/v1/imports/hsds", &body).send().await.unwrap(), 403).await;
    expect_problem(app.request(reqwest::Method::POST, "/v1/imports/hsds").json(&body).send().await.unwrap(), 401).await;

    let editor = app.staff("editor").await;
    let problem = expect_problem(editor.post("/v1/imports/hsds", &body).send().await.unwrap(), 422).await;
    assert_names_field(&problem, "[1].service_at_locations[0].location");
    expect_problem(editor.post("/v1/imports/hsds", &json!({"name": "no id"})).send().await.unwrap(), 422).await;
    // Nothing was written: the valid first item too (one transaction, all or nothing).
    assert_eq!(get(&app, "/hsds/services").await["total_items"], 0);

    // An optional value we cannot use is dropped with a warning; the rest is imported.
    let fixed = json!([body[0].clone(), {
        "id": uuid("bad"), "name": "Now fine", "status": "active",
        "organization": {"id": uuid("org2"), "name": "Org 2", "description": "x", "email": "not-an-email"},
        "service_at_locations": [{"id": uuid("sal"), "location_id": uuid("loc")}],
    }]);
    let outcome = import(&editor, &fixed).await;
    assert!(outcome["warnings"].to_string().contains("[1].organization.email"), "{outcome}");
    assert_eq!(get(&app, "/hsds/services").await["total_items"], 2);
    let admin = app.staff("admin").await;
    assert_eq!(import(&admin, &fixed).await["unchanged"], 5, "2 organizations, 1 location, 2 services");
});
