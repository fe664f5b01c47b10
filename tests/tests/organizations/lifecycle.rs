//! `/v1/organizations`: create, read (public and staff views), replace, list, delete, and
//! every refusal as a problem document.

use recovery_e2e::agencies::{create, id, location, organization, post, walk};
use recovery_e2e::fixtures::merged;
use recovery_e2e::http::{assert_names_field, expect_json, expect_problem, expect_status};
use recovery_e2e::{Staff, both_backends};
use serde_json::{Value, json};

/// The numbers of a record's phones.
fn numbers(record: &Value) -> Vec<&str> {
    record["phones"].as_array().unwrap().iter().map(|p| p["number"].as_str().unwrap()).collect()
}

/// The staff change-log entries about `entity` `id`, oldest first: their actions.
async fn actions(staff: &Staff, entity: &str, id: &str) -> Vec<String> {
    let path = format!("/v1/changes?entity={entity}&id={id}&limit=100");
    let page = expect_json(staff.get(&path).send().await.unwrap(), 200).await;
    page["items"].as_array().unwrap().iter().map(|c| c["action"].as_str().unwrap().to_string()).collect()
}

both_backends!(an_organization_is_created_read_replaced_and_deleted, |app| async move {
    let admin = app.staff("admin").await;
    let response = post(&admin, "/v1/organizations", &organization("  Hope Works  ")).await;
    let location_header = response.headers().get("location").unwrap().to_str().unwrap().to_string();
    let created = expect_json(response, 201).await;
    let org = id(&created);
    assert_eq!(location_header, format!("/v1/organizations/{org}"));
    assert_eq!(created["name"], "Hope Works", "trimmed: {created}");
    assert!(created["created_at"].is_string() && created["updated_at"].is_string(), "{created}");

    // The public sees public phones only and no private contact; staff see everything.
    let public = app.get_json(&format!("/v1/organizations/{org}")).await;
    assert_eq!(numbers(&public), ["+1 215-555-0100"], "{public}");
    assert_eq!(public["contacts"], json!([]), "{public}");
    let viewer = app.staff("viewer").await;
    let full = expect_json(viewer.get(&format!("/v1/organizations/{org}")).send().await.unwrap(), 200).await;
    assert_eq!(numbers(&full), ["+1 215-555-0100", "+1 215-555-0199"], "{full}");
    assert_eq!(full["contacts"][0]["email"], "pat@agency.example.org", "{full}");

    // Replace: fields left out are cleared.
    let replaced = json!({"name": "Hope Works Philadelphia", "description": "Jobs and training."});
    let updated =
        expect_json(admin.put(&format!("/v1/organizations/{org}"), &replaced).send().await.unwrap(), 200).await;
    assert_eq!(updated["name"], "Hope Works Philadelphia");
    assert!(updated.get("email").is_none() && updated["phones"] == json!([]), "{updated}");
    assert_eq!(app.get_json(&format!("/v1/organizations/{org}")).await["name"], "Hope Works Philadelphia");

    let listed = walk(&app, "/v1/organizations?", 10).await;
    assert!(listed.iter().any(|o| o["id"] == org.as_str()), "{listed:?}");

    expect_status(admin.delete(&format!("/v1/organizations/{org}")).send().await.unwrap(), 204).await;
    expect_problem(app.get(&format!("/v1/organizations/{org}")).send().await.unwrap(), 404).await;
    expect_problem(admin.get(&format!("/v1/organizations/{org}")).send().await.unwrap(), 404).await;
    assert_eq!(actions(&admin, "organization", &org).await, ["create", "update", "delete"]);
});

both_backends!(the_organization_list_pages_by_id_and_visits_each_once, |app| async move {
    let editor = app.staff("editor").await;
    let mut made = Vec::new();
    for i in 0..5 {
        made.push(id(&create(&editor, "/v1/organizations", &organization(&format!("Agency {i}"))).await));
    }
    made.sort();
    for limit in [1, 2, 3] {
        let listed = walk(&app, "/v1/organizations?", limit).await;
        let ids: Vec<String> = listed.iter().map(id).collect();
        assert_eq!(ids, made, "limit {limit}");
        assert!(listed.iter().all(|o| o["contacts"] == json!([])), "public views only");
    }
    let page = app.get_json("/v1/organizations?limit=2").await;
    assert_eq!(page["total"], 5);
    let bad = expect_problem(app.get("/v1/organizations?limit=0").send().await.unwrap(), 400).await;
    assert_names_field(&bad, "limit");
    let bad = expect_problem(app.get("/v1/organizations?cursor=nonsense").send().await.unwrap(), 400).await;
    assert_names_field(&bad, "cursor");
});

both_backends!(organization_refusals_are_problem_documents, |app| async move {
    let admin = app.staff("admin").await;
    let viewer = app.staff("viewer").await;
    let org = id(&create(&admin, "/v1/organizations", &organization("Refusals")).await);
    let path = format!("/v1/organizations/{org}");

    // 400: malformed JSON, an unknown field.
    let malformed =
        admin.request(reqwest::Method::POST, "/v1/organizations").header("content-type", "application/json");
    expect_problem(malformed.body("{\"name\": ").send().await.unwrap(), 400).await;
    let unknown = merged(&organization("X"), json!({"colour": "red"}));
    let problem = expect_problem(post(&admin, "/v1/organizations", &unknown).await, 400).await;
    assert_names_field(&problem, "colour");
    // 401 without credentials, 403 for a viewer.
    let anonymous = app.request(reqwest::Method::POST, "/v1/organizations").json(&organization("X"));
    expect_problem(anonymous.send().await.unwrap(), 401).await;
    expect_problem(post(&viewer, "/v1/organizations", &organization("X")).await, 403).await;
    expect_problem(viewer.put(&path, &organization("X")).send().await.unwrap(), 403).await;
    expect_problem(viewer.delete(&path).send().await.unwrap(), 403).await;
    expect_problem(app.request(reqwest::Method::DELETE, &path).send().await.unwrap(), 401).await;
    // 404: not an id, no such id.
    expect_problem(app.get("/v1/organizations/not-an-id").send().await.unwrap(), 404).await;
    let nobody = "/v1/organizations/01890000-0000-7000-8000-000000000000";
    expect_problem(app.get(nobody).send().await.unwrap(), 404).await;
    expect_problem(admin.put(nobody, &organization("X")).send().await.unwrap(), 404).await;
    expect_problem(admin.delete(nobody).send().await.unwrap(), 404).await;
    // 413: a body over 1 MiB.
    let huge = merged(&organization("X"), json!({"description": "x".repeat(1_100_000)}));
    expect_problem(post(&admin, "/v1/organizations", &huge).await, 413).await;
    // 422: no name; a parent that does not exist.
    let problem =
        expect_problem(post(&admin, "/v1/organizations", &merged(&organization("X"), json!({"name": " "}))).await, 422)
            .await;
    assert_names_field(&problem, "name");
    let orphan = merged(&organization("X"), json!({"parent_organization_id": "01890000-0000-7000-8000-000000000000"}));
    let problem = expect_problem(post(&admin, "/v1/organizations", &orphan).await, 422).await;
    assert_names_field(&problem, "parent_organization_id");
    // 409: still referred to by a location.
    create(&admin, "/v1/locations", &location(&org, "Office", 1.0)).await;
    expect_problem(admin.delete(&path).send().await.unwrap(), 409).await;
    assert_eq!(app.get_json(&path).await["name"], "Refusals");
});
