//! One service created, read (public and staff views), replaced and deleted, and the refusals.

use recovery_e2e::agencies::{agency_at, create, id, location, organization, post, service};
use recovery_e2e::both_backends;
use recovery_e2e::fixtures::merged;
use recovery_e2e::http::{assert_names_field, error_fields, expect_json, expect_problem, expect_status};
use serde_json::json;

use super::*;

both_backends!(a_service_is_created_read_replaced_and_deleted, |app| async move {
    let editor = app.staff("editor").await;
    let agency = agency_at(&editor, &app, "Job Club", 1.0, &["job-training"]).await;
    let path = format!("/v1/services/{}", agency.service);
    let public = app.get_json(&path).await;
    assert_eq!(public["name"], "Job Club");
    assert_eq!(public["phones"].as_array().unwrap().len(), 1, "private phone hidden: {public}");
    assert_eq!(public["contacts"], json!([]), "{public}");
    let full = expect_json(editor.get(&path).send().await.unwrap(), 200).await;
    assert_eq!(full["phones"].as_array().unwrap().len(), 2, "{full}");
    assert_eq!(full["contacts"][0]["name"], "Casey Case", "{full}");
    assert_eq!(full["service_at_locations"][0]["location_id"], agency.location.as_str());

    let mut changed = service(&agency.organization, "Job Club", &[&agency.location], &[]);
    changed["status"] = json!("temporarily closed");
    let updated = expect_json(editor.put(&path, &changed).send().await.unwrap(), 200).await;
    assert_eq!(updated["status"], "temporarily closed");
    // Still readable, no longer offered in searches.
    assert_eq!(app.get_json(&path).await["status"], "temporarily closed");
    assert_eq!(search(&app, "q=job").await["total"], 0);

    expect_status(editor.delete(&path).send().await.unwrap(), 204).await;
    expect_problem(app.get(&path).send().await.unwrap(), 404).await;
    let changes = expect_json(
        editor.get(&format!("/v1/changes?entity=service&id={}", agency.service)).send().await.unwrap(),
        200,
    )
    .await;
    let actions: Vec<&str> =
        changes["items"].as_array().unwrap().iter().map(|c| c["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["create", "update", "delete"]);
});

both_backends!(service_refusals_are_problem_documents, |app| async move {
    let admin = app.staff("admin").await;
    let viewer = app.staff("viewer").await;
    let org = id(&create(&admin, "/v1/organizations", &organization("Refusing")).await);
    let place = id(&create(&admin, "/v1/locations", &location(&org, "Office", 1.0)).await);
    let body = service(&org, "Valid", &[&place], &[]);
    expect_problem(app.request(reqwest::Method::POST, "/v1/services").json(&body).send().await.unwrap(), 401).await;
    expect_problem(post(&viewer, "/v1/services", &body).await, 403).await;
    let nobody = "01890000-0000-7000-8000-000000000000";
    let problem = expect_problem(post(&admin, "/v1/services", &service(nobody, "X", &[], &[])).await, 422).await;
    assert_names_field(&problem, "organization_id");
    let problem = expect_problem(post(&admin, "/v1/services", &service(&org, "X", &[nobody], &[])).await, 422).await;
    assert!(error_fields(&problem).iter().any(|f| f.starts_with("service_at_locations")), "{problem}");
    let problem = expect_problem(post(&admin, "/v1/services", &service(&org, "X", &[], &[nobody])).await, 422).await;
    assert!(error_fields(&problem).iter().any(|f| f.starts_with("categories")), "{problem}");
    let too_young = merged(&body, json!({"minimum_age": 70, "maximum_age": 20}));
    expect_problem(post(&admin, "/v1/services", &too_young).await, 422).await;
    let bad_status = merged(&body, json!({"status": "sleeping"}));
    expect_problem(post(&admin, "/v1/services", &bad_status).await, 400).await;
    expect_problem(admin.put(&format!("/v1/services/{nobody}"), &body).send().await.unwrap(), 404).await;
    expect_problem(app.get("/v1/services/x").send().await.unwrap(), 404).await;
});
