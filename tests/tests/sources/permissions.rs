//! Who may do what: the public nothing (401), viewers read (403 on writes and syncs), editors
//! and admins everything.

use recovery_e2e::both_backends;
use reqwest::Method;

use super::common::*;

both_backends!(sources_are_for_staff, |app| async move {
    let editor = app.staff("editor").await;
    let viewer = app.staff("viewer").await;
    let admin = app.staff("admin").await;
    let source_id = id(&create_source(&editor, &source("Uploads", "meeting-guide", None)).await);
    let run = upload(&editor, &source_id, b"[]".to_vec()).await;
    assert_succeeded(&run);
    let run_id = id(&run);

    let reads = [
        "/v1/sources".to_string(),
        format!("/v1/sources/{source_id}"),
        format!("/v1/sources/{source_id}/runs"),
        format!("/v1/imports/{run_id}"),
        "/v1/duplicates".to_string(),
        "/v1/flagged".to_string(),
    ];
    let writes = [
        (Method::POST, "/v1/sources".to_string()),
        (Method::PUT, format!("/v1/sources/{source_id}")),
        (Method::POST, format!("/v1/sources/{source_id}/sync")),
        (Method::DELETE, format!("/v1/sources/{source_id}")),
    ];
    for path in &reads {
        assert_status(&app, None, Method::GET, path, 401).await;
        assert_status(&app, Some(&viewer), Method::GET, path, 200).await;
        assert_status(&app, Some(&admin), Method::GET, path, 200).await;
    }
    for (method, path) in &writes {
        assert_status(&app, None, method.clone(), path, 401).await;
        assert_status(&app, Some(&viewer), method.clone(), path, 403).await;
    }
    // Admins write too: an upload, then the delete.
    assert_succeeded(&upload(&admin, &source_id, b"[]".to_vec()).await);
    assert_status(&app, Some(&admin), Method::DELETE, &format!("/v1/sources/{source_id}"), 204).await;
    assert_status(&app, Some(&editor), Method::GET, &format!("/v1/sources/{source_id}"), 404).await;
    // Its runs outlive it.
    assert_status(&app, Some(&viewer), Method::GET, &format!("/v1/imports/{run_id}"), 200).await;
});
