//! Draft → published → archived and back, through `PUT` and `PATCH`: what an editor expects,
//! and that public reads, searches, regions and the feed show published meetings only.

use recovery_e2e::fixtures::{meeting, merged};
use recovery_e2e::http::{expect_json, expect_problem, expect_status, ids, items};
use recovery_e2e::{Staff, TestApp, both_backends};
use serde_json::{Value, json};

/// Asserts whether the public sees meeting `id` (slug `slug`) anywhere: read by id and by slug,
/// search, the region tree and the Meeting Guide feed.
async fn assert_public(app: &TestApp, id: &str, slug: &str, visible: bool) {
    let by_id = app.get(&format!("/v1/meetings/{id}")).send().await.unwrap();
    let by_slug = app.get(&format!("/v1/meetings/{slug}")).send().await.unwrap();
    if visible {
        assert_eq!(expect_json(by_id, 200).await["id"], id);
        assert_eq!(expect_json(by_slug, 200).await["id"], id);
    } else {
        expect_problem(by_id, 404).await;
        expect_problem(by_slug, 404).await;
    }
    let found = ids(&items(&app.search("").await)).contains(&id.to_string());
    assert_eq!(found, visible, "search");
    let feed: Value = app.get_json("/feeds/meeting-guide.json").await;
    let in_feed = feed.as_array().unwrap().iter().any(|e| e["slug"] == slug);
    assert_eq!(in_feed, visible, "feed: {feed}");
    let regions = app.get_json("/v1/regions").await.to_string();
    assert_eq!(regions.contains("Center City"), visible, "regions: {regions}");
}

async fn set_status(editor: &Staff, id: &str, status: &str) -> Value {
    let path = format!("/v1/meetings/{id}");
    expect_json(editor.patch(&path, &json!({"status": status})).send().await.unwrap(), 200).await
}

both_backends!(a_draft_is_published_archived_and_restored, |app| async move {
    let editor = app.staff("editor").await;
    let draft = editor.create(&merged(&meeting("Lifecycle"), json!({"status": "draft"}))).await;
    let id = draft["id"].as_str().unwrap();
    assert_eq!(draft["status"], "draft");
    assert_public(&app, id, "lifecycle", false).await;
    assert_eq!(editor.read(id).await["status"], "draft", "staff see drafts");

    // Publish the draft with a whole replacement.
    let put = merged(&draft, json!({"status": "published"}));
    let published = expect_json(editor.put(&format!("/v1/meetings/{id}"), &put).send().await.unwrap(), 200).await;
    assert_eq!(published["status"], "published");
    assert_public(&app, id, "lifecycle", true).await;

    // Archive by PATCH (as DELETE does).
    let archived = set_status(&editor, id, "archived").await;
    assert_eq!(archived["name"], "Lifecycle");
    assert_public(&app, id, "lifecycle", false).await;

    // Restore an archived meeting to draft: still private.
    assert_eq!(set_status(&editor, id, "draft").await["status"], "draft");
    assert_public(&app, id, "lifecycle", false).await;

    // …and to published: public again, content intact.
    let restored = set_status(&editor, id, "published").await;
    assert_eq!(restored["location"], draft["location"]);
    assert_eq!(restored["created_at"], draft["created_at"]);
    assert_public(&app, id, "lifecycle", true).await;

    // Archived by DELETE, restored straight to published by PUT.
    expect_status(editor.delete(&format!("/v1/meetings/{id}")).send().await.unwrap(), 204).await;
    assert_public(&app, id, "lifecycle", false).await;
    let back = expect_json(editor.put(&format!("/v1/meetings/{id}"), &put).send().await.unwrap(), 200).await;
    assert_eq!(back["status"], "published");
    assert_public(&app, id, "lifecycle", true).await;

    // A status that does not exist is refused, and nothing changes.
    let response = editor.patch(&format!("/v1/meetings/{id}"), &json!({"status": "deleted"})).send().await.unwrap();
    let problem = expect_problem(response, 422).await;
    recovery_e2e::http::assert_names_field(&problem, "status");
    assert_public(&app, id, "lifecycle", true).await;
});
