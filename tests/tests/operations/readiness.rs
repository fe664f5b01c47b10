//! `/healthz` and `/readyz`: the database, the index, whether the store takes writes, and when
//! it was last checked. (Readiness through faults, such as a PostgreSQL outage or a full disk,
//! is in the `faults` module.)

use recovery_e2e::both_backends;
use recovery_e2e::fixtures::{meeting, merged};
use serde_json::{Value, json};

/// `/readyz`'s body without `checked_at` (a moment), after checking it is one.
pub(crate) fn without_checked_at(mut body: Value) -> Value {
    let checked_at = body["checked_at"].as_str().unwrap_or_else(|| panic!("no checked_at: {body}"));
    assert!(chrono::DateTime::parse_from_rfc3339(checked_at).is_ok(), "{body}");
    body.as_object_mut().unwrap().remove("checked_at");
    body
}

both_backends!(readyz_reports_the_database_and_the_index, |app| async move {
    assert_eq!(app.get_json("/healthz").await, json!({"status": "ok"}));
    let ready = |n: usize| json!({"status": "ready", "database": "ok", "migrations": "current", "writable": true, "index_meetings": n, "draining": false});
    assert_eq!(without_checked_at(app.get_json("/readyz").await), ready(0));

    let editor = app.staff("editor").await;
    for name in ["Ready One", "Ready Two"] {
        editor.create(&meeting(name)).await;
    }
    editor.create(&merged(&meeting("Ready Draft"), json!({"status": "draft"}))).await;
    assert_eq!(without_checked_at(app.get_json("/readyz").await), ready(2), "drafts are not in the index");
});
