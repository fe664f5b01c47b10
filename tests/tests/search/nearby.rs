//! `GET /v1/search`: meetings and services in one nearby search, interleaved by distance,
//! with stable paging across kinds, the kinds filter, and the shared time window.

use recovery_e2e::agencies::{agency_at, monday_at, walk};
use recovery_e2e::fixtures::{PHILADELPHIA, meeting, merged, north_of};
use recovery_e2e::http::{assert_names_field, expect_problem};
use recovery_e2e::{Staff, TestApp, both_backends};
use serde_json::{Value, json};

/// Meetings at 0.5, 1.5 and 2.5 km north of City Hall and services at 1, 2 and 3 km.
async fn neighbourhood(app: &TestApp, editor: &Staff) {
    for km in [0.5, 1.5, 2.5] {
        let (lat, lng) = north_of(PHILADELPHIA, km);
        let body = merged(&meeting(&format!("Meeting {km}")), json!({"location": {"latitude": lat, "longitude": lng}}));
        editor.create(&body).await;
    }
    for km in [1.0, 2.0, 3.0] {
        agency_at(editor, app, &format!("Service {km}"), km, &["housing"]).await;
    }
}

/// `(kind, name)` of each item.
fn kinds_and_names(items: &[Value]) -> Vec<(String, String)> {
    items.iter().map(|i| (i["kind"].as_str().unwrap().to_string(), i["name"].as_str().unwrap().to_string())).collect()
}

fn near() -> String {
    let (lat, lng) = PHILADELPHIA;
    format!("lat={lat}&lng={lng}&radius_km=10")
}

both_backends!(meetings_and_services_interleave_by_distance_and_page_stably, |app| async move {
    let editor = app.staff("editor").await;
    neighbourhood(&app, &editor).await;
    let page = app.get_json(&format!("/v1/search?{}", near())).await;
    let items = page["items"].as_array().unwrap().clone();
    let expected: Vec<(String, String)> = [
        ("meeting", "Meeting 0.5"),
        ("service", "Service 1"),
        ("meeting", "Meeting 1.5"),
        ("service", "Service 2"),
        ("meeting", "Meeting 2.5"),
        ("service", "Service 3"),
    ]
    .iter()
    .map(|(k, n)| (k.to_string(), n.to_string()))
    .collect();
    assert_eq!(kinds_and_names(&items), expected);
    assert_eq!(
        (page["total"].as_u64(), page["total_meetings"].as_u64(), page["total_services"].as_u64()),
        (Some(6), Some(3), Some(3))
    );
    assert_eq!(page["total_exact"], true, "a few matches are counted exactly");
    let distances: Vec<f64> = items.iter().map(|i| i["distance_km"].as_f64().unwrap()).collect();
    assert!(distances.windows(2).all(|w| w[0] <= w[1]), "{distances:?}");
    // A meeting item is shaped as in /v1/meetings; a service item as in /v1/services.
    assert_eq!(items[0]["attendance_option"], "in_person");
    assert!(items[0]["location"]["latitude"].is_number(), "{}", items[0]);
    assert_eq!(items[1]["categories"][0]["code"], "housing");
    assert!(items[1]["organization"]["name"].is_string(), "{}", items[1]);

    for limit in 1..=3 {
        let walked = walk(&app, &format!("/v1/search?{}", near()), limit).await;
        assert_eq!(kinds_and_names(&walked), expected, "limit {limit}");
    }
});

both_backends!(kinds_and_kind_specific_filters_narrow_their_own_kind, |app| async move {
    let editor = app.staff("editor").await;
    neighbourhood(&app, &editor).await;
    let kinds = |query: &str| {
        let app = &app;
        let query = format!("/v1/search?{}&{query}", near());
        async move {
            let page = app.get_json(&query).await;
            kinds_and_names(page["items"].as_array().unwrap()).into_iter().map(|(k, _)| k).collect::<Vec<_>>()
        }
    };
    assert_eq!(kinds("kinds=meeting").await, ["meeting"; 3]);
    assert_eq!(kinds("kinds=service").await, ["service"; 3]);
    assert_eq!(kinds("kinds=service,meeting").await.len(), 6);
    // `types` only narrows meetings, `category` only services.
    assert_eq!(kinds("types=BOGUS").await, ["service"; 3]);
    assert_eq!(kinds("category=employment").await, ["meeting"; 3]);
    assert_eq!(kinds("attendance=online").await, ["service"; 3]);
    for (query, field) in [
        ("kinds=agency", "kinds"),
        ("category=nope", "category"),
        ("attendance=maybe", "attendance"),
        ("starts_within=1441", "starts_within"),
        ("at=soon", "at"),
        ("limit=0", "limit"),
    ] {
        let problem = expect_problem(app.get(&format!("/v1/search?{query}")).send().await.unwrap(), 400).await;
        assert_names_field(&problem, field);
    }
    // A cursor of one query does not serve another.
    let first = app.get_json(&format!("/v1/search?{}&limit=1", near())).await;
    let cursor = first["next_cursor"].as_str().unwrap();
    let other = app.get(&format!("/v1/search?{}&limit=1&kinds=meeting&cursor={cursor}", near())).send().await.unwrap();
    assert_names_field(&expect_problem(other, 400).await, "cursor");
});

both_backends!(the_time_window_finds_meetings_starting_and_services_open, |app| async move {
    let editor = app.staff("editor").await;
    neighbourhood(&app, &editor).await;
    // The meetings start Mondays at 19:00; the services open weekdays 9 to 5.
    let evening = app.get_json(&format!("/v1/search?{}&at={}&starts_within=60", near(), monday_at("18:30"))).await;
    let items = evening["items"].as_array().unwrap();
    assert_eq!(kinds_and_names(items).into_iter().map(|(k, _)| k).collect::<Vec<_>>(), ["meeting"; 3]);
    assert_eq!(items[0]["next_start"], "2026-06-01T19:00:00-04:00");
    let afternoon = app.get_json(&format!("/v1/search?{}&at={}&starts_within=60", near(), monday_at("16:30"))).await;
    let items = afternoon["items"].as_array().unwrap();
    assert_eq!(kinds_and_names(items).into_iter().map(|(k, _)| k).collect::<Vec<_>>(), ["service"; 3]);
    assert_eq!(items[0]["open_now"], true);
    let early = app.get_json(&format!("/v1/search?{}&at={}&starts_within=45", near(), monday_at("08:30"))).await;
    assert_eq!(early["total_services"], 3, "opening within the window counts");
    assert_eq!(early["items"][0]["open_now"], false);
    let night = app.get_json(&format!("/v1/search?{}&at={}&starts_within=60", near(), monday_at("22:00"))).await;
    assert_eq!(night["total"], 0);
});
