//! Sync semantics: an unchanged re-run writes nothing, a changed record updates its listing, a
//! vanished one is archived (not deleted), a staff edit is never overwritten (a conflict), a
//! colliding slug gets a suffix, and every run is listed and readable.

use recovery_e2e::fixtures::meeting;
use recovery_e2e::http::expect_json;
use recovery_e2e::{TestApp, both_backends};
use recovery_standin::{Reply, StandIn};
use serde_json::{Value, json};

use super::common::*;

/// Three meetings a few hundred metres apart.
fn feed_records() -> Vec<Value> {
    vec![
        mg_record("sunrise-group", "Sunrise Group", "07:00", 39.9494, -75.1664),
        mg_record("noon-meditation", "Noon Meditation", "12:00", 39.9520, -75.1700),
        mg_record("evening-steps", "Evening Steps", "19:30", 39.9550, -75.1600),
    ]
}

fn serve(feed: &StandIn, records: &[Value]) {
    feed.route("/feed.json", Reply::json(serde_json::to_vec(records).unwrap()));
}

/// The published listing named `name` (found by a public search).
async fn listing(app: &TestApp, name: &str) -> Value {
    let page = app.search(&format!("q={}", name.replace(' ', "%20"))).await;
    let found: Vec<Value> = list(&page).into_iter().filter(|m| m["name"] == name).collect();
    assert_eq!(found.len(), 1, "one listing named {name}: {page:#}");
    found[0].clone()
}

both_backends!(re_runs_update_archive_and_keep_staff_edits, backend: |backend| async move {
    let feed = StandIn::start();
    let mut records = feed_records();
    serve(&feed, &records);
    let app = feed_app(backend, &[]).await;
    let editor = app.staff("editor").await;
    // A meeting staff entered by hand holds the slug the feed names.
    let local = editor.create(&meeting("Sunrise Group")).await;
    assert_eq!(local["slug"], "sunrise-group");
    let source_id = id(&create_source(&editor, &source("Center City", "meeting-guide", Some(&feed.url("/feed.json")))).await);

    let first = sync(&editor, &source_id).await;
    assert_accounted(&first, 3);
    let imported: Vec<Value> = list(&app.search("q=sunrise").await);
    assert_eq!(imported.len(), 2, "the local meeting and the import: {imported:#?}");
    let sunrise_import = imported.iter().find(|m| m["id"] != local["id"]).unwrap();
    assert_eq!(sunrise_import["slug"], "sunrise-group-2", "a colliding slug gets a suffix");
    let noon = editor.read(&id(&listing(&app, "Noon Meditation").await)).await;

    // Unchanged: nothing written, `updated_at` untouched, no change-log entries.
    let cursor = changes_cursor(&editor).await;
    let again = sync(&editor, &source_id).await;
    assert_succeeded(&again);
    assert_eq!(counts(&again), [0, 0, 3, 0, 0, 0], "{again:#}");
    let (entries, _) = changes_after(&editor, cursor.as_deref()).await;
    assert!(entries.is_empty(), "an unchanged re-run logged {entries:#?}");
    assert_eq!(editor.read(&id(&noon)).await["updated_at"], noon["updated_at"]);

    // One record changed: one update.
    records[1]["name"] = json!("Noon Meditation Hour");
    serve(&feed, &records);
    let changed = sync(&editor, &source_id).await;
    assert_eq!(counts(&changed), [0, 1, 2, 0, 0, 0], "{changed:#}");
    let renamed = editor.read(&id(&noon)).await;
    assert_eq!(renamed["name"], "Noon Meditation Hour");
    assert_eq!(renamed["slug"], noon["slug"], "an update keeps the slug");

    // One record gone: archived, still readable by staff.
    let evening = listing(&app, "Evening Steps").await;
    records.remove(2);
    serve(&feed, &records);
    let gone = sync(&editor, &source_id).await;
    assert_eq!(counts(&gone), [0, 0, 2, 1, 0, 0], "{gone:#}");
    assert_eq!(editor.read(&id(&evening)).await["status"], "archived");
    assert_eq!(total(&app, "q=evening").await, 0);

    // Staff edit a listing, then the source changes it: the edit is kept, a conflict reported.
    let patch = json!({"notes": "Enter by the side door (staff)."});
    expect_json(editor.patch(&format!("/v1/meetings/{}", id(&noon)), &patch).send().await.unwrap(), 200).await;
    records[1]["time"] = json!("12:30");
    serve(&feed, &records);
    let conflicted = sync(&editor, &source_id).await;
    assert_succeeded(&conflicted);
    assert_eq!(count(&conflicted, "conflicts"), 1, "{conflicted:#}");
    assert_eq!(count(&conflicted, "updated"), 0, "{conflicted:#}");
    let conflicts = conflicted["conflicts"].as_array().unwrap();
    assert_eq!(conflicts[0]["listing_id"], noon["id"], "{conflicted:#}");
    let kept = editor.read(&id(&noon)).await;
    assert_eq!(kept["notes"], "Enter by the side door (staff).");
    assert_eq!(kept["time"], "12:00", "the source's change was not applied");

    // The runs, newest first, each readable on its own.
    let all = runs(&editor, &source_id).await;
    let ids: Vec<String> = all.iter().map(id).collect();
    let expected: Vec<String> = [&conflicted, &gone, &changed, &again, &first].iter().map(|r| id(r)).collect();
    assert_eq!(ids, expected, "newest first");
    let one = expect_json(editor.get(&format!("/v1/imports/{}", id(&changed))).send().await.unwrap(), 200).await;
    assert_eq!(one["counts"], changed["counts"]);
    assert_eq!(one["source_id"], json!(source_id));
    assert_eq!(one["trigger"], "api");
});

both_backends!(a_returning_record_is_restored, backend: |backend| async move {
    let feed = StandIn::start();
    let records = feed_records();
    serve(&feed, &records);
    let app = feed_app(backend, &[]).await;
    let editor = app.staff("editor").await;
    let source_id = id(&create_source(&editor, &source("Center City", "meeting-guide", Some(&feed.url("/feed.json")))).await);
    assert_accounted(&sync(&editor, &source_id).await, 3);
    let evening = listing(&app, "Evening Steps").await;

    serve(&feed, &records[..2]);
    assert_eq!(count(&sync(&editor, &source_id).await, "archived"), 1);
    serve(&feed, &records);
    let back = sync(&editor, &source_id).await;
    assert_eq!(counts(&back), [0, 1, 2, 0, 0, 0], "restored counts as updated: {back:#}");
    let restored = editor.read(&id(&evening)).await;
    assert_eq!(restored["status"], "published");
    assert_eq!(restored["slug"], evening["slug"]);
});

both_backends!(an_emptied_feed_or_a_mistyped_dry_run_archives_nothing, backend: |backend| async move {
    let feed = StandIn::start();
    serve(&feed, &feed_records());
    let app = feed_app(backend, &[]).await;
    let editor = app.staff("editor").await;
    let source_id = id(&create_source(&editor, &source("Center City", "meeting-guide", Some(&feed.url("/feed.json")))).await);
    assert_accounted(&sync(&editor, &source_id).await, 3);

    // A feed that suddenly answers `[]` (or only invalid records) is broken, not emptied.
    serve(&feed, &[]);
    let empty = sync(&editor, &source_id).await;
    assert_failed(&empty, &["refusing to archive"]);
    feed.route("/feed.json", Reply::json(b"[1, \"a\", null]".to_vec()));
    assert_failed(&sync(&editor, &source_id).await, &["refusing to archive"]);
    assert_eq!(total(&app, "q=sunrise").await, 1, "still published");

    // `dry-run` is not `dry_run`: refused before anything runs, as is a repeated flag.
    for query in ["dry-run=true", "dry_run=true&dry_run=false"] {
        let path = format!("/v1/sources/{source_id}/sync?{query}");
        let response = editor.request(reqwest::Method::POST, &path).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 400, "{query}");
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/problem+json"));
    }
    assert_eq!(runs(&editor, &source_id).await.len(), 3, "the refused requests ran nothing");
});
