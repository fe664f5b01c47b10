//! `GET /v1/duplicates`: the same meeting from two sources is listed for staff (never
//! merged); a meeting six minutes later is another meeting.

use recovery_e2e::both_backends;
use recovery_e2e::http::expect_json;
use recovery_standin::{Reply, StandIn};
use serde_json::{Value, json};

use super::common::*;

/// About 50 m in degrees of latitude.
const FIFTY_METRES: f64 = 50.0 / 111_195.0;

both_backends!(the_same_meeting_from_two_sources_is_a_pair, backend: |backend| async move {
    let feed = StandIn::start();
    let (lat, lng) = (39.9494, -75.1664);
    let a = vec![
        mg_record("serenity-group", "Serenity Group", "19:00", lat, lng),
        mg_record("late-night", "Late Night Sobriety", "21:00", 39.9600, -75.1500),
    ];
    let b = vec![
        mg_record("the-serenity-group", "The Serenity Group", "19:03", lat + FIFTY_METRES, lng),
        mg_record("late-night-b", "Late Night Sobriety", "21:06", 39.9600, -75.1500),
    ];
    feed.route("/a.json", Reply::json(serde_json::to_vec(&a).unwrap()));
    feed.route("/b.json", Reply::json(serde_json::to_vec(&b).unwrap()));
    let app = feed_app(backend, &[]).await;
    let editor = app.staff("editor").await;
    for (name, path) in [("Intergroup A", "/a.json"), ("Intergroup B", "/b.json")] {
        let source_id = id(&create_source(&editor, &source(name, "meeting-guide", Some(&feed.url(path)))).await);
        assert_accounted(&sync(&editor, &source_id).await, 2);
    }
    assert_eq!(total(&app, "").await, 4, "both copies are published");

    let page = expect_json(editor.get("/v1/duplicates").send().await.unwrap(), 200).await;
    let pairs = list(&page);
    assert_eq!(pairs.len(), 1, "only the 3-minute pair: {page:#}");
    let names: Vec<&Value> = vec![&pairs[0]["first"]["name"], &pairs[0]["second"]["name"]];
    assert!(names.contains(&&json!("Serenity Group")) && names.contains(&&json!("The Serenity Group")), "{page:#}");
    let distance = pairs[0]["distance_m"].as_f64().unwrap_or_else(|| panic!("no distance_m: {page:#}"));
    assert!((40.0..60.0).contains(&distance), "{distance} m");
    assert!(pairs[0]["first"]["source_id"].is_string(), "the sources are named: {page:#}");
    // Nothing was merged.
    assert_eq!(total(&app, "q=serenity").await, 2);
});
