//! What an HSDS import must keep: our taxonomy (parents, and terms that already exist), private
//! phones (`"public": false`), and the stored private phones, contacts and `assurer_email` that
//! published HSDS leaves out. The round trip — our own `/hsds` output imported again — changes nothing.

use recovery_e2e::http::expect_json;
use recovery_e2e::{Staff, TestApp, both_backends};
use serde_json::{Value, json};

use super::common::*;

/// The change-feed cursor after every entry so far.
async fn feed_end(staff: &Staff) -> String {
    let mut since: Option<String> = None;
    loop {
        let path = match &since {
            Some(s) => format!("/v1/changes?limit=100&since={s}"),
            None => "/v1/changes?limit=100".to_string(),
        };
        let page = expect_json(staff.get(&path).send().await.unwrap(), 200).await;
        match page["next_cursor"].as_str() {
            Some(next) if !page["items"].as_array().unwrap().is_empty() => since = Some(next.to_string()),
            Some(next) => return next.to_string(),
            None => return since.unwrap_or_default(),
        }
    }
}

/// The change-log entries after `since`.
async fn changes_since(staff: &Staff, since: &str) -> Vec<Value> {
    let page = expect_json(staff.get(&format!("/v1/changes?limit=100&since={since}")).send().await.unwrap(), 200).await;
    page["items"].as_array().unwrap().clone()
}

/// `GET /v1/services?category=…` as the public: the names found, sorted.
async fn category(app: &TestApp, code: &str) -> Vec<String> {
    let page = app.get_json(&format!("/v1/services?category={code}&radius_km=100")).await;
    let mut names: Vec<String> =
        page["items"].as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap().to_string()).collect();
    names.sort();
    names
}

fn warnings(outcome: &Value) -> String {
    outcome["warnings"].to_string()
}

both_backends!(our_own_output_imported_again_changes_nothing, |app| async move {
    let editor = app.staff("editor").await;
    let org_id = uuid("rt-org");
    let org = (org_id.as_str(), "Round Trip House");
    let services = json!([
        service(&uuid("rt-s1"), "Sober House", org, (&uuid("rt-l1"), (39.95, -75.16), "19107"), &[SOBER_LIVING]),
        service(&uuid("rt-s2"), "Night Shelter", org, (&uuid("rt-l2"), (39.96, -75.17), "19107"), &[HOUSING]),
    ]);
    import(&editor, &services).await;
    let housing = category(&app, "housing").await;
    assert_eq!(housing, ["Night Shelter", "Sober House"]);
    let sober_before = get(&app, &format!("/hsds/taxonomy_terms/{SOBER_LIVING}")).await;
    assert_eq!(sober_before["parent_id"], HOUSING);
    let since = feed_end(&editor).await;

    // Our own output, as a mirror would fetch it, imported again.
    let page = get(&app, &format!("/hsds/services?taxonomy_term_id={SOBER_LIVING}&full=true")).await;
    let ours = page["contents"].clone();
    assert_eq!(ours.as_array().unwrap().len(), 1, "{page}");
    let outcome = import(&editor, &ours).await;
    assert_eq!((&outcome["created"], &outcome["updated"]), (&json!(0), &json!(0)), "{outcome}");
    assert_eq!(outcome["unchanged"], 3, "organization, location, service: {outcome}");
    assert!(warnings(&outcome).contains(&format!("kept existing term {SOBER_LIVING}")), "{outcome}");
    assert_eq!(changes_since(&editor, &since).await, Vec::<Value>::new());
    assert_eq!(get(&app, &format!("/hsds/taxonomy_terms/{SOBER_LIVING}")).await, sober_before);
    assert_eq!(category(&app, "housing").await, housing);
    assert_eq!(category(&app, "sober-living").await, ["Sober House"]);
});

both_backends!(terms_keep_known_parents_and_existing_terms_stay_ours, |app| async move {
    let editor = app.staff("editor").await;
    let term = |id: &str, code: &str, parent: Option<&str>| {
        let mut t = json!({"id": id, "code": code, "name": code, "description": format!("{code} from a feed")});
        if let Some(p) = parent {
            t["parent_id"] = json!(p);
        }
        t
    };
    let (child, parent, orphan) = (uuid("t-child"), uuid("t-parent"), uuid("t-orphan"));
    let mut body = service(
        &uuid("t-s"),
        "Peer Housing",
        (&uuid("t-org"), "Feed Org"),
        (&uuid("t-l"), (39.9, -75.1), "19107"),
        &[],
    );
    body["attributes"] = json!([
        // A parent given later in the input than its child, one stored here, and an unknown one.
        {"id": uuid("a1"), "taxonomy_term": term(&child, "feed-child", Some(&parent))},
        {"id": uuid("a2"), "taxonomy_term": term(&parent, "feed-parent", Some(HOUSING))},
        {"id": uuid("a3"), "taxonomy_term": term(&orphan, "feed-orphan", Some(&uuid("nowhere")))},
        // Our own term, as a foreign feed words it.
        {"id": uuid("a4"), "taxonomy_term": {"id": SOBER_LIVING, "code": "sober-living", "name": "Sober",
                                             "description": "Another feed's words", "language": "es"}},
    ]);
    let before = get(&app, &format!("/hsds/taxonomy_terms/{SOBER_LIVING}")).await;
    let outcome = import(&editor, &body).await;
    assert_eq!(outcome["created"], 6, "organization, location, three terms, service: {outcome}");
    assert!(warnings(&outcome).contains("attributes[2].taxonomy_term.parent_id: dropped"), "{outcome}");
    assert!(warnings(&outcome).contains(&format!("kept existing term {SOBER_LIVING}")), "{outcome}");
    assert_eq!(get(&app, &format!("/hsds/taxonomy_terms/{child}")).await["parent_id"], json!(parent));
    assert_eq!(get(&app, &format!("/hsds/taxonomy_terms/{parent}")).await["parent_id"], HOUSING);
    assert!(get(&app, &format!("/hsds/taxonomy_terms/{orphan}")).await.get("parent_id").is_none());
    assert_eq!(get(&app, &format!("/hsds/taxonomy_terms/{SOBER_LIVING}")).await, before);
    // The feed's child term sits under housing: a housing search finds the service.
    assert_eq!(category(&app, "housing").await, ["Peer Housing"]);
    let service = get(&app, &format!("/hsds/services/{}", uuid("t-s"))).await;
    let codes: Vec<&str> = service["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["taxonomy_term"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["feed-child", "feed-parent", "feed-orphan", "sober-living"]);
});

/// A phone or contact as HSDS, `public` as given.
fn phone(label: &str, number: &str, public: Option<bool>) -> Value {
    let mut p = json!({"id": uuid(label), "number": number});
    if let Some(public) = public {
        p["public"] = json!(public);
    }
    p
}

fn contact(label: &str, name: &str, public: bool) -> Value {
    json!({"id": uuid(label), "name": name, "email": format!("{label}@agency.example.org"), "public": public})
}

fn numbers(record: &Value) -> Vec<String> {
    record["phones"]
        .as_array()
        .map_or(Vec::new(), |p| p.iter().map(|p| p["number"].as_str().unwrap().to_string()).collect())
}

fn names(record: &Value) -> Vec<String> {
    record["contacts"]
        .as_array()
        .map_or(Vec::new(), |c| c.iter().map(|c| c["name"].as_str().unwrap().to_string()).collect())
}

both_backends!(private_phones_stay_private_and_survive_a_public_reimport, |app| async move {
    let editor = app.staff("editor").await;
    let id = uuid("p-s");
    let org_id = uuid("p-org");
    let mut body =
        service(&id, "Detox Intake", (&org_id, "Private Parts"), (&uuid("p-l"), (39.9, -75.1), "19107"), &[]);
    body["phones"] = json!([phone("p1", "+1 215-555-0101", None), phone("p2", "+1 215-555-0102", Some(false))]);
    body["contacts"] = json!([contact("c1", "Pat Public", true), contact("c2", "Sam Secret", false)]);
    body["organization"]["phones"] =
        json!([phone("o1", "+1 215-555-0201", Some(false)), phone("o2", "+1 215-555-0202", Some(true))]);
    body["organization"]["contacts"] = json!([contact("c3", "Director", false)]);
    body["service_at_locations"][0]["location"]["phones"] = json!([phone("l1", "+1 215-555-0301", Some(false))]);
    body["assurer_email"] = json!("verifier@agency.example.org");
    import(&editor, &body).await;

    // Published: only the public ones.
    let public = get(&app, &format!("/hsds/services/{id}")).await;
    assert_eq!(numbers(&public), ["+1 215-555-0101"]);
    assert_eq!(names(&public), ["Pat Public"]);
    assert_eq!(numbers(&public["organization"]), ["+1 215-555-0202"]);
    assert_eq!(numbers(&public["service_at_locations"][0]["location"]), Vec::<String>::new());
    assert!(public.get("assurer_email").is_none(), "{public}");
    let staff_view = |path: String| {
        let editor = &editor;
        async move { expect_json(editor.get(&path).send().await.unwrap(), 200).await }
    };
    let service_before = staff_view(format!("/v1/services/{id}")).await;
    let org_before = staff_view(format!("/v1/organizations/{org_id}")).await;
    let location_before = staff_view(format!("/v1/locations/{}", uuid("p-l"))).await;
    assert_eq!(numbers(&service_before), ["+1 215-555-0101", "+1 215-555-0102"]);
    assert_eq!(service_before["phones"][1]["public"], false);
    assert_eq!(service_before["assurer_email"], "verifier@agency.example.org");

    // The public HSDS, which leaves the private ones out, imported again: they are kept.
    let outcome = import(&editor, &public).await;
    assert_eq!((&outcome["created"], &outcome["updated"]), (&json!(0), &json!(0)), "{outcome}");
    assert_eq!(outcome["unchanged"], 3, "{outcome}");
    let w = warnings(&outcome);
    assert!(w.contains(&format!("service {id}: kept 3 private")), "phone, contact, assurer_email: {w}");
    assert!(w.contains(&format!("organization {org_id}: kept 2 private")), "{w}");
    assert!(w.contains(&format!("location {}: kept 1 private", uuid("p-l"))), "{w}");
    assert_eq!(staff_view(format!("/v1/services/{id}")).await, service_before);
    assert_eq!(staff_view(format!("/v1/organizations/{org_id}")).await, org_before);
    assert_eq!(staff_view(format!("/v1/locations/{}", uuid("p-l"))).await, location_before);

    // A change to the public part updates the record and still keeps the private ones.
    let mut changed = public.clone();
    changed["phones"][0]["number"] = json!("+1 215-555-0109");
    let outcome = import(&editor, &changed).await;
    assert_eq!(outcome["updated"], 1, "{outcome}");
    let after = staff_view(format!("/v1/services/{id}")).await;
    assert_eq!(numbers(&after), ["+1 215-555-0109", "+1 215-555-0102"]);
    assert_eq!(names(&after), ["Pat Public", "Sam Secret"]);
});
