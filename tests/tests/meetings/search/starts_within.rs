//! `starts_within`: meetings by their next start, including those that began minutes ago.

use recovery_e2e::both_backends;
use recovery_e2e::fixtures::{PHILADELPHIA, meeting, merged};
use recovery_e2e::http::{ids, items};
use serde_json::json;

use super::*;

both_backends!(starts_within_orders_by_next_start, |app| async move {
    let (_, s) = seeded(&app).await;
    let id = |name: &str| s.iter().find(|m| m.name == name).unwrap().id.clone();
    let pair = {
        let mut pair = vec![id("Charlie Step Study"), id("Delta Step Study"), id("Romeo Chicago Time")];
        pair.sort();
        pair
    };
    // Monday 1 June 2026, 18:55 in Philadelphia (EDT). Quebec began 15 minutes ago (too long),
    // Papa 5 minutes ago (still offered); Charlie, Delta and Romeo (18:00 in Chicago) start at
    // 23:00 UTC.
    let at = "2026-06-01T18:55:00-04:00";
    let query = format!("starts_within=60&at={}", at.replace('+', "%2B"));
    let mut expected = vec![id("Papa Early Evening")];
    expected.extend(pair.clone());
    let got = assert_search(&app, &s, &query, expected).await;
    let starts: Vec<&str> =
        got.iter().map(|m| m["next_start"].as_str().unwrap_or_else(|| panic!("no next_start: {m}"))).collect();
    let romeo = got.iter().position(|m| m["id"] == id("Romeo Chicago Time").as_str()).unwrap();
    for (i, start) in starts.iter().enumerate() {
        let expected = if i == 0 {
            "2026-06-01T18:50:00-04:00"
        } else if i == romeo {
            "2026-06-01T18:00:00-05:00"
        } else {
            "2026-06-01T19:00:00-04:00"
        };
        assert_eq!(*start, expected, "next_start of {}", got[i]["name"]);
    }

    // With a point, the same meetings come nearest first, with both annotations.
    let (lat, lng) = PHILADELPHIA;
    let near = app.search(&format!("{query}&lat={lat}&lng={lng}&limit=200")).await;
    let near_items = items(&near);
    let mut expected = by_distance(&s, 25.0, |m| {
        ["Papa Early Evening", "Charlie Step Study", "Delta Step Study", "Romeo Chicago Time"]
            .contains(&m.name.as_str())
    });
    assert_eq!(names(&s, &ids(&near_items)), names(&s, &expected));
    assert!(near_items.iter().all(|m| m["next_start"].is_string() && m["distance_km"].is_number()), "{near}");

    // Saturday 6 June 23:30: only Mike (23:45) starts within 45 minutes.
    let late = format!("starts_within=45&at={}", "2026-06-06T23:30:00-04:00");
    expected = vec![id("Mike Saturday Late")];
    assert_search(&app, &s, &late, expected).await;

    // Over a whole week everything starts; soonest first.
    let week = app.search("starts_within=10080&limit=200").await;
    let week_items = items(&week);
    assert_eq!(week["total"], s.len());
    let instants: Vec<chrono::DateTime<chrono::FixedOffset>> = week_items
        .iter()
        .map(|m| chrono::DateTime::parse_from_rfc3339(m["next_start"].as_str().unwrap()).unwrap())
        .collect();
    assert!(instants.windows(2).all(|w| w[0] <= w[1]), "not by next_start: {instants:?}");
});

both_backends!(starts_within_offers_meetings_that_began_under_ten_minutes_ago, |app| async move {
    let editor = app.staff("editor").await;
    editor.create(&merged(&meeting("Began Earlier"), json!({"day": 1, "time": "18:40"}))).await;
    let total_at = |at: &'static str| {
        let app = &app;
        async move { app.search(&format!("starts_within=5&at={at}")).await["total"].clone() }
    };
    // Monday 1 June 2026; the meeting began at 18:40 in Philadelphia.
    assert_eq!(total_at("2026-06-01T18:35:00-04:00").await, 1, "starts in 5 minutes");
    assert_eq!(total_at("2026-06-01T18:49:59-04:00").await, 1, "began 9:59 ago");
    assert_eq!(total_at("2026-06-01T18:50:01-04:00").await, 0, "began 10:01 ago");
});

both_backends!(starts_within_stops_offering_a_meeting_at_ten_minutes, |app| async move {
    let editor = app.staff("editor").await;
    editor.create(&merged(&meeting("Began Earlier"), json!({"day": 1, "time": "18:40"}))).await;
    let page = app.search("starts_within=5&at=2026-06-01T18:50:00-04:00").await;
    assert_eq!(page["total"], 0, "began exactly 10 minutes ago: {page}");
});
