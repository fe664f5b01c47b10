//! `GET /v1/services`: distance, category with sub-terms, opening hours, age, language, text
//! and paging.

use recovery_e2e::agencies::{agency_at, monday_at, saturday_at, term_id, walk};
use recovery_e2e::both_backends;
use recovery_e2e::fixtures::PHILADELPHIA;
use recovery_e2e::http::{assert_names_field, expect_problem};
use serde_json::json;

use super::*;

both_backends!(search_orders_by_distance_and_filters_by_category_with_sub_terms, |app| async move {
    let editor = app.staff("editor").await;
    agency_at(&editor, &app, "Sober House", 2.0, &["sober-living"]).await;
    agency_at(&editor, &app, "Night Shelter", 1.0, &["emergency-shelter"]).await;
    agency_at(&editor, &app, "Career Center", 0.5, &["job-placement"]).await;
    agency_at(&editor, &app, "Far Housing", 40.0, &["rental-assistance"]).await;
    let (lat, lng) = PHILADELPHIA;
    let near = format!("lat={lat}&lng={lng}&radius_km=10");

    let all = search(&app, &near).await;
    assert_eq!(names(&all), ["Career Center", "Night Shelter", "Sober House"]);
    assert_eq!(all["total"], 3);
    let first = &all["items"][0];
    assert_eq!(first["kind"], "service");
    assert!((first["distance_km"].as_f64().unwrap() - 0.5).abs() < 0.01, "{first}");
    assert_eq!(first["organization"]["name"], "Career Center Inc.");
    assert_eq!(first["categories"][0]["code"], "job-placement");
    assert_eq!(first["location"]["timezone"], "America/New_York");
    assert!(first["location"]["address"].as_str().unwrap().contains("Philadelphia"), "{first}");
    assert!(first["service_at_location_id"].is_string(), "{first}");
    let phones: Vec<&str> = first["phones"].as_array().unwrap().iter().map(|p| p["number"].as_str().unwrap()).collect();
    assert_eq!(phones, ["+1 215-555-0300", "+1 215-555-0200"], "public phones of service and location");

    // housing includes its sub-terms; a sub-term only itself; by id as by code.
    assert_eq!(names(&search(&app, &format!("{near}&category=housing")).await), ["Night Shelter", "Sober House"]);
    assert_eq!(names(&search(&app, &format!("{near}&category=sober-living")).await), ["Sober House"]);
    let housing = term_id(&app, "housing").await;
    assert_eq!(names(&search(&app, &format!("{near}&category={housing}")).await), ["Night Shelter", "Sober House"]);
    assert_eq!(names(&search(&app, "category=housing&radius_km=100").await).len(), 3, "no lat/lng: everywhere");
    let problem = expect_problem(app.get("/v1/services?category=astrology").send().await.unwrap(), 400).await;
    assert_names_field(&problem, "category");
    assert!(problem["detail"].as_str().unwrap().contains("astrology"), "{problem}");

    // Paging visits each once, in order.
    for limit in 1..=3 {
        let walked = walk(&app, &format!("/v1/services?{near}"), limit).await;
        assert_eq!(walked.iter().map(|i| i["name"].as_str().unwrap()).collect::<Vec<_>>(), names(&all));
    }
    for (query, field) in [
        ("lat=1", "lng"),
        ("lat=91&lng=0", "lat"),
        ("radius_km=501", "radius_km"),
        ("limit=201", "limit"),
        ("age=-1", "age"),
        ("language=english", "language"),
        ("open_now=maybe", "open_now"),
        ("open_at=yesterday", "open_at"),
        ("cursor=abc", "cursor"),
    ] {
        let problem = expect_problem(app.get(&format!("/v1/services?{query}")).send().await.unwrap(), 400).await;
        assert_names_field(&problem, field);
    }
});

both_backends!(search_filters_by_opening_hours_age_language_and_text, |app| async move {
    let editor = app.staff("editor").await;
    agency_at(&editor, &app, "Weekday Clinic", 1.0, &[]).await;
    let open = |at: &str| format!("open_at={}", at.replace('+', "%2B"));

    let monday_morning = search(&app, &open(&monday_at("10:00"))).await;
    assert_eq!(names(&monday_morning), ["Weekday Clinic"]);
    let item = &monday_morning["items"][0];
    assert_eq!(item["open_now"], true);
    assert_eq!(item["next_open"]["opens"], "2026-06-01T09:00:00-04:00");
    assert_eq!(item["next_open"]["closes"], "2026-06-01T17:00:00-04:00");
    assert_eq!(search(&app, &open(&monday_at("17:30"))).await["total"], 0);
    assert_eq!(search(&app, &open(&saturday_at("10:00"))).await["total"], 0);
    // Without a filter every item still says when it is open (here: at `open_at`'s absence, now).
    let unfiltered = search(&app, "q=weekday").await;
    assert!(unfiltered["items"][0]["open_now"].is_boolean(), "{unfiltered}");
    assert!(unfiltered["items"][0]["next_open"]["opens"].is_string(), "{unfiltered}");
    let both = app.get(&format!("/v1/services?open_now=true&{}", open(&monday_at("10:00")))).send().await.unwrap();
    expect_problem(both, 400).await;
    search(&app, "open_now=true").await;

    assert_eq!(search(&app, "age=30").await["total"], 1);
    assert_eq!(search(&app, "age=17").await["total"], 0);
    assert_eq!(search(&app, "age=65").await["total"], 0);
    assert_eq!(search(&app, "language=es").await["total"], 1, "the location's language");
    assert_eq!(search(&app, "language=EN").await["total"], 1, "the service's language");
    assert_eq!(search(&app, "language=fr").await["total"], 0);
    assert_eq!(search(&app, "q=clinic%20weekday").await["total"], 1);
    assert_eq!(search(&app, "q=kennedy").await["total"], 1, "the address");
    assert_eq!(search(&app, "q=bakery").await["total"], 0);
    let languages = &search(&app, "q=clinic").await["items"][0]["languages"];
    assert_eq!(languages, &json!(["en", "es"]));
});
