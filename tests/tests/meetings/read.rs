//! `GET /v1/meetings/{id}`: by id or slug; the public sees published meetings without private
//! contacts, staff see everything.

use recovery_e2e::both_backends;
use recovery_e2e::fixtures::{meeting, merged};
use recovery_e2e::http::{expect_json, expect_problem};
use serde_json::json;

both_backends!(published_meetings_read_by_id_and_by_slug, |app| async move {
    let editor = app.staff("editor").await;
    let created = editor.create(&meeting("Serenity Now")).await;
    let id = created["id"].as_str().unwrap();
    let by_id = app.get_json(&format!("/v1/meetings/{id}")).await;
    let by_slug = app.get_json("/v1/meetings/serenity-now").await;
    assert_eq!(by_id, created);
    assert_eq!(by_slug, created);
});

both_backends!(unknown_meetings_are_404, |app| async move {
    for path in [
        "/v1/meetings/00000000-0000-0000-0000-000000000000",
        "/v1/meetings/no-such-slug",
        "/v1/meetings/%20not%20a%20slug%20",
    ] {
        expect_problem(app.get(path).send().await.unwrap(), 404).await;
    }
});

both_backends!(drafts_and_archived_meetings_are_for_staff_only, |app| async move {
    let editor = app.staff("editor").await;
    let viewer = app.staff("viewer").await;
    for status in ["draft", "archived"] {
        let name = format!("Hidden {status}");
        let created = editor.create(&merged(&meeting(&name), json!({"status": status}))).await;
        let id = created["id"].as_str().unwrap();
        let slug = created["slug"].as_str().unwrap();
        for key in [id, slug] {
            expect_problem(app.get(&format!("/v1/meetings/{key}")).send().await.unwrap(), 404).await;
            let as_viewer = expect_json(viewer.get(&format!("/v1/meetings/{key}")).send().await.unwrap(), 200).await;
            assert_eq!(as_viewer["status"], status);
            assert_eq!(as_viewer["id"], id);
        }
    }
    assert_eq!(app.search("").await["total"], 0, "neither is public");
});

both_backends!(private_contacts_are_for_staff_only, |app| async move {
    let editor = app.staff("editor").await;
    let body = merged(
        &meeting("Contacts Meeting"),
        json!({"contacts": [
            {"name": "Prudence Private", "email": "prudence.private@example.org", "phone": "215-555-0199", "public": false},
            {"name": "Paula Public", "email": "paula.public@example.org", "phone": "215-555-0123", "public": true},
            {"name": "Quentin Quiet", "email": "quentin.quiet@example.org"}
        ]}),
    );
    let created = editor.create(&body).await;
    let id = created["id"].as_str().unwrap();

    let public = app.get(&format!("/v1/meetings/{id}")).send().await.unwrap().text().await.unwrap();
    for secret in ["Prudence", "prudence.private", "215-555-0199", "Quentin", "quentin.quiet"] {
        assert!(!public.contains(secret), "the public read shows `{secret}`: {public}");
    }
    let public: serde_json::Value = serde_json::from_str(&public).unwrap();
    assert_eq!(
        public["contacts"],
        json!([{"name": "Paula Public", "email": "paula.public@example.org", "phone": "215-555-0123", "public": true}])
    );

    let search = app.get("/v1/meetings?q=contacts").send().await.unwrap().text().await.unwrap();
    assert!(search.contains("Paula Public"), "{search}");
    for secret in ["Prudence", "prudence.private", "215-555-0199", "Quentin", "quentin.quiet"] {
        assert!(!search.contains(secret), "search shows `{secret}`: {search}");
    }

    let viewer = app.staff("viewer").await;
    let staff_view = viewer.read(id).await;
    assert_eq!(staff_view["contacts"].as_array().unwrap().len(), 3, "{staff_view}");
    assert_eq!(staff_view["contacts"][0]["email"], "prudence.private@example.org");
    assert_eq!(staff_view["contacts"][2]["public"], false, "private unless marked public");
});

both_backends!(a_bad_token_on_a_read_is_401_not_anonymous, |app| async move {
    let editor = app.staff("editor").await;
    let created = editor.create(&meeting("Token Check")).await;
    let id = created["id"].as_str().unwrap();
    let response = app.get(&format!("/v1/meetings/{id}")).bearer_auth("not-a-token").send().await.unwrap();
    expect_problem(response, 401).await;
});
