//! `/v1/locations`: create (with the default time zone), read (public and staff views),
//! replace, list, delete, refusals; and a moved location moving its services in searches.

use recovery_e2e::agencies::{agency_at, create, id, location, organization, post, walk};
use recovery_e2e::both_backends;
use recovery_e2e::fixtures::{PHILADELPHIA, merged, north_of};
use recovery_e2e::http::{assert_names_field, expect_json, expect_problem, expect_status};
use serde_json::json;

both_backends!(a_location_is_created_read_replaced_listed_and_deleted, |app| async move {
    let editor = app.staff("editor").await;
    let org = id(&create(&editor, "/v1/organizations", &organization("Shelter Org")).await);
    let response = post(&editor, "/v1/locations", &location(&org, "Main office", 2.0)).await;
    let header = response.headers().get("location").unwrap().to_str().unwrap().to_string();
    let created = expect_json(response, 201).await;
    let place = id(&created);
    assert_eq!(header, format!("/v1/locations/{place}"));
    assert_eq!(created["timezone"], "America/New_York", "the default zone: {created}");

    let public = app.get_json(&format!("/v1/locations/{place}")).await;
    assert_eq!(public["phones"].as_array().unwrap().len(), 1, "{public}");
    assert_eq!(public["contacts"], json!([]), "{public}");
    let full = expect_json(editor.get(&format!("/v1/locations/{place}")).send().await.unwrap(), 200).await;
    assert_eq!(full["phones"].as_array().unwrap().len(), 2, "{full}");
    assert_eq!(full["contacts"][0]["name"], "Sam Site", "{full}");

    let moved =
        merged(&location(&org, "Main office", 2.0), json!({"name": "Head office", "timezone": "America/Chicago"}));
    let updated = expect_json(editor.put(&format!("/v1/locations/{place}"), &moved).send().await.unwrap(), 200).await;
    assert_eq!(
        (updated["name"].as_str(), updated["timezone"].as_str()),
        (Some("Head office"), Some("America/Chicago"))
    );
    let listed = walk(&app, "/v1/locations?", 1).await;
    assert_eq!(listed.iter().map(id).collect::<Vec<_>>(), vec![place.clone()]);
    assert_eq!(listed[0]["name"], "Head office");

    expect_status(editor.delete(&format!("/v1/locations/{place}")).send().await.unwrap(), 204).await;
    expect_problem(app.get(&format!("/v1/locations/{place}")).send().await.unwrap(), 404).await;
    let changes =
        expect_json(editor.get(&format!("/v1/changes?entity=location&id={place}")).send().await.unwrap(), 200).await;
    let actions: Vec<&str> =
        changes["items"].as_array().unwrap().iter().map(|c| c["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["create", "update", "delete"]);
});

both_backends!(location_refusals_are_problem_documents, |app| async move {
    let admin = app.staff("admin").await;
    let viewer = app.staff("viewer").await;
    let agency = agency_at(&admin, &app, "Busy place", 1.0, &[]).await;
    let path = format!("/v1/locations/{}", agency.location);
    let body = location(&agency.organization, "X", 1.0);

    let unknown = merged(&body, json!({"floor": 3}));
    assert_names_field(&expect_problem(post(&admin, "/v1/locations", &unknown).await, 400).await, "floor");
    let anonymous = app.request(reqwest::Method::POST, "/v1/locations").json(&body);
    expect_problem(anonymous.send().await.unwrap(), 401).await;
    expect_problem(post(&viewer, "/v1/locations", &body).await, 403).await;
    expect_problem(viewer.put(&path, &body).send().await.unwrap(), 403).await;
    expect_problem(app.get("/v1/locations/123").send().await.unwrap(), 404).await;
    let far_north = merged(&body, json!({"latitude": 91.0}));
    assert_names_field(&expect_problem(post(&admin, "/v1/locations", &far_north).await, 422).await, "latitude");
    let no_org = merged(&body, json!({"organization_id": "01890000-0000-7000-8000-000000000000"}));
    assert_names_field(&expect_problem(post(&admin, "/v1/locations", &no_org).await, 422).await, "organization_id");
    let bad_zone = merged(&body, json!({"timezone": "Mars/Olympus"}));
    expect_problem(post(&admin, "/v1/locations", &bad_zone).await, 400).await;
    // A service is delivered there.
    expect_problem(admin.delete(&path).send().await.unwrap(), 409).await;
});

both_backends!(moving_a_location_moves_its_service_in_distance_results, |app| async move {
    let editor = app.staff("editor").await;
    let near = agency_at(&editor, &app, "Near service", 1.0, &[]).await;
    let far = agency_at(&editor, &app, "Far service", 3.0, &[]).await;
    let (lat, lng) = PHILADELPHIA;
    let query = format!("/v1/services?lat={lat}&lng={lng}&radius_km=10");
    let names = |page: serde_json::Value| -> Vec<String> {
        page["items"].as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(names(app.get_json(&query).await), ["Near service", "Far service"]);

    // The near service's office moves 5 km north: now it is the farther one.
    let moved = location(&near.organization, "Near service office", 5.0);
    expect_json(editor.put(&format!("/v1/locations/{}", near.location), &moved).send().await.unwrap(), 200).await;
    let page = app.get_json(&query).await;
    assert_eq!(names(page.clone()), ["Far service", "Near service"]);
    let item = &page["items"][1];
    assert!((item["distance_km"].as_f64().unwrap() - 5.0).abs() < 0.01, "{item}");
    let (moved_lat, _) = north_of(PHILADELPHIA, 5.0);
    assert!((item["location"]["latitude"].as_f64().unwrap() - moved_lat).abs() < 1e-9, "{item}");
    let _ = far;
});
