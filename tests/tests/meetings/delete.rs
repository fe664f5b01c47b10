//! `DELETE /v1/meetings/{id}`: archives the meeting.

use recovery_e2e::both_backends;
use recovery_e2e::fixtures::meeting;
use recovery_e2e::http::{expect_json, expect_problem, expect_status, ids, items};
use serde_json::{Value, json};

both_backends!(delete_archives, |app| async move {
    let editor = app.staff("editor").await;
    let kept = editor.create(&meeting("Kept Meeting")).await;
    let gone = editor.create(&meeting("Archived Meeting")).await;
    let id = gone["id"].as_str().unwrap();
    let path = format!("/v1/meetings/{id}");
    assert_eq!(app.search("").await["total"], 2);

    let body = expect_status(editor.delete(&path).send().await.unwrap(), 204).await;
    assert!(body.is_empty(), "204 has no body: {body}");

    expect_problem(app.get(&path).send().await.unwrap(), 404).await;
    expect_problem(app.get("/v1/meetings/archived-meeting").send().await.unwrap(), 404).await;
    let staff_view = editor.read(id).await;
    assert_eq!(staff_view["status"], "archived");
    assert_eq!(staff_view["name"], "Archived Meeting");

    let page = app.search("").await;
    assert_eq!(page["total"], 1);
    assert_eq!(ids(&items(&page)), [kept["id"].as_str().unwrap()]);
    assert_eq!(app.search("q=archived").await["total"], 0);

    let feed: Value = app.get_json("/feeds/meeting-guide.json").await;
    let slugs: Vec<&str> = feed.as_array().unwrap().iter().map(|m| m["slug"].as_str().unwrap()).collect();
    assert_eq!(slugs, ["kept-meeting"]);

    // Restoring is a write like any other.
    let restored = expect_json(editor.patch(&path, &json!({"status": "published"})).send().await.unwrap(), 200).await;
    assert_eq!(restored["status"], "published");
    assert_eq!(app.get_json(&path).await["id"], id);
});

both_backends!(delete_needs_an_editor_and_a_meeting, |app| async move {
    let editor = app.staff("editor").await;
    let created = editor.create(&meeting("Not Yours")).await;
    let path = format!("/v1/meetings/{}", created["id"].as_str().unwrap());

    expect_problem(app.request(reqwest::Method::DELETE, &path).send().await.unwrap(), 401).await;
    let viewer = app.staff("viewer").await;
    expect_problem(viewer.delete(&path).send().await.unwrap(), 403).await;
    assert_eq!(app.get_json(&path).await, created, "still published");

    expect_problem(editor.delete("/v1/meetings/00000000-0000-0000-0000-000000000000").send().await.unwrap(), 404).await;
    let admin = app.staff("admin").await;
    expect_status(admin.delete(&path).send().await.unwrap(), 204).await;
    expect_problem(app.get(&path).send().await.unwrap(), 404).await;
});
