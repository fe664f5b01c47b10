//! `/v1/taxonomy_terms` and `/v1/taxonomies`: the seeded categories, staff-added terms, and
//! their place in category searches.

use recovery_e2e::agencies::{agency_at, create, id, post, term_id, walk};
use recovery_e2e::both_backends;
use recovery_e2e::http::{assert_names_field, expect_json, expect_problem, expect_status};
use serde_json::json;

both_backends!(the_seeded_categories_are_listed_with_their_hierarchy, |app| async move {
    let terms = walk(&app, "/v1/taxonomy_terms?", 7).await;
    let code_of = |id: &serde_json::Value| terms.iter().find(|t| t["id"] == *id).map(|t| t["code"].clone());
    for code in ["employment", "education", "family-counseling", "housing", "recovery-support"] {
        let term = terms.iter().find(|t| t["code"] == code).unwrap_or_else(|| panic!("no {code}"));
        assert!(term.get("parent_id").is_none(), "{term}");
    }
    let sober = terms.iter().find(|t| t["code"] == "sober-living").unwrap();
    assert_eq!(code_of(&sober["parent_id"]), Some(json!("housing")));
    let taxonomies = app.get_json("/v1/taxonomies").await;
    let taxonomy = &taxonomies.as_array().unwrap()[0];
    assert!(taxonomy["name"].is_string(), "{taxonomies}");
    assert!(terms.iter().all(|t| t["taxonomy_id"] == taxonomy["id"]), "every seeded term is in it");
});

both_backends!(a_term_staff_add_is_found_under_its_parent_category, |app| async move {
    let editor = app.staff("editor").await;
    let housing = term_id(&app, "housing").await;
    let body = json!({"code": "recovery-residences", "name": "Recovery residences", "description": "Certified homes.",
                      "parent_id": housing});
    let response = post(&editor, "/v1/taxonomy_terms", &body).await;
    assert!(response.headers().get("location").is_some());
    let term = expect_json(response, 201).await;
    let term_path = format!("/v1/taxonomy_terms/{}", id(&term));
    assert_eq!(app.get_json(&term_path).await["code"], "recovery-residences");

    let agency = agency_at(&editor, &app, "Oxford House", 1.0, &["recovery-residences"]).await;
    let found = app.get_json("/v1/services?category=housing").await;
    assert_eq!(found["items"][0]["id"], agency.service.as_str(), "{found}");
    assert_eq!(found["items"][0]["categories"][0]["code"], "recovery-residences", "{found}");

    // Renamed in place; a service uses it, so it stays.
    let renamed = json!({"code": "recovery-residences", "name": "Recovery homes", "description": "Certified homes.",
                         "parent_id": housing});
    expect_json(editor.put(&term_path, &renamed).send().await.unwrap(), 200).await;
    assert_eq!(app.get_json(&term_path).await["name"], "Recovery homes");
    expect_problem(editor.delete(&term_path).send().await.unwrap(), 409).await;
    expect_status(editor.delete(&format!("/v1/services/{}", agency.service)).send().await.unwrap(), 204).await;
    expect_status(editor.delete(&term_path).send().await.unwrap(), 204).await;
    expect_problem(app.get(&term_path).send().await.unwrap(), 404).await;
});

both_backends!(term_refusals_are_problem_documents, |app| async move {
    let admin = app.staff("admin").await;
    let viewer = app.staff("viewer").await;
    let body = json!({"code": "new-term", "name": "New", "description": "A new term."});
    expect_problem(app.request(reqwest::Method::POST, "/v1/taxonomy_terms").json(&body).send().await.unwrap(), 401)
        .await;
    expect_problem(post(&viewer, "/v1/taxonomy_terms", &body).await, 403).await;
    create(&admin, "/v1/taxonomy_terms", &body).await;
    let taken = expect_problem(post(&admin, "/v1/taxonomy_terms", &body).await, 409).await;
    assert_names_field(&taken, "code");
    let orphan = json!({"code": "orphan", "name": "Orphan", "description": "x",
                        "parent_id": "01890000-0000-7000-8000-000000000000"});
    assert_names_field(&expect_problem(post(&admin, "/v1/taxonomy_terms", &orphan).await, 422).await, "parent_id");
    let bad_code = json!({"code": "Not A Code!", "name": "X", "description": "x"});
    assert_names_field(&expect_problem(post(&admin, "/v1/taxonomy_terms", &bad_code).await, 422).await, "code");
    // Housing has narrower terms.
    let housing = term_id(&app, "housing").await;
    expect_problem(admin.delete(&format!("/v1/taxonomy_terms/{housing}")).send().await.unwrap(), 409).await;
    expect_problem(app.get("/v1/taxonomy_terms/housing").send().await.unwrap(), 404).await;
});
