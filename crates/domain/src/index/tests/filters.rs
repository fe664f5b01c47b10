//! Each filter on its own, and together.

use super::*;
use crate::meeting::{Contact, Group};

const MIDTOWN: GeoPoint = GeoPoint { lat: 40.7549, lng: -73.9840 };

/// A point `km` kilometres due north of `from`.
fn north(from: GeoPoint, km: f64) -> (f64, f64) {
    (from.lat + (km / EARTH_RADIUS_KM).to_degrees(), from.lng)
}

fn near(point: GeoPoint, radius_km: f64) -> MeetingQuery {
    MeetingQuery { near: Some(point), radius_km, ..all() }
}

#[test]
fn radius_filter_keeps_meetings_within_the_radius_nearest_first() {
    let at = |n, km| {
        let (lat, lng) = north(MIDTOWN, km);
        placed(meeting(n, "Placed"), lat, lng)
    };
    let index = SearchIndex::build([
        at(1, 9.9),
        at(2, 0.5),
        at(3, 10.1),
        at(4, 2.0),
        meeting(5, "No coordinates"),
        online_only(meeting(6, "Online")),
        placed(meeting(7, "London"), 51.5, -0.12),
    ]);
    let page = index.search(&near(MIDTOWN, 10.0)).unwrap();
    assert_eq!(ids(&page), [id(2), id(4), id(1)]);
    assert_eq!(page.total, 3);
    let km: Vec<f64> = page.items.iter().map(|h| h.distance_km.unwrap()).collect();
    for (got, want) in km.iter().zip([0.5, 2.0, 9.9]) {
        assert!((got - want).abs() < 1e-6, "{got} vs {want}");
    }
    assert!(page.items.iter().all(|h| h.next_start.is_none()));
    // Without `near` there is no distance filter: every meeting, with or without a place.
    assert_eq!(index.search(&all()).unwrap().total, 7);
    assert!(index.search(&all()).unwrap().items.iter().all(|h| h.distance_km.is_none()));
}

#[test]
fn radius_is_measured_across_the_antimeridian() {
    let index =
        SearchIndex::build([placed(meeting(1, "Fiji east"), -17.0, 179.99), placed(meeting(2, "Far"), -17.0, 170.0)]);
    let page = index.search(&near(GeoPoint { lat: -17.0, lng: -179.99 }, 5.0)).unwrap();
    assert_eq!(ids(&page), [id(1)]);
    assert!((page.items[0].distance_km.unwrap() - 2.127).abs() < 0.01);
}

#[test]
fn zero_radius_finds_only_the_exact_place() {
    let index =
        SearchIndex::build([placed(meeting(1, "Here"), 40.0, -74.0), placed(meeting(2, "Next door"), 40.0001, -74.0)]);
    assert_eq!(found(&index, &near(GeoPoint { lat: 40.0, lng: -74.0 }, 0.0)), [id(1)]);
}

fn week() -> SearchIndex {
    let ny = chrono_tz::America::New_York;
    let mut hybrid = meeting(6, "Hybrid");
    hybrid.data.online = online_only(meeting(0, "x")).data.online;
    let mut closed = meeting(7, "Closed for now");
    closed.data.temporarily_closed = true;
    let mut na = meeting(8, "Just for today");
    na.data.program = "na".into();
    na.data.types = vec!["B".into()];
    let mut typed = meeting(9, "Open discussion");
    typed.data.types = vec!["O".into(), "D".into(), "B".into()];
    let mut regioned = meeting(10, "Regioned");
    if let Some(l) = regioned.data.location.as_mut() {
        l.regions = vec!["New York".into(), "Manhattan".into(), "Midtown".into()];
    }
    SearchIndex::build([
        scheduled(meeting(1, "Sunday early"), 0, "07:00", ny),
        scheduled(meeting(2, "Monday noon"), 1, "12:00", ny),
        scheduled(meeting(3, "Monday late"), 1, "23:30", ny),
        scheduled(meeting(4, "Tuesday midnight"), 2, "00:00", ny),
        online_only(scheduled(meeting(5, "Online Saturday"), 6, "01:30", ny)),
        hybrid,
        closed,
        na,
        typed,
        regioned,
    ])
}

#[test]
fn days_filter_keeps_listed_days_and_orders_by_day_time_id() {
    let index = week();
    let q = MeetingQuery { days: vec![day(2), day(0)], ..all() };
    assert_eq!(found(&index, &q), [id(1), id(4)]);
    // All seven days is no filter; no filter orders by (day, time, id).
    let every = MeetingQuery { days: Day::ALL.to_vec(), ..all() };
    let order = [1, 2, 6, 7, 8, 9, 10, 3, 4, 5].map(id);
    assert_eq!(found(&index, &every), order);
    assert_eq!(found(&index, &all()), order);
}

#[test]
fn time_window_filter_including_past_midnight() {
    let index = week();
    let from_to = |from: &str, to: &str| MeetingQuery { time_from: Some(time(from)), time_to: Some(time(to)), ..all() };
    assert_eq!(found(&index, &from_to("11:00", "12:00")), [id(2)]);
    // 23:00–02:00 wraps: late evening and small hours, on any day.
    assert_eq!(found(&index, &from_to("23:00", "02:00")), [id(3), id(4), id(5)]);
    assert_eq!(found(&index, &MeetingQuery { time_from: Some(time("23:00")), ..all() }), [id(3)]);
    assert_eq!(found(&index, &MeetingQuery { time_to: Some(time("07:00")), ..all() }), [id(1), id(4), id(5)]);
}

#[test]
fn types_filter_requires_every_code() {
    let index = week();
    let types = |codes: &[&str]| MeetingQuery { types: codes.iter().map(|c| c.to_string()).collect(), ..all() };
    assert_eq!(found(&index, &types(&["B"])), [id(8), id(9)]);
    assert_eq!(found(&index, &types(&["B", "O"])), [id(9)]);
    assert!(found(&index, &types(&["B", "X"])).is_empty());
    assert!(found(&index, &types(&["b"])).is_empty(), "codes are case-sensitive");
}

#[test]
fn attendance_program_and_region_filters() {
    let index = week();
    let attendance = |a: &[AttendanceOption]| MeetingQuery { attendance: a.to_vec(), ..all() };
    assert_eq!(found(&index, &attendance(&[AttendanceOption::Online])), [id(5)]);
    assert_eq!(found(&index, &attendance(&[AttendanceOption::Hybrid, AttendanceOption::Inactive])), [id(6), id(7)]);
    assert_eq!(found(&index, &MeetingQuery { program: Some("na".into()), ..all() }), [id(8)]);
    assert!(found(&index, &MeetingQuery { program: Some("al-anon".into()), ..all() }).is_empty());
    for region in ["manhattan", "NEW YORK", "Midtown"] {
        assert_eq!(found(&index, &MeetingQuery { region: Some(region.into()), ..all() }), [id(10)], "{region}");
    }
    assert!(found(&index, &MeetingQuery { region: Some("Manhattan, New York".into()), ..all() }).is_empty());
}

#[test]
fn no_filters_returns_every_meeting_inactive_included() {
    let index = week();
    let page = index.search(&all()).unwrap();
    assert_eq!((page.total, page.items.len(), page.next.clone()), (10, 10, None));
    assert!(page.items.iter().any(|h| h.meeting.data.attendance_option() == AttendanceOption::Inactive));
}

#[test]
fn text_matches_word_prefixes_ignoring_case_and_accents() {
    let mut cafe = meeting(1, "Café Serenity");
    cafe.data.notes = Some("Use the side door".into());
    let mut step = meeting(2, "Step Study");
    step.data.group = Some(Group { name: Some("Über Group".into()), ..Group::default() });
    if let Some(l) = step.data.location.as_mut() {
        l.name = Some("St. Mark's Hall".into());
        l.city = Some("São Paulo".into());
        l.notes = Some("Basement".into());
    }
    let index = SearchIndex::build([cafe, step]);
    let text = |t: &str| found(&index, &MeetingQuery { text: Some(t.into()), ..all() });
    assert_eq!(text("caf"), [id(1)]);
    assert_eq!(text("CAFÉ"), [id(1)]);
    assert_eq!(text("serenity cafe"), [id(1)], "words in any order");
    assert_eq!(text("side"), [id(1)], "notes");
    assert!(text("afe").is_empty(), "only prefixes of words");
    assert!(text("cafe study").is_empty(), "every word must match");
    assert_eq!(text("uber"), [id(2)], "group name");
    assert_eq!(text("marks hall"), [id(2)], "location name");
    assert_eq!(text("mark's"), [id(2)]);
    assert_eq!(text("sao"), [id(2)], "city");
    assert_eq!(text("basem"), [id(2)], "location notes");
    assert_eq!(text("main st"), [id(1), id(2)], "address");
    assert_eq!(text("  "), [id(1), id(2)], "no words is no filter");
}

#[test]
fn filters_combine() {
    let ny = chrono_tz::America::New_York;
    let base = |n, d: u8, t: &str, codes: &[&str], km: f64| {
        let (lat, lng) = north(MIDTOWN, km);
        let mut m = placed(scheduled(meeting(n, "Serenity"), d, t, ny), lat, lng);
        m.data.types = codes.iter().map(|c| c.to_string()).collect();
        m
    };
    let index = SearchIndex::build([
        base(1, 1, "19:00", &["O", "D"], 1.0),
        base(2, 1, "19:00", &["O"], 2.0),
        base(3, 2, "19:00", &["O", "D"], 3.0),
        base(4, 1, "08:00", &["O", "D"], 4.0),
        base(5, 1, "19:30", &["O", "D"], 30.0),
        base(6, 1, "20:00", &["D", "O", "ST"], 5.0),
    ]);
    let q = MeetingQuery {
        near: Some(MIDTOWN),
        radius_km: 10.0,
        days: vec![day(1)],
        time_from: Some(time("18:00")),
        types: vec!["D".into(), "O".into()],
        text: Some("seren".into()),
        program: Some("aa".into()),
        attendance: vec![AttendanceOption::InPerson],
        ..all()
    };
    assert_eq!(found(&index, &q), [id(1), id(6)]);
    assert!(found(&index, &MeetingQuery { region: Some("Brooklyn".into()), ..q }).is_empty());
}

#[test]
fn private_contacts_are_not_in_the_index() {
    let mut m = meeting(1, "Contacts");
    m.data.contacts = vec![
        Contact { name: Some("Pat".into()), email: Some("pat@example.org".into()), phone: None, public: false },
        Contact { name: Some("Sam".into()), email: None, phone: Some("555-0100".into()), public: true },
    ];
    let mut index = SearchIndex::build([m.clone()]);
    let only_public = |got: &Meeting| got.data.contacts.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
    assert_eq!(only_public(&index.get(id(1)).unwrap()), [Some("Sam".to_string())]);
    m.data.name = "Contacts again".into();
    index.upsert(&m);
    let hit = index.search(&all()).unwrap().items.remove(0);
    assert_eq!(only_public(&hit.meeting), [Some("Sam".to_string())]);
    assert_eq!(only_public(&index.meetings()[0]), [Some("Sam".to_string())]);
    assert_eq!(only_public(&index.get_by_slug(&m.data.slug).unwrap()), [Some("Sam".to_string())]);
}
