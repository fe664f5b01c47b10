//! `GET /v1/meetings`: filters, distance, "starting soon", pages and cursors.
//!
//! Each test seeds the same two dozen meetings and compares every answer with what a plain
//! model of those meetings says should match, in the documented order.

use recovery_e2e::fixtures::{PHILADELPHIA, meeting, merged, north_of};
use recovery_e2e::http::{assert_names_field, expect_json, expect_problem, ids, items};
use recovery_e2e::{Staff, TestApp, both_backends};
use serde_json::{Value, json};

/// How a seeded meeting can be attended.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Attend {
    InPerson,
    Hybrid,
    Online,
    Inactive,
}

impl Attend {
    fn as_str(self) -> &'static str {
        match self {
            Attend::InPerson => "in_person",
            Attend::Hybrid => "hybrid",
            Attend::Online => "online",
            Attend::Inactive => "inactive",
        }
    }
}

/// A seeded meeting as the model sees it.
#[derive(Debug, Clone)]
struct Seed {
    name: String,
    day: u8,
    time: &'static str,
    timezone: &'static str,
    program: &'static str,
    types: Vec<&'static str>,
    attend: Attend,
    regions: Vec<&'static str>,
    /// Kilometres north of Philadelphia City Hall; `None`: no coordinates.
    km: Option<f64>,
    extra: Value,
    id: String,
}

impl Seed {
    fn minutes(&self) -> u32 {
        let (h, m) = self.time.split_once(':').unwrap();
        h.parse::<u32>().unwrap() * 60 + m.parse::<u32>().unwrap()
    }

    fn body(&self) -> Value {
        let zoom = json!({"conference_url": "https://zoom.us/j/5550001"});
        let mut body = merged(
            &meeting(&self.name),
            json!({"day": self.day, "time": self.time, "end_time": null, "timezone": self.timezone,
                   "program": self.program, "types": self.types}),
        );
        body["location"]["name"] = json!(format!("Hall {}", self.id_hint()));
        body["location"]["regions"] = json!(self.regions);
        match self.km {
            Some(km) => {
                let (lat, lng) = north_of(PHILADELPHIA, km);
                body["location"]["latitude"] = json!(lat);
                body["location"]["longitude"] = json!(lng);
            }
            None => body["location"] = Value::Null,
        }
        match self.attend {
            Attend::InPerson => {}
            Attend::Hybrid => body["online"] = zoom,
            Attend::Online => {
                body["online"] = zoom;
                if body["location"].is_object() {
                    body["location"]["address"] = Value::Null;
                    body["location"]["approximate"] = json!(true);
                }
            }
            Attend::Inactive => body["temporarily_closed"] = json!(true),
        }
        let body = merged(&body, self.extra.clone());
        strip_nulls(body)
    }

    /// A word no query uses, so location names do not match text searches.
    fn id_hint(&self) -> String {
        format!("zz{}", self.name.len())
    }

    /// Every word of the name (the only text the text-search cases rely on, besides the
    /// notes, location and group words set in `extra`).
    fn words(&self) -> Vec<String> {
        let mut text = self.name.clone();
        for path in [&["notes"][..], &["location", "name"], &["group", "name"]] {
            let mut v = &self.extra;
            for key in path {
                v = &v[*key];
            }
            if let Some(s) = v.as_str() {
                text.push(' ');
                text.push_str(s);
            }
        }
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
    }
}

fn strip_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            Value::Object(map.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, strip_nulls(v))).collect())
        }
        other => other,
    }
}

#[allow(clippy::too_many_arguments)]
fn seed(
    name: &str,
    day: u8,
    time: &'static str,
    program: &'static str,
    types: &[&'static str],
    attend: Attend,
    regions: &[&'static str],
    km: Option<f64>,
) -> Seed {
    Seed {
        name: name.to_string(),
        day,
        time,
        timezone: "America/New_York",
        program,
        types: types.to_vec(),
        attend,
        regions: regions.to_vec(),
        km,
        extra: json!({}),
        id: String::new(),
    }
}

const CENTER: &[&str] = &["Pennsylvania", "Philadelphia", "Center City"];
const FISHTOWN: &[&str] = &["Pennsylvania", "Philadelphia", "Fishtown"];
const KENSINGTON: &[&str] = &["Pennsylvania", "Philadelphia", "Kensington"];
const PHILLY: &[&str] = &["Pennsylvania", "Philadelphia"];

fn seeds() -> Vec<Seed> {
    use Attend::*;
    let mut seeds = vec![
        seed("Alpha Morning", 1, "07:00", "aa", &["O", "D"], InPerson, CENTER, Some(1.0)),
        seed("Bravo Big Book", 1, "12:00", "aa", &["C", "B"], InPerson, FISHTOWN, Some(2.0)),
        seed("Charlie Step Study", 1, "19:00", "aa", &["O", "ST"], Hybrid, CENTER, Some(3.0)),
        seed("Delta Step Study", 1, "19:00", "aa", &["C", "ST", "D"], InPerson, KENSINGTON, Some(4.0)),
        seed("Echo Night Owls", 1, "23:30", "aa", &["O", "D"], Online, PHILLY, Some(5.0)),
        seed(
            "Foxtrot Women",
            2,
            "18:30",
            "aa",
            &["C", "W", "D"],
            InPerson,
            &["Pennsylvania", "Philadelphia", "Society Hill"],
            Some(6.0),
        ),
        seed("Golf Just for Today", 2, "19:00", "na", &["O", "JT"], InPerson, FISHTOWN, Some(7.0)),
        seed("Hotel Basic Text", 3, "19:30", "na", &["C", "BT"], Hybrid, KENSINGTON, Some(8.0)),
        seed(
            "India Courage",
            3,
            "10:00",
            "al-anon",
            &["O", "D"],
            InPerson,
            &["New Jersey", "Camden County", "Camden"],
            Some(9.0),
        ),
        seed("Juliet Closed Venue", 4, "20:00", "aa", &["O", "D"], Inactive, KENSINGTON, Some(10.0)),
        seed(
            "Kilo Sunday Serenity",
            0,
            "10:00",
            "aa",
            &["O", "D", "ST"],
            InPerson,
            &["New Jersey", "Camden County", "Cherry Hill"],
            Some(11.0),
        ),
        seed(
            "Lima Saturday Speaker",
            6,
            "20:00",
            "aa",
            &["O", "SP"],
            InPerson,
            &["Pennsylvania", "Philadelphia", "Germantown"],
            Some(12.0),
        ),
        seed("Mike Saturday Late", 6, "23:45", "aa", &["O"], Online, &[], None),
        seed(
            "November Far Away",
            5,
            "12:00",
            "aa",
            &["O", "D"],
            InPerson,
            &["Pennsylvania", "Bucks County"],
            Some(40.0),
        ),
        seed(
            "Oscar Much Farther",
            5,
            "19:00",
            "aa",
            &["O"],
            InPerson,
            &["Pennsylvania", "Allegheny County", "Pittsburgh"],
            Some(410.0),
        ),
        seed("Papa Early Evening", 1, "18:50", "aa", &["O"], InPerson, CENTER, Some(13.0)),
        seed("Quebec Too Early", 1, "18:40", "aa", &["O"], InPerson, CENTER, Some(14.0)),
        seed("Romeo Chicago Time", 1, "18:00", "aa", &["O"], Hybrid, CENTER, Some(15.0)),
    ];
    for i in 0..5 {
        seeds.push(seed(
            &format!("Filler {}", ["One", "Two", "Three", "Four", "Five"][i]),
            4,
            "12:00",
            "aa",
            &["O"],
            InPerson,
            FISHTOWN,
            Some(16.0 + i as f64),
        ));
    }
    for s in &mut seeds {
        match s.name.as_str() {
            "Romeo Chicago Time" => s.timezone = "America/Chicago",
            "Charlie Step Study" => s.extra = json!({"notes": "Literature provided by Intergroup."}),
            "Foxtrot Women" => s.extra = json!({"group": {"name": "Rosebud Group"}}),
            "India Courage" => s.extra = json!({"location": {"name": "Quaker Meeting House"}}),
            _ => {}
        }
    }
    seeds
}

/// Creates the seeds (plus a draft and an archived meeting that must never match) and returns
/// them with their ids.
async fn seeded(app: &TestApp) -> (Staff, Vec<Seed>) {
    let editor = app.staff("editor").await;
    let mut seeds = seeds();
    for s in &mut seeds {
        let created = editor.create(&s.body()).await;
        assert_eq!(created["attendance_option"], s.attend.as_str(), "{}: {created}", s.name);
        s.id = created["id"].as_str().unwrap().to_string();
    }
    for (name, status) in [("Sierra Step Draft", "draft"), ("Tango Step Archived", "archived")] {
        let body = merged(&meeting(name), json!({"status": status, "types": ["O", "ST"], "day": 1, "time": "19:00"}));
        editor.create(&body).await;
    }
    (editor, seeds)
}

/// The ids of the seeds `keep` selects, by day, local time, then id.
fn by_schedule(seeds: &[Seed], keep: impl Fn(&Seed) -> bool) -> Vec<String> {
    let mut matched: Vec<&Seed> = seeds.iter().filter(|s| keep(s)).collect();
    matched.sort_by(|a, b| (a.day, a.minutes(), &a.id).cmp(&(b.day, b.minutes(), &b.id)));
    matched.into_iter().map(|s| s.id.clone()).collect()
}

/// The ids of the seeds `keep` selects within `radius` km, nearest first, then by id.
fn by_distance(seeds: &[Seed], radius: f64, keep: impl Fn(&Seed) -> bool) -> Vec<String> {
    let mut matched: Vec<&Seed> = seeds.iter().filter(|s| s.km.is_some_and(|km| km <= radius) && keep(s)).collect();
    matched.sort_by(|a, b| a.km.partial_cmp(&b.km).unwrap().then_with(|| a.id.cmp(&b.id)));
    matched.into_iter().map(|s| s.id.clone()).collect()
}

fn names(seeds: &[Seed], ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|id| seeds.iter().find(|s| &s.id == id).map_or_else(|| format!("<unknown {id}>"), |s| s.name.clone()))
        .collect()
}

/// Asserts a whole (limit=200) answer: exactly `expected`, in that order, `total` exact.
async fn assert_search(app: &TestApp, seeds: &[Seed], query: &str, expected: Vec<String>) -> Vec<Value> {
    let page = app.search(&format!("{query}&limit=200")).await;
    let got = items(&page);
    assert_eq!(names(seeds, &ids(&got)), names(seeds, &expected), "GET /v1/meetings?{query}");
    assert_eq!(page["total"], expected.len(), "total for {query}");
    assert!(page["next_cursor"].is_null(), "no next page for {query}: {}", page["next_cursor"]);
    got
}

fn text_matches(seed: &Seed, q: &str) -> bool {
    let words = seed.words();
    q.split_whitespace().all(|w| words.iter().any(|x| x.starts_with(&w.to_lowercase())))
}

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

/// Walks `next_cursor` for each query with pages of 1, 2 and 3 and compares the walk with one
/// page of 200: every match exactly once, in order, with the same `total` on every page.
async fn assert_walks(app: &TestApp, s: &[Seed], queries: &[String]) {
    for query in queries {
        let whole = app.search(&format!("{query}&limit=200")).await;
        let expected = ids(&items(&whole));
        assert!(expected.len() >= 5, "{query} should match several meetings");
        for limit in 1..=3 {
            let mut seen = Vec::new();
            let mut cursor: Option<String> = None;
            loop {
                let mut path = format!("{query}&limit={limit}");
                if let Some(c) = &cursor {
                    path.push_str(&format!("&cursor={c}"));
                }
                let page = app.search(&path).await;
                assert_eq!(page["total"], whole["total"], "total on every page of {query}");
                let got = items(&page);
                assert!(got.len() <= limit);
                seen.extend(ids(&got));
                match page["next_cursor"].as_str() {
                    Some(next) => cursor = Some(next.to_string()),
                    None => break,
                }
                assert!(
                    seen.len() <= expected.len() + 3,
                    "the walk of {query} with limit={limit} does not end: {:?}, expected {:?}",
                    names(s, &seen),
                    names(s, &expected)
                );
            }
            assert_eq!(names(s, &seen), names(s, &expected), "walking {query} with limit={limit}");
        }
    }
}

both_backends!(cursors_walk_every_match_exactly_once, |app| async move {
    let (_, s) = seeded(&app).await;
    let queries = [
        String::new(),
        "day=1".to_string(),
        "types=O".to_string(),
        "attendance=in_person,hybrid".to_string(),
        "starts_within=10080&at=2026-06-01T18:55:00Z".to_string(),
    ];
    assert_walks(&app, &s, &queries).await;

    // The default page is 20, and says where to go on.
    let first = app.search("").await;
    assert_eq!(items(&first).len(), 20);
    assert_eq!(first["total"], s.len());
    let cursor = first["next_cursor"].as_str().expect("a next_cursor").to_string();
    let rest = app.search(&format!("cursor={cursor}")).await;
    assert_eq!(items(&rest).len(), s.len() - 20);
    assert!(rest["next_cursor"].is_null());

    // A cursor belongs to its query.
    let response = app.get(&format!("/v1/meetings?day=1&cursor={cursor}")).send().await.unwrap();
    assert_names_field(&expect_problem(response, 400).await, "cursor");
    let response = app.get(&format!("/v1/meetings?q=step&cursor={cursor}")).send().await.unwrap();
    assert_names_field(&expect_problem(response, 400).await, "cursor");
});

both_backends!(cursors_walk_every_match_near_a_point_exactly_once, |app| async move {
    let (_, s) = seeded(&app).await;
    let (lat, lng) = PHILADELPHIA;
    let queries = [
        format!("lat={lat}&lng={lng}&radius_km=500"),
        format!("lat={lat}&lng={lng}&day=1"),
        format!("lat={lat}&lng={lng}&starts_within=10080&at=2026-06-01T18:55:00Z"),
    ];
    assert_walks(&app, &s, &queries).await;
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
