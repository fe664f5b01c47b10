//! `/hsds`: the HSDS 3.0 API. Every answer is validated against the official JSON Schemas
//! (`../shared/spec/hsds-3.0/schema`, relative `$ref`s resolved locally) and walked for `null`s.

use super::common::*;
use recovery_e2e::fixtures::{meeting, merged};
use recovery_e2e::http::{expect_json, expect_problem};
use recovery_e2e::{Staff, TestApp, both_backends};
use serde_json::{Value, json};

const ORG_A: &str = "a0000000-0000-4000-8000-00000000000a";
const ORG_B: &str = "b0000000-0000-4000-8000-00000000000b";

/// Five services of two organizations, near City Hall (19107) and in Camden (08102), and two
/// meetings (one in person at 19102, one online).
async fn seed(app: &TestApp) -> (Staff, Vec<String>, Vec<String>) {
    let editor = app.staff("editor").await;
    let a = (ORG_A, "Hope Works");
    let b = (ORG_B, "Café Familia");
    let services = vec![
        service(&uuid("s1"), "Sober House Intake", a, (&uuid("l1"), (39.9526, -75.1652), "19107"), &[SOBER_LIVING]),
        service(&uuid("s2"), "Emergency Beds", a, (&uuid("l2"), (39.9530, -75.1640), "19107"), &[HOUSING]),
        service(&uuid("s3"), "Job Club", a, (&uuid("l3"), (39.9600, -75.1700), "19107"), &[EMPLOYMENT]),
        service(&uuid("s4"), "Familias Unidas Counseling", b, (&uuid("l4"), (39.9259, -75.1196), "08102"), &[]),
        service(&uuid("s5"), "Sober Coaching", b, (&uuid("l5"), (39.9270, -75.1200), "08102"), &[RECOVERY_SUPPORT]),
    ];
    let outcome = import(&editor, &Value::Array(services)).await;
    let ids: Vec<String> =
        outcome["services"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
    assert_eq!(ids.len(), 5, "{outcome}");
    let in_person = editor.create(&meeting("Monday Night Hope")).await;
    let online = editor
        .create(&merged(
            &meeting("Online Serenity"),
            json!({"location": null, "online": {"conference_url": "https://zoom.us/j/42", "conference_phone": "+16465588656,,42#"}}),
        ))
        .await;
    let meetings = vec![in_person["id"].as_str().unwrap().to_string(), online["id"].as_str().unwrap().to_string()];
    (editor, ids, meetings)
}

fn ids_of(items: &[Value]) -> Vec<String> {
    items.iter().map(|i| i["id"].as_str().unwrap().to_string()).collect()
}

async fn service_ids(app: &TestApp, query: &str) -> Vec<String> {
    let page = get(app, &format!("/hsds/services?per_page=200&{query}")).await;
    ids_of(&assert_page("service", &page, 1, 200))
}

both_backends!(pages_are_valid_hsds_and_add_up, |app| async move {
    let (_, services, meetings) = seed(&app).await;
    let root = get(&app, "/hsds/").await;
    assert_eq!(root["version"], "3.0");
    assert!(root["openapi_url"].as_str().unwrap().ends_with("/openapi.json"), "{root}");
    assert!(root["profile"].as_str().unwrap().starts_with("https://"), "{root}");

    let mut all: Vec<String> = services.iter().chain(&meetings).cloned().collect();
    all.sort();
    // First, middle, last and past-the-end pages of 2: every item once, in id order.
    let mut seen = Vec::new();
    for page_number in 1..=4u64 {
        let page = get(&app, &format!("/hsds/services?per_page=2&page={page_number}")).await;
        assert_eq!(page["total_items"], 7);
        seen.extend(ids_of(&assert_page("service", &page, page_number, 2)));
    }
    assert_eq!(seen, all);
    // Default page size 50: one page holding everything.
    let page = get(&app, "/hsds/services").await;
    assert_eq!(ids_of(&assert_page("service", &page, 1, 50)), all);
    // List items carry one-to-one fields only; full=true nests; minimal=true is id + date.
    for item in page["contents"].as_array().unwrap() {
        assert!(item.as_object().unwrap().values().all(|v| !v.is_array() && !v.is_object()), "{item}");
    }
    let full = get(&app, "/hsds/services?full=true").await;
    for item in assert_page("service", &full, 1, 50) {
        assert!(item["service_at_locations"].is_array(), "{item}");
    }
    let minimal = get(&app, "/hsds/services?minimal=true").await;
    for item in assert_page("minimal", &minimal, 1, 50) {
        let keys: Vec<&String> = item.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["id", "last_modified"], "{item}");
    }

    // ndjson: every item, one per line, unpaged.
    let response = app.get("/hsds/services?format=ndjson&per_page=1&full=true").send().await.unwrap();
    assert_eq!(response.headers()["content-type"], "application/x-ndjson");
    let text = response.text().await.unwrap();
    let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(ids_of(&lines), all);
    lines.iter().for_each(|l| assert_valid("service", l));
    for (path, kind) in [
        ("/hsds/organizations?format=ndjson&full=true", "organization"),
        ("/hsds/service_at_locations?format=ndjson&full=true", "service_at_location"),
        ("/hsds/taxonomies?format=ndjson", "taxonomy"),
        ("/hsds/taxonomy_terms?format=ndjson", "taxonomy_term"),
    ] {
        let text = app.get(path).send().await.unwrap().text().await.unwrap();
        assert!(text.lines().count() >= 1, "{path}: {text}");
        text.lines().for_each(|l| assert_valid(kind, &serde_json::from_str(l).unwrap()));
    }
});

both_backends!(filters_and_together, |app| async move {
    let (_, s, m) = seed(&app).await;
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    assert_eq!(service_ids(&app, "search=sober").await, sorted(vec![s[0].clone(), s[4].clone()]));
    // Every word, any case, accents ignored (the organization's name counts).
    assert_eq!(service_ids(&app, "search=CAFE%20coaching").await, vec![s[4].clone()]);
    assert_eq!(service_ids(&app, "search=sober%20nowhere").await, Vec::<String>::new());
    // A term includes its descendants; meetings are mutual-aid groups under recovery support.
    assert_eq!(
        service_ids(&app, &format!("taxonomy_term_id={HOUSING}")).await,
        sorted(vec![s[0].clone(), s[1].clone()])
    );
    assert_eq!(service_ids(&app, "taxonomy_term_id=sober-living").await, vec![s[0].clone()]);
    assert_eq!(
        service_ids(&app, &format!("taxonomy_term_id={RECOVERY_SUPPORT}")).await,
        sorted(vec![s[4].clone(), m[0].clone(), m[1].clone()])
    );
    assert_eq!(service_ids(&app, &format!("taxonomy_term_id={MUTUAL_AID}")).await, sorted(m.clone()));
    assert_eq!(service_ids(&app, &format!("taxonomy_id={TAXONOMY}")).await.len(), 6);
    assert_eq!(service_ids(&app, &format!("organization_id={ORG_A}")).await, sorted(s[0..3].to_vec()));
    // ANDed.
    assert_eq!(service_ids(&app, &format!("organization_id={ORG_A}&search=sober")).await, vec![s[0].clone()]);
    assert_eq!(
        service_ids(&app, &format!("organization_id={ORG_B}&taxonomy_term_id={HOUSING}")).await,
        Vec::<String>::new()
    );
    assert_eq!(service_ids(&app, "search=monday%20hope").await, vec![m[0].clone()]);
    assert_eq!(service_ids(&app, "modified_after=2000-01-01").await.len(), 7);
    assert_eq!(service_ids(&app, "modified_after=2999-01-01T00:00:00Z").await.len(), 0);
    assert_eq!(service_ids(&app, "modified_after=2000-01-01T00:00:00%2B02:00&search=job").await, vec![s[2].clone()]);
    // A date-time without a zone is UTC (HSDS's `datetime`).
    assert_eq!(service_ids(&app, "modified_after=2000-01-01T00:00:00").await.len(), 7);
    assert_eq!(service_ids(&app, "modified_after=2999-01-01T00:00:00").await.len(), 0);
    assert_eq!(service_ids(&app, "modified_after=2000-01-01T00:00:00.5&search=job").await, vec![s[2].clone()]);

    // Bad values are 400 problems naming the parameter.
    for query in [
        "page=0",
        "page=-1",
        "page=1.5",
        "page=x",
        "per_page=0",
        "per_page=201",
        "modified_after=yesterday",
        "modified_after=2026-13-01",
        "organization_id=nope",
        "full=maybe",
        "format=xml",
    ] {
        let problem = expect_problem(app.get(&format!("/hsds/services?{query}")).send().await.unwrap(), 400).await;
        let field = query.split('=').next().unwrap();
        assert_eq!(problem["errors"][0]["field"], field, "{query}: {problem}");
    }
    expect_problem(app.get("/hsds/service_at_locations?proximity=100").send().await.unwrap(), 400).await;
    // Unknown ids are 404 problems.
    for path in [
        "/hsds/services/00000000-0000-4000-8000-000000000000",
        "/hsds/services/not-an-id",
        "/hsds/organizations/00000000-0000-4000-8000-000000000000",
        "/hsds/service_at_locations/00000000-0000-4000-8000-000000000000",
        "/hsds/taxonomies/00000000-0000-4000-8000-000000000000",
        "/hsds/taxonomy_terms/00000000-0000-4000-8000-000000000000",
    ] {
        expect_problem(app.get(path).send().await.unwrap(), 404).await;
    }
});

both_backends!(single_items_meetings_places_and_terms, |app| async move {
    let (_, s, m) = seed(&app).await;
    // An agency's service, fully nested.
    let one = get(&app, &format!("/hsds/services/{}", s[0])).await;
    assert_valid("service", &one);
    assert_eq!(one["organization"]["id"], ORG_A);
    assert_eq!(one["attributes"][0]["taxonomy_term"]["id"], SOBER_LIVING);
    assert_eq!(one["attributes"][0]["taxonomy_term"]["taxonomy_detail"]["id"], TAXONOMY);
    assert_eq!(one["schedules"][0]["opens_at"], "09:00");
    let tz = one["schedules"][0]["timezone"].as_f64().unwrap();
    assert!(tz == -5.0 || tz == -4.0, "New York offset, not {tz}");
    assert!(one["last_modified"].as_str().unwrap().ends_with('Z'), "{one}");
    // Attribute ids are stable between calls.
    assert_eq!(get(&app, &format!("/hsds/services/{}", s[0])).await["attributes"], one["attributes"]);

    // Meetings as services: weekly schedule, category, a place or a virtual location.
    let hope = get(&app, &format!("/hsds/services/{}", m[0])).await;
    assert_valid("service", &hope);
    assert_eq!(hope["name"], "Monday Night Hope");
    assert_eq!(hope["status"], "active");
    assert!(hope.get("organization").is_none());
    assert_eq!(hope["attributes"][0]["taxonomy_term"]["code"], "mutual-aid-groups");
    assert_eq!(hope["schedules"][0]["freq"], "WEEKLY");
    assert_eq!(hope["schedules"][0]["byday"], "MO");
    assert_eq!(
        (&hope["schedules"][0]["opens_at"], &hope["schedules"][0]["closes_at"]),
        (&json!("19:00"), &json!("20:00"))
    );
    let place = &hope["service_at_locations"][0];
    assert_eq!(place["location"]["location_type"], "physical");
    assert_eq!(place["location"]["addresses"][0]["postal_code"], "19102");
    let online = get(&app, &format!("/hsds/services/{}", m[1])).await;
    assert_valid("service", &online);
    assert_eq!(online["service_at_locations"][0]["location"]["location_type"], "virtual");
    assert_eq!(online["service_at_locations"][0]["location"]["url"], "https://zoom.us/j/42");
    assert_eq!(get(&app, &format!("/hsds/services/{}", m[1])).await, online, "derived ids are stable");
    let sal = get(&app, &format!("/hsds/service_at_locations/{}", place["id"].as_str().unwrap())).await;
    assert_valid("service_at_location", &sal);
    assert_eq!(sal["service_id"], m[0]);

    // Organizations: list, full, one with simple or full services.
    let orgs = get(&app, "/hsds/organizations").await;
    assert_eq!(ids_of(&assert_page("organization", &orgs, 1, 50)), [ORG_A, ORG_B]);
    let full = get(&app, "/hsds/organizations?full=true&per_page=1&page=2").await;
    assert_eq!(assert_page("organization", &full, 2, 1)[0]["services"].as_array().unwrap().len(), 2);
    let org = get(&app, &format!("/hsds/organizations/{ORG_A}")).await;
    assert_valid("organization", &org);
    assert_eq!(org["services"].as_array().unwrap().len(), 3);
    assert!(org["services"][0].get("service_at_locations").is_none(), "{org}");
    let org = get(&app, &format!("/hsds/organizations/{ORG_A}?full_service=true")).await;
    assert_valid("organization", &org);
    assert!(org["services"][0]["service_at_locations"].is_array(), "{org}");
    assert_eq!(get(&app, "/hsds/organizations?search=cafe").await["total_items"], 1);

    // Services at locations: postcode, and proximity from its centroid.
    let sals = get(&app, "/hsds/service_at_locations?per_page=3").await;
    assert_eq!(sals["total_items"], 7, "5 agency places, a venue and an online meeting");
    assert_page("service_at_location", &sals, 1, 3);
    let near = get(&app, "/hsds/service_at_locations?postcode=19107&full=true").await;
    assert_eq!(assert_page("service_at_location", &near, 1, 50).len(), 3);
    // 19107's centroid is among the three City Hall places: 1.5 km reaches the 19102 meeting
    // venue too, 6 km the two Camden places (about 5 km away).
    let within = |meters: u32| {
        let app = &app;
        async move {
            get(app, &format!("/hsds/service_at_locations?postcode=19107&proximity={meters}")).await["total_items"]
                .clone()
        }
    };
    assert_eq!(within(1500).await, 4);
    assert_eq!(within(6000).await, 6);
    assert_eq!(get(&app, "/hsds/service_at_locations?postcode=99999&proximity=100000").await["total_items"], 0);
    let by_term = get(&app, &format!("/hsds/service_at_locations?taxonomy_term_id={MUTUAL_AID}")).await;
    assert_eq!(by_term["total_items"], 2);

    // Taxonomies and terms.
    let taxonomies = get(&app, "/hsds/taxonomies").await;
    assert_eq!(ids_of(&assert_page("taxonomy", &taxonomies, 1, 50)), [TAXONOMY]);
    assert_valid("taxonomy", &get(&app, &format!("/hsds/taxonomies/{TAXONOMY}")).await);
    let top = get(&app, "/hsds/taxonomy_terms?top_only=true").await;
    assert_eq!(assert_page("taxonomy_term", &top, 1, 50).len(), 5);
    let under = get(&app, &format!("/hsds/taxonomy_terms?parent_id={HOUSING}")).await;
    let under = assert_page("taxonomy_term", &under, 1, 50);
    assert!(under.iter().all(|t| t["parent_id"] == HOUSING) && under.len() >= 4, "{under:?}");
    let term = get(&app, &format!("/hsds/taxonomy_terms/{SOBER_LIVING}")).await;
    assert_valid("taxonomy_term", &term);
    assert_eq!((&term["code"], &term["taxonomy_detail"]["id"]), (&json!("sober-living"), &json!(TAXONOMY)));
    let searched = get(&app, "/hsds/taxonomy_terms?search=shelter").await;
    assert_eq!(searched["contents"][0]["code"], "emergency-shelter");
    let _ = expect_json;
});
