//! A slow, failing or hostile source fails its own run with a clear reason, writes nothing,
//! and leaves the other sources working.

use recovery_e2e::{Staff, TestApp, both_backends};
use recovery_standin::{Reply, StandIn};
use serde_json::Value;

use super::common::*;

/// A healthy source, synced once (two meetings); its feed gains a third afterwards.
async fn healthy(app: &TestApp, editor: &Staff, feed: &StandIn) -> (String, Vec<Value>) {
    let mut records = vec![
        mg_record("healthy-one", "Healthy One", "08:00", 39.95, -75.16),
        mg_record("healthy-two", "Healthy Two", "09:00", 39.96, -75.17),
    ];
    feed.route("/healthy.json", Reply::json(serde_json::to_vec(&records).unwrap()));
    let source_id =
        id(&create_source(editor, &source("Healthy", "meeting-guide", Some(&feed.url("/healthy.json")))).await);
    assert_accounted(&sync(editor, &source_id).await, 2);
    assert_eq!(total(app, "").await, 2);
    records.push(mg_record("healthy-three", "Healthy Three", "10:00", 39.97, -75.18));
    feed.route("/healthy.json", Reply::json(serde_json::to_vec(&records).unwrap()));
    (source_id, records)
}

/// Registers a source at `path` on `feed`, syncs it, and checks the run failed for one of
/// `words` and wrote nothing (no change-log entries, the same public total).
async fn fails(app: &TestApp, editor: &Staff, feed: &StandIn, path: &str, words: &[&str]) -> Value {
    let before = total(app, "").await;
    let source_id = id(&create_source(editor, &source(path, "meeting-guide", Some(&feed.url(path)))).await);
    // Registering the source is logged; the run must add nothing after that.
    let cursor_after_create = changes_cursor(editor).await;
    let run = sync(editor, &source_id).await;
    assert_failed(&run, words);
    assert_eq!(total(app, "").await, before, "{path}: nothing published");
    let (entries, _) = changes_after(editor, cursor_after_create.as_deref()).await;
    assert!(entries.is_empty(), "{path}: a failed run logged {entries:#?}");
    let listed = runs(editor, &source_id).await;
    assert_eq!(listed.len(), 1, "{path}: the failed run is recorded");
    assert_eq!(listed[0]["status"], "failed");
    run
}

both_backends!(hostile_sources_fail_alone, backend: |backend| async move {
    let feed = StandIn::start();
    feed.route("/500.json", Reply::status(500))
        .route("/challenge.json", Reply::challenge_page())
        .route("/huge.json", Reply::Huge(50 * 1024 * 1024))
        .route("/slow.json", Reply::Endless);
    let mut latin1 = br#"[{"slug":"cafe","name":"Caf"#.to_vec();
    latin1.extend_from_slice(b"\xe9 Group\",\"day\":1,\"time\":\"19:00\",\"address\":\"1 Main St\",\"city\":\"Philadelphia\"}]");
    feed.route("/latin1.json", Reply::json(latin1));
    let app = feed_app(backend, &[("RD_FETCH_MAX_BYTES", "1048576"), ("RD_FETCH_TIMEOUT_SECS", "2")]).await;
    let editor = app.staff("editor").await;
    let (healthy_id, _) = healthy(&app, &editor, &feed).await;

    fails(&app, &editor, &feed, "/500.json", &["500"]).await;
    fails(&app, &editor, &feed, "/challenge.json", &["html"]).await;
    fails(&app, &editor, &feed, "/huge.json", &["1048576", "bytes", "large", "MiB"]).await;
    fails(&app, &editor, &feed, "/latin1.json", &["utf-8", "utf8"]).await;
    fails(&app, &editor, &feed, "/slow.json", &["within", "time"]).await;

    // The healthy source still syncs, and its earlier run is untouched.
    let run = sync(&editor, &healthy_id).await;
    assert_succeeded(&run);
    assert_eq!(counts(&run), [1, 0, 2, 0, 0, 0], "{run:#}");
    assert_eq!(total(&app, "").await, 3);
    let listed = runs(&editor, &healthy_id).await;
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().all(|r| r["status"] == "succeeded"), "{listed:#?}");
});

both_backends!(fifty_megabytes_against_the_default_cap, backend: |backend| async move {
    let feed = StandIn::start();
    feed.route("/huge.json", Reply::Huge(50 * 1024 * 1024));
    let app = feed_app(backend, &[]).await;
    let editor = app.staff("editor").await;
    let (healthy_id, _) = healthy(&app, &editor, &feed).await;
    fails(&app, &editor, &feed, "/huge.json", &[&(20 * 1024 * 1024).to_string(), "bytes", "large"]).await;
    assert_eq!(counts(&sync(&editor, &healthy_id).await), [1, 0, 2, 0, 0, 0]);
});

both_backends!(an_upload_over_the_cap_is_refused, backend: |backend| async move {
    let app = feed_app(backend, &[("RD_FETCH_MAX_BYTES", "1048576")]).await;
    let editor = app.staff("editor").await;
    let source_id = id(&create_source(&editor, &source("Uploads", "meeting-guide", None)).await);
    let body = vec![b' '; 2 * 1024 * 1024];
    let response = editor
        .request(reqwest::Method::POST, &format!("/v1/sources/{source_id}/sync"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 413);
    // A source without a URL cannot be fetched: a sync without a file is refused.
    let empty = editor.request(reqwest::Method::POST, &format!("/v1/sources/{source_id}/sync")).send().await.unwrap();
    assert_eq!(empty.status().as_u16(), 422);
});
