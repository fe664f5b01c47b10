//! Conditional GETs: `ETag`, `Last-Modified`, `If-None-Match` and `If-Modified-Since` on
//! meeting reads, searches, regions and programs; how staff answers may be cached.

use std::time::Duration;

use recovery_e2e::fixtures::{meeting, merged};
use recovery_e2e::http::{expect_json, expect_status};
use recovery_e2e::{TestApp, both_backends};
use reqwest::header::{CACHE_CONTROL, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, VARY};
use reqwest::{RequestBuilder, Response};
use serde_json::json;

/// The validators of a 200 answer.
struct Validators {
    etag: String,
    last_modified: Option<String>,
}

fn header(response: &Response, name: reqwest::header::HeaderName) -> Option<String> {
    response.headers().get(name).map(|v| v.to_str().unwrap().to_string())
}

async fn fetch(request: RequestBuilder) -> Validators {
    let response = request.send().await.unwrap();
    let etag = header(&response, ETAG).expect("an ETag");
    let last_modified = header(&response, LAST_MODIFIED);
    expect_status(response, 200).await;
    assert!(etag.starts_with('"') && etag.ends_with('"'), "a strong ETag: {etag}");
    Validators { etag, last_modified }
}

/// The status of `request`; a 304 must repeat the ETag and have no body.
async fn status(request: RequestBuilder, etag: Option<&str>) -> u16 {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    if status == 304 {
        if let Some(etag) = etag {
            assert_eq!(header(&response, ETAG).as_deref(), Some(etag), "a 304 repeats the ETag");
        }
        assert!(response.bytes().await.unwrap().is_empty(), "a 304 has no body");
    }
    status
}

/// Checks the conditional rules on `path` for an anonymous caller: returns the validators.
async fn conditional_rules(app: &TestApp, path: &str) -> Validators {
    let v = fetch(app.get(path)).await;
    let etag = v.etag.as_str();
    assert_eq!(status(app.get(path).header(IF_NONE_MATCH, etag), Some(etag)).await, 304, "{path}");
    assert_eq!(status(app.get(path).header(IF_NONE_MATCH, format!("\"other\", W/{etag}")), Some(etag)).await, 304);
    assert_eq!(status(app.get(path).header(IF_NONE_MATCH, "\"other\""), None).await, 200);
    let modified = v.last_modified.clone().unwrap_or_else(|| panic!("{path} has no Last-Modified"));
    assert_eq!(status(app.get(path).header(IF_MODIFIED_SINCE, &modified), Some(etag)).await, 304, "{path}");
    assert_eq!(status(app.get(path).header(IF_MODIFIED_SINCE, "Thu, 01 Jan 1970 00:00:00 GMT"), None).await, 200);
    assert_eq!(status(app.get(path).header(IF_MODIFIED_SINCE, "not a date"), None).await, 200);
    // If-None-Match wins over If-Modified-Since, either way round.
    let stale_tag = app.get(path).header(IF_NONE_MATCH, "\"other\"").header(IF_MODIFIED_SINCE, &modified);
    assert_eq!(status(stale_tag, None).await, 200);
    let old_date = app.get(path).header(IF_NONE_MATCH, etag).header(IF_MODIFIED_SINCE, "Thu, 01 Jan 1970 00:00:00 GMT");
    assert_eq!(status(old_date, Some(etag)).await, 304);
    v
}

both_backends!(a_meeting_read_is_conditional_and_changes_with_the_meeting, |app| async move {
    let editor = app.staff("editor").await;
    let created = editor.create(&meeting("Conditional")).await;
    let path = format!("/v1/meetings/{}", created["id"].as_str().unwrap());
    let before = conditional_rules(&app, &path).await;
    let response = app.get(&path).send().await.unwrap();
    assert_eq!(header(&response, VARY).as_deref(), Some("Authorization, X-API-Key"));
    assert!(!header(&response, CACHE_CONTROL).unwrap().contains("private"));

    // Last-Modified has whole seconds: change the meeting in a later second.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    expect_json(editor.patch(&path, &json!({"notes": "Changed."})).send().await.unwrap(), 200).await;
    let after = fetch(app.get(&path)).await;
    assert_ne!(after.etag, before.etag);
    assert_ne!(after.last_modified, before.last_modified);
    assert_eq!(status(app.get(&path).header(IF_NONE_MATCH, &before.etag), None).await, 200);
    let since_before = before.last_modified.unwrap();
    assert_eq!(status(app.get(&path).header(IF_MODIFIED_SINCE, &since_before), None).await, 200);
});

both_backends!(staff_views_are_private_and_tagged_apart, |app| async move {
    let editor = app.staff("editor").await;
    let body =
        merged(&meeting("Private Bits"), json!({"contacts": [{"name": "Secret Sam", "email": "sam@example.org"}]}));
    let created = editor.create(&body).await;
    let path = format!("/v1/meetings/{}", created["id"].as_str().unwrap());
    let response = editor.get(&path).send().await.unwrap();
    assert_eq!(header(&response, CACHE_CONTROL).as_deref(), Some("private, no-cache"));
    assert_eq!(header(&response, VARY).as_deref(), Some("Authorization, X-API-Key"));
    let staff_tag = header(&response, ETAG).unwrap();
    assert!(expect_status(response, 200).await.contains("Secret Sam"));
    let public_tag = fetch(app.get(&path)).await.etag;
    assert_ne!(staff_tag, public_tag, "the staff view (with private contacts) is another representation");
    assert_eq!(status(editor.get(&path).header(IF_NONE_MATCH, &staff_tag), Some(&staff_tag)).await, 304);
    assert_eq!(status(editor.get(&path).header(IF_NONE_MATCH, &public_tag), None).await, 200);
    // A draft's staff view is conditional too.
    let draft = editor.create(&merged(&meeting("Draft Bits"), json!({"status": "draft"}))).await;
    let draft_path = format!("/v1/meetings/{}", draft["id"].as_str().unwrap());
    let tag = fetch(editor.get(&draft_path)).await.etag;
    assert_eq!(status(editor.get(&draft_path).header(IF_NONE_MATCH, &tag), Some(&tag)).await, 304);
});

both_backends!(searches_regions_and_programs_are_conditional, |app| async move {
    let editor = app.staff("editor").await;
    editor.create(&meeting("Listed One")).await;
    for path in
        ["/v1/meetings", "/v1/meetings?day=1&limit=5", "/v1/regions", "/v1/programs", "/v1/programs/aa/types?lang=es"]
    {
        conditional_rules(&app, path).await;
    }
    let search = fetch(app.get("/v1/meetings")).await;
    let regions = fetch(app.get("/v1/regions")).await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    editor.create(&merged(&meeting("Listed Two"), json!({"location": {"regions": ["Elsewhere"]}}))).await;
    for (path, old) in [("/v1/meetings", &search), ("/v1/regions", &regions)] {
        let new = fetch(app.get(path)).await;
        assert_ne!(new.etag, old.etag, "{path}");
        assert_eq!(status(app.get(path).header(IF_NONE_MATCH, &old.etag), None).await, 200, "{path}");
        let since = old.last_modified.clone().unwrap();
        assert_eq!(status(app.get(path).header(IF_MODIFIED_SINCE, since), None).await, 200, "{path}");
    }
    // Counted from now, a starts_within search changes with the clock: no Last-Modified.
    let soon = fetch(app.get("/v1/meetings?starts_within=60")).await;
    assert!(soon.last_modified.is_none());
    let pinned = fetch(app.get("/v1/meetings?starts_within=60&at=2026-03-02T18:30:00-05:00")).await;
    assert!(pinned.last_modified.is_some());
});

both_backends!(the_feed_keeps_its_etag, |app| async move {
    let editor = app.staff("editor").await;
    editor.create(&meeting("Fed")).await;
    let tag = fetch(app.get("/feeds/meeting-guide.json")).await.etag;
    assert_eq!(status(app.get("/feeds/meeting-guide.json").header(IF_NONE_MATCH, &tag), Some(&tag)).await, 304);
    assert_eq!(status(app.get("/feeds/meeting-guide.json").header(IF_NONE_MATCH, "*"), Some(&tag)).await, 304);
});
