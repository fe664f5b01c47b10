//! `GET /v1/meetings`: filters, distance, "starting soon", pages and cursors.
//!
//! Each test seeds the same two dozen meetings and compares every answer with what a plain
//! model of those meetings says should match, in the documented order.

mod cursors;
mod filters;
mod starts_within;

use recovery_e2e::fixtures::{PHILADELPHIA, meeting, merged, north_of};
use recovery_e2e::http::{ids, items};
use recovery_e2e::{Staff, TestApp};
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
    assert_eq!(page["total_exact"], true, "a few matches are counted exactly: {query}");
    assert!(page["next_cursor"].is_null(), "no next page for {query}: {}", page["next_cursor"]);
    got
}

fn text_matches(seed: &Seed, q: &str) -> bool {
    let words = seed.words();
    q.split_whitespace().all(|w| words.iter().any(|x| x.starts_with(&w.to_lowercase())))
}
