//! `PUT /v1/meetings/{id}` (full replace) and `PATCH` (JSON merge patch).

use recovery_e2e::both_backends;
use recovery_e2e::fixtures::{meeting, merged};
use recovery_e2e::http::{expect_json, expect_problem, ids, items};
use serde_json::json;

both_backends!(put_replaces_the_whole_meeting, |app| async move {
    let editor = app.staff("editor").await;
    let original = merged(&meeting("Old Name"), json!({"notes": "Bring a friend.", "group": {"name": "Old Group"}}));
    let created = editor.create(&original).await;
    let id = created["id"].as_str().unwrap();

    let replacement = json!({"name": "New Name", "slug": "new-name", "day": 4, "time": "07:15", "types": ["C"]});
    let response = editor.put(&format!("/v1/meetings/{id}"), &replacement).send().await.unwrap();
    let updated = expect_json(response, 200).await;
    assert_eq!(updated["id"], id);
    assert_eq!(updated["name"], "New Name");
    assert_eq!(updated["slug"], "new-name");
    assert_eq!(updated["day"], 4);
    assert_eq!(updated["time"], "07:15");
    assert_eq!(updated["types"], json!(["C"]));
    for cleared in ["notes", "location", "group", "end_time", "online"] {
        assert!(updated[cleared].is_null(), "PUT without `{cleared}` clears it: {updated}");
    }
    assert_eq!(updated["created_at"], created["created_at"]);
    assert!(updated["updated_at"].as_str() >= created["updated_at"].as_str());
    assert_eq!(app.get_json(&format!("/v1/meetings/{id}")).await, updated);
    assert_eq!(app.get_json("/v1/meetings/new-name").await["id"], id);
    expect_problem(app.get("/v1/meetings/old-name").send().await.unwrap(), 404).await;
});

both_backends!(put_accepts_what_get_returned, |app| async move {
    let editor = app.staff("editor").await;
    let created = editor.create(&meeting("Round Trip")).await;
    let id = created["id"].as_str().unwrap();
    let mut edited = created.clone();
    edited["notes"] = json!("Now with notes.");
    let updated = expect_json(editor.put(&format!("/v1/meetings/{id}"), &edited).send().await.unwrap(), 200).await;
    assert_eq!(updated["notes"], "Now with notes.");
    assert_eq!(updated["location"], created["location"]);
    assert_eq!(updated["id"], created["id"], "read-only fields are ignored");
});

both_backends!(patch_merges, |app| async move {
    let editor = app.staff("editor").await;
    let created = editor.create(&merged(&meeting("Patch Me"), json!({"notes": "Old notes."}))).await;
    let id = created["id"].as_str().unwrap();
    let patch = json!({"time": "18:45", "location": {"notes": "Use the side door."}, "notes": null});
    let updated = expect_json(editor.patch(&format!("/v1/meetings/{id}"), &patch).send().await.unwrap(), 200).await;
    assert_eq!(updated["time"], "18:45");
    assert_eq!(updated["location"]["notes"], "Use the side door.");
    assert_eq!(updated["location"]["address"], created["location"]["address"], "nested objects merge");
    assert_eq!(updated["location"]["latitude"], created["location"]["latitude"]);
    assert!(updated["notes"].is_null(), "null removes: {updated}");
    assert_eq!(updated["name"], "Patch Me");
    assert_eq!(updated["slug"], created["slug"]);
    assert_eq!(updated["types"], created["types"]);
    assert_eq!(app.get_json(&format!("/v1/meetings/{id}")).await, updated);
});

both_backends!(updates_reach_search, |app| async move {
    let editor = app.staff("editor").await;
    let created = editor.create(&meeting("Gratitude Circle")).await;
    let id = created["id"].as_str().unwrap();
    assert_eq!(ids(&items(&app.search("q=gratitude").await)), [id]);

    let patch = json!({"name": "Acceptance Circle", "day": 5});
    expect_json(editor.patch(&format!("/v1/meetings/{id}"), &patch).send().await.unwrap(), 200).await;
    assert_eq!(app.search("q=gratitude").await["total"], 0);
    assert_eq!(ids(&items(&app.search("q=acceptance&day=5").await)), [id]);
    assert_eq!(app.search("day=1").await["total"], 0);

    expect_json(editor.patch(&format!("/v1/meetings/{id}"), &json!({"status": "draft"})).send().await.unwrap(), 200)
        .await;
    assert_eq!(app.search("").await["total"], 0, "a draft leaves search");
    expect_problem(app.get(&format!("/v1/meetings/{id}")).send().await.unwrap(), 404).await;

    expect_json(
        editor.patch(&format!("/v1/meetings/{id}"), &json!({"status": "published"})).send().await.unwrap(),
        200,
    )
    .await;
    assert_eq!(ids(&items(&app.search("q=acceptance").await)), [id], "published again");
});

both_backends!(updates_need_an_editor_and_a_meeting, |app| async move {
    let editor = app.staff("editor").await;
    let created = editor.create(&meeting("Guarded")).await;
    let id = created["id"].as_str().unwrap();
    let path = format!("/v1/meetings/{id}");
    let body = meeting("Changed");

    expect_problem(app.request(reqwest::Method::PUT, &path).json(&body).send().await.unwrap(), 401).await;
    expect_problem(app.request(reqwest::Method::PATCH, &path).json(&body).send().await.unwrap(), 401).await;
    let viewer = app.staff("viewer").await;
    expect_problem(viewer.put(&path, &body).send().await.unwrap(), 403).await;
    expect_problem(viewer.patch(&path, &body).send().await.unwrap(), 403).await;
    assert_eq!(app.get_json(&path).await, created, "unchanged");

    let missing = "/v1/meetings/00000000-0000-0000-0000-000000000000";
    expect_problem(editor.put(missing, &body).send().await.unwrap(), 404).await;
    expect_problem(editor.patch(missing, &json!({"name": "x"})).send().await.unwrap(), 404).await;
});
