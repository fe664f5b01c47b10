//! `starts_within`: the ten-minute grace, the week boundary, and DST nights held to
//! `next_occurrence` by brute force.

use chrono::TimeDelta;
use chrono_tz::America::New_York;

use super::reference::{assert_pages_match, reference};
use super::*;

fn soon(at: &str, minutes: u32) -> MeetingQuery {
    MeetingQuery { starts_within: Some(StartsWithin { at: utc(at), minutes }), ..all() }
}

fn starts(page: &SearchPage) -> Vec<String> {
    page.items.iter().map(|h| h.next_start.map(|t| t.to_rfc3339()).unwrap_or_default()).collect()
}

#[test]
fn starts_within_across_midnight_saturday_to_sunday() {
    let meetings = vec![
        scheduled(meeting(1, "Began 20 minutes ago"), 6, "23:30", New_York),
        scheduled(meeting(2, "Began 11 minutes ago"), 6, "23:39", New_York),
        scheduled(meeting(3, "Began 10 minutes ago"), 6, "23:40", New_York),
        scheduled(meeting(4, "Began 5 minutes ago"), 6, "23:45", New_York),
        scheduled(meeting(5, "After midnight"), 0, "00:15", New_York),
        scheduled(meeting(6, "At the window's end"), 0, "00:20", New_York),
        scheduled(meeting(7, "A minute too late"), 0, "00:21", New_York),
        scheduled(meeting(8, "London, early Sunday"), 0, "04:55", chrono_tz::Europe::London),
        scheduled(meeting(9, "Sunday evening"), 0, "19:00", New_York),
    ];
    let index = SearchIndex::build(meetings.clone());
    // Saturday 2026-11-28 23:50 in New York is Sunday 04:50 in London.
    let q = soon("2026-11-29T04:50:00Z", 30);
    let page = index.search(&q).unwrap();
    // Meeting 3 began exactly ten minutes ago: no longer "under ten minutes".
    assert_eq!(ids(&page), [id(4), id(8), id(5), id(6)]);
    assert_eq!(
        starts(&page),
        [
            "2026-11-28T23:45:00-05:00",
            "2026-11-29T04:55:00+00:00",
            "2026-11-29T00:15:00-05:00",
            "2026-11-29T00:20:00-05:00",
        ]
    );
    assert!(page.items.iter().all(|h| h.distance_km.is_none()));
    for limit in [1, 2, 5] {
        assert_pages_match(&index, &meetings, &q, limit);
    }
}

#[test]
fn meetings_that_began_under_ten_minutes_ago_are_included() {
    let index = SearchIndex::build([scheduled(meeting(1, "Tuesday"), 2, "19:00", New_York)]);
    // Tuesday 2026-11-24 19:00 EST is 2026-11-25T00:00Z.
    let hit = |at: &str, minutes| ids(&index.search(&soon(at, minutes)).unwrap());
    assert_eq!(hit("2026-11-25T00:09:59Z", 0), [id(1)], "under ten minutes in");
    assert!(hit("2026-11-25T00:10:00Z", 0).is_empty(), "exactly ten minutes in no longer counts");
    assert!(hit("2026-11-25T00:10:01Z", 60).is_empty(), "nor a second later");
    assert!(hit("2026-11-24T23:00:00Z", 59).is_empty());
    assert_eq!(hit("2026-11-24T23:00:00Z", 60), [id(1)], "the window's end is included");
    assert_eq!(hit("2026-11-24T23:00:30Z", 60), [id(1)], "odd seconds");
    assert!(hit("2026-11-24T22:59:30Z", 60).is_empty(), "odd seconds");
    let page = index.search(&soon("2026-11-25T00:05:00Z", 0)).unwrap();
    assert_eq!(starts(&page), ["2026-11-24T19:00:00-05:00"]);
    // A week-long window always finds the next start.
    assert_eq!(hit("2026-11-25T00:10:01Z", 7 * 24 * 60), [id(1)]);
    assert_eq!(
        starts(&index.search(&soon("2026-11-25T00:10:01Z", 7 * 24 * 60)).unwrap()),
        ["2026-12-01T19:00:00-05:00"]
    );
}

/// Meetings every quarter hour on `days` in `tz`, asked every five minutes for `hours` from
/// `from` with several window lengths, compared with the brute-force `next_occurrence`.
fn sweep(tz: Tz, days: [u8; 2], from: &str, hours: i64) {
    let mut meetings = Vec::new();
    for (i, &d) in days.iter().enumerate() {
        for quarter in 0..96u16 {
            let n = (i as u128) * 1000 + u128::from(quarter);
            let t = TimeOfDay::from_minutes(quarter * 15).unwrap().to_string();
            meetings.push(scheduled(meeting(n, "Sweep"), d, &t, tz));
        }
    }
    let index = SearchIndex::build(meetings.clone());
    let start = utc(from);
    for step in 0..hours * 12 {
        let at = start + TimeDelta::minutes(step * 5);
        for minutes in [0, 15, 60, 150] {
            let q = MeetingQuery { starts_within: Some(StartsWithin { at, minutes }), ..all() };
            let page = index.search(&q).unwrap();
            let expected = reference(&meetings, &q);
            let got: Vec<_> = page.items.iter().map(|h| (h.meeting.id, h.next_start)).collect();
            let want: Vec<_> = expected.iter().map(|e| (e.id, e.start)).collect();
            assert_eq!(got, want, "{tz} at {at} within {minutes}");
        }
    }
    let q = MeetingQuery { starts_within: Some(StartsWithin { at: start, minutes: 600 }), ..all() };
    assert_pages_match(&index, &meetings, &q, 9);
}

#[test]
fn starts_within_over_a_spring_forward_night() {
    // 2026-03-08 02:00 EST jumps to 03:00 EDT (07:00Z).
    sweep(New_York, [6, 0], "2026-03-08T01:00:00Z", 12);
    let index = SearchIndex::build([
        scheduled(meeting(1, "In the gap"), 0, "02:30", New_York),
        scheduled(meeting(2, "Just after"), 0, "03:30", New_York),
    ]);
    // At 01:50 EST, the 02:30 meeting starts at 03:30 EDT, with the 03:30 one.
    let page = index.search(&soon("2026-03-08T06:50:00Z", 45)).unwrap();
    assert_eq!(ids(&page), [id(1), id(2)]);
    assert_eq!(starts(&page), ["2026-03-08T03:30:00-04:00", "2026-03-08T03:30:00-04:00"]);
    // London (01:00 GMT → 02:00 BST) and Lord Howe (a half-hour shift) too.
    sweep(chrono_tz::Europe::London, [6, 0], "2026-03-28T20:00:00Z", 10);
    sweep(chrono_tz::Australia::Lord_Howe, [6, 0], "2026-10-03T10:00:00Z", 10);
}

#[test]
fn starts_within_over_a_fall_back_night() {
    // 2026-11-01 02:00 EDT falls back to 01:00 EST (06:00Z); 01:00–02:00 happens twice.
    sweep(New_York, [6, 0], "2026-11-01T01:00:00Z", 12);
    let index = SearchIndex::build([scheduled(meeting(1, "Twice"), 0, "01:30", New_York)]);
    // During the first 01:30 (EDT) it is in progress...
    let page = index.search(&soon("2026-11-01T05:35:00Z", 30)).unwrap();
    assert_eq!(starts(&page), ["2026-11-01T01:30:00-04:00"]);
    // ...but the second 01:30 (EST) is not a new start.
    assert!(index.search(&soon("2026-11-01T06:25:00Z", 10)).unwrap().items.is_empty());
    assert!(index.search(&soon("2026-11-01T06:35:00Z", 30)).unwrap().items.is_empty());
    sweep(chrono_tz::Europe::London, [6, 0], "2026-10-24T20:00:00Z", 10);
    sweep(chrono_tz::Australia::Lord_Howe, [6, 0], "2026-04-04T10:00:00Z", 10);
}

#[test]
fn starts_within_with_near_orders_by_distance_and_keeps_the_start() {
    let close = placed(scheduled(meeting(2, "Close, later"), 0, "00:15", New_York), 40.70, -74.0);
    let far = placed(scheduled(meeting(1, "Far, sooner"), 6, "23:45", New_York), 40.80, -74.0);
    let index = SearchIndex::build([close, far]);
    let q = MeetingQuery {
        near: Some(GeoPoint { lat: 40.7, lng: -74.0 }),
        radius_km: 25.0,
        ..soon("2026-11-29T04:50:00Z", 30)
    };
    let page = index.search(&q).unwrap();
    assert_eq!(ids(&page), [id(2), id(1)]);
    assert_eq!(starts(&page), ["2026-11-29T00:15:00-05:00", "2026-11-28T23:45:00-05:00"]);
    assert!(page.items.iter().all(|h| h.distance_km.is_some()));
}
