//! Filters, distance and the refusal of nonsense parameters.

use recovery_e2e::both_backends;
use recovery_e2e::fixtures::{PHILADELPHIA, north_of};
use recovery_e2e::http::{assert_names_field, expect_json, expect_problem, ids, items};

use super::*;

both_backends!(filters_match_exactly, |app| async move {
    let (_, s) = seeded(&app).await;
    let all = |_: &Seed| true;
    assert_search(&app, &s, "", by_schedule(&s, all)).await;
    // Days: one, repeated, comma list.
    assert_search(&app, &s, "day=1", by_schedule(&s, |m| m.day == 1)).await;
    assert_search(&app, &s, "day=0", by_schedule(&s, |m| m.day == 0)).await;
    let weekend = by_schedule(&s, |m| m.day == 0 || m.day == 6);
    assert_search(&app, &s, "day=6&day=0", weekend.clone()).await;
    assert_search(&app, &s, "day=0,6", weekend).await;
    // Times, inclusive, local to each meeting; a window past midnight wraps.
    let evening = |m: &Seed| (19 * 60..=20 * 60).contains(&m.minutes());
    assert_search(&app, &s, "time_from=19:00&time_to=20:00", by_schedule(&s, evening)).await;
    assert_search(&app, &s, "time_from=23:00", by_schedule(&s, |m| m.minutes() >= 23 * 60)).await;
    let night = |m: &Seed| m.minutes() >= 23 * 60 || m.minutes() <= 8 * 60;
    assert_search(&app, &s, "time_from=23:00&time_to=08:00", by_schedule(&s, night)).await;
    // Types: every one given.
    assert_search(&app, &s, "types=ST", by_schedule(&s, |m| m.types.contains(&"ST"))).await;
    let st_d = |m: &Seed| m.types.contains(&"ST") && m.types.contains(&"D");
    assert_search(&app, &s, "types=ST,D", by_schedule(&s, st_d)).await;
    assert_search(&app, &s, "types=JT", by_schedule(&s, |m| m.types.contains(&"JT"))).await;
    // Attendance: any of those given.
    for option in ["in_person", "hybrid", "online", "inactive"] {
        assert_search(&app, &s, &format!("attendance={option}"), by_schedule(&s, |m| m.attend.as_str() == option))
            .await;
    }
    let remote = |m: &Seed| matches!(m.attend, Attend::Hybrid | Attend::Online);
    assert_search(&app, &s, "attendance=hybrid,online", by_schedule(&s, remote)).await;
    // Program.
    for program in ["aa", "na", "al-anon"] {
        assert_search(&app, &s, &format!("program={program}"), by_schedule(&s, |m| m.program == program)).await;
    }
    // Region: any level of the path, any case.
    for region in ["Philadelphia", "FISHTOWN", "new jersey", "Camden County", "pennsylvania"] {
        let lower = region.to_lowercase();
        let expected = by_schedule(&s, |m| m.regions.iter().any(|r| r.to_lowercase() == lower));
        assert_search(&app, &s, &format!("region={}", region.replace(' ', "%20")), expected).await;
    }
    // Text: every word a prefix of a word of the name, notes, location or group.
    for q in ["step", "STEP stu", "step study charlie", "saturday", "intergr", "rosebud", "quaker", "step nothing"] {
        assert_search(&app, &s, &format!("q={}", q.replace(' ', "+")), by_schedule(&s, |m| text_matches(m, q))).await;
    }
    // Filters combine.
    let combined = |m: &Seed| m.day == 1 && m.types.contains(&"O") && m.program == "aa" && m.attend == Attend::Hybrid;
    assert_search(&app, &s, "day=1&types=O&program=aa&attendance=hybrid", by_schedule(&s, combined)).await;
});

both_backends!(near_a_point_nearest_first, |app| async move {
    let (_, s) = seeded(&app).await;
    let (lat, lng) = PHILADELPHIA;
    let all = |_: &Seed| true;
    let found = assert_search(&app, &s, &format!("lat={lat}&lng={lng}"), by_distance(&s, 25.0, all)).await;
    for item in &found {
        let seed = s.iter().find(|m| m.id == item["id"]).unwrap();
        let km = item["distance_km"].as_f64().unwrap_or_else(|| panic!("no distance_km: {item}"));
        assert!((km - seed.km.unwrap()).abs() < 0.1, "{}: distance_km {km}, placed at {:?}", seed.name, seed.km);
    }
    assert_search(&app, &s, &format!("lat={lat}&lng={lng}&radius_km=5.5"), by_distance(&s, 5.5, all)).await;
    assert_search(&app, &s, &format!("lat={lat}&lng={lng}&radius_km=50"), by_distance(&s, 50.0, all)).await;
    assert_search(&app, &s, &format!("lat={lat}&lng={lng}&radius_km=500"), by_distance(&s, 500.0, all)).await;
    let monday = |m: &Seed| m.day == 1;
    assert_search(&app, &s, &format!("lat={lat}&lng={lng}&day=1"), by_distance(&s, 25.0, monday)).await;
    // From a point 100 km north, the far meetings come first.
    let (lat2, lng2) = north_of(PHILADELPHIA, 100.0);
    let page = app.search(&format!("lat={lat2}&lng={lng2}&radius_km=500&limit=200")).await;
    let got = names(&s, &ids(&items(&page)));
    assert_eq!(got.first().map(String::as_str), Some("November Far Away"), "{got:?}");
    // Without a point there is no distance.
    let page = app.search("limit=200").await;
    assert!(items(&page).iter().all(|m| m.get("distance_km").is_none()), "{page}");
});

both_backends!(nonsense_parameters_are_400_naming_the_parameter, |app| async move {
    let cases = [
        ("lat=abc&lng=-75.1", "lat"),
        ("lat=39.9&lng=abc", "lng"),
        ("lat=91&lng=0", "lat"),
        ("lat=0&lng=181", "lng"),
        ("lat=NaN&lng=0", "lat"),
        ("day=9", "day"),
        ("day=-1", "day"),
        ("day=1,x", "day"),
        ("attendance=foo", "attendance"),
        ("attendance=online,foo", "attendance"),
        ("time_from=25:00", "time_from"),
        ("time_to=7pm", "time_to"),
        ("lat=39.9&lng=-75.1&radius_km=9999", "radius_km"),
        ("lat=39.9&lng=-75.1&radius_km=-1", "radius_km"),
        ("radius_km=abc", "radius_km"),
        ("starts_within=60&at=yesterday", "at"),
        ("starts_within=soon", "starts_within"),
        ("starts_within=-5", "starts_within"),
        ("limit=100000", "limit"),
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("limit=ten", "limit"),
        ("cursor=not-a-cursor", "cursor"),
        ("cursor=%00%01", "cursor"),
    ];
    for (query, param) in cases {
        let response = app.get(&format!("/v1/meetings?{query}")).send().await.unwrap();
        assert_eq!(response.status(), 400, "GET /v1/meetings?{query}");
        let problem = expect_problem(response, 400).await;
        assert_names_field(&problem, param);
    }
    // The largest allowed values are fine.
    expect_json(app.get("/v1/meetings?limit=200&lat=39.9&lng=-75.1&radius_km=500").send().await.unwrap(), 200).await;
});
