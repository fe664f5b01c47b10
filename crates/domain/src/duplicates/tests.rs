//! The duplicate finder: what counts as one meeting listed twice, and what does not.

#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use super::*;
use crate::testing::MeetingBuilder;

const LAT: f64 = 39.9526;
const LNG: f64 = -75.1652;
/// About this many degrees of latitude per metre.
const DEG_PER_M: f64 = 1.0 / 111_195.0;

/// A published AA meeting `n` named `name` on Monday at `time` in New York, at `metres` north
/// of a fixed point.
fn listing(n: u128, name: &str, time: &str, metres: f64) -> MeetingBuilder {
    MeetingBuilder::new(name).id(n).slug(format!("m-{n}")).time(time).coordinates(LAT + metres * DEG_PER_M, LNG)
}

/// The same, built.
fn meeting(n: u128, name: &str, time: &str, metres: f64) -> Meeting {
    listing(n, name, time, metres).build()
}

/// An online-only meeting `n` in `tz` on `day` at `time`, meeting at `url`.
fn online(n: u128, name: &str, day: u8, time: &str, tz: chrono_tz::Tz, url: &str) -> Meeting {
    listing(n, name, time, 0.0).day(day).timezone(tz).online_only(url).build()
}

fn pairs(meetings: &[Meeting]) -> Vec<(u128, u128, Vec<DuplicateReason>)> {
    find_duplicates(meetings, usize::MAX)
        .into_iter()
        .map(|p| (p.first.id.0.as_u128(), p.second.id.0.as_u128(), p.reasons))
        .collect()
}

#[test]
fn the_same_meeting_at_the_same_place_is_a_pair() {
    let found = find_duplicates(
        &[meeting(2, "Monday Night Big Book", "19:00", 0.0), meeting(1, "monday night big-book", "19:05", 100.0)],
        usize::MAX,
    );
    assert_eq!(found.len(), 1);
    let pair = &found[0];
    assert_eq!((pair.first.id.0.as_u128(), pair.second.id.0.as_u128()), (1, 2));
    assert_eq!(pair.first.slug, "m-1");
    assert_eq!(pair.reasons, [DuplicateReason::SamePlaceAndTime]);
    let distance = pair.distance_m.unwrap();
    assert!((99.0..=101.0).contains(&distance), "{distance}");
}

#[test]
fn near_misses_are_not_pairs() {
    let base = meeting(1, "Monday Night Big Book", "19:00", 0.0);
    let other_day = listing(2, "Monday Night Big Book", "19:00", 0.0).day(2).build();
    let other_program = listing(3, "Monday Night Big Book", "19:00", 0.0).program("na").build();
    let six_minutes = meeting(4, "Monday Night Big Book", "19:06", 0.0);
    let far = meeting(5, "Monday Night Big Book", "19:00", 200.0);
    let other_name = meeting(6, "Women's Step Study", "19:00", 0.0);
    let mut unplaced = meeting(7, "Monday Night Big Book", "19:00", 0.0);
    unplaced.data.location.as_mut().unwrap().latitude = None;
    for other in [other_day, other_program, six_minutes, far, other_name, unplaced] {
        let name = other.data.name.clone();
        assert_eq!(pairs(&[base.clone(), other]), [], "{name}");
    }
}

#[test]
fn every_pair_in_a_cluster_is_listed_once() {
    let found = pairs(&[
        meeting(1, "Noon Group", "12:00", 0.0),
        meeting(2, "Noon Group", "12:03", 50.0),
        meeting(3, "Noon Group", "12:05", 100.0),
        meeting(4, "Noon Group", "12:10", 0.0),
    ]);
    let ids: Vec<(u128, u128)> = found.iter().map(|(a, b, _)| (*a, *b)).collect();
    // 4 starts 7 minutes after 2, 10 after 1; 3 and 4 are 5 minutes apart.
    assert_eq!(ids, [(1, 2), (1, 3), (2, 3), (3, 4)]);
}

#[test]
fn names_are_alike_by_folding_containment_or_overlap() {
    assert!(names_alike("Café Serenity!", "cafe serenity"));
    assert!(names_alike("Big Book", "Tuesday Big Book Study"));
    assert!(names_alike("Women's Step Study", "Womens Step Group"));
    assert!(!names_alike("Women's Step Study", "Men's Big Book"));
    assert!(!names_alike("Happy Hour", "Early Birds"));
    assert!(!names_alike("!!!", "!!!"));
}

#[test]
fn the_same_room_at_the_same_time_is_a_pair_whatever_the_names() {
    let ny = chrono_tz::America::New_York;
    let found = pairs(&[
        online(1, "Sunrise", 1, "07:00", ny, "https://us02web.zoom.us/j/123456789?pwd=secret"),
        online(2, "Early Risers", 1, "07:02", ny, "https://zoom.us/j/123456789"),
    ]);
    assert_eq!(found, [(1, 2, vec![DuplicateReason::SameConferenceUrl])]);
}

#[test]
fn one_room_on_other_days_or_hours_is_not_a_pair() {
    let ny = chrono_tz::America::New_York;
    let url = "https://zoom.us/j/123456789";
    let found = pairs(&[
        online(1, "Sunrise", 1, "07:00", ny, url),
        online(2, "Sunrise", 2, "07:00", ny, url),
        online(3, "Sunrise", 1, "07:06", ny, url),
        online(4, "Sunrise", 1, "07:00", ny, "https://zoom.us/j/987654321"),
    ]);
    assert_eq!(found, []);
}

#[test]
fn rooms_compare_at_the_same_instant_across_time_zones() {
    let found = pairs(&[
        online(1, "Sunrise", 1, "07:00", chrono_tz::America::New_York, "https://meet.example/sunrise"),
        online(2, "Sunrise", 1, "06:00", chrono_tz::America::Chicago, "https://meet.example/sunrise/"),
        online(3, "Sunrise", 1, "07:00", chrono_tz::America::Chicago, "https://meet.example/sunrise"),
    ]);
    assert_eq!(found, [(1, 2, vec![DuplicateReason::SameConferenceUrl])]);
}

#[test]
fn rooms_compare_across_the_end_of_the_week() {
    let utc = chrono_tz::UTC;
    let url = "https://meet.example/late";
    let found = pairs(&[online(1, "Late", 6, "23:58", utc, url), online(2, "Late", 0, "00:01", utc, url)]);
    assert_eq!(found, [(1, 2, vec![DuplicateReason::SameConferenceUrl])]);
}

#[test]
fn a_pair_meeting_both_rules_lists_both_reasons() {
    let a = listing(1, "Hybrid Group", "19:00", 0.0).online("https://zoom.us/j/42").build();
    let b = listing(2, "Hybrid Group", "19:00", 20.0).online("https://zoom.us/j/42").build();
    let found = find_duplicates(&[a, b], usize::MAX);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].reasons, [DuplicateReason::SameConferenceUrl, DuplicateReason::SamePlaceAndTime]);
    assert!(found[0].distance_m.is_some());
}

#[test]
fn shared_listings_work_as_well_as_owned_ones() {
    let shared: Vec<Arc<Meeting>> =
        vec![Arc::new(meeting(1, "Noon Group", "12:00", 0.0)), Arc::new(meeting(2, "Noon Group", "12:00", 10.0))];
    assert_eq!(find_duplicates(&shared, usize::MAX).len(), 1);
}

#[test]
fn pairs_serialize_with_wire_names() {
    let found = find_duplicates(&[meeting(1, "Noon", "12:00", 0.0), meeting(2, "Noon", "12:00", 0.0)], usize::MAX);
    let json = serde_json::to_value(&found[0]).unwrap();
    assert_eq!(json["reasons"], serde_json::json!(["same-place-and-time"]));
    assert_eq!(json["first"]["time"], "12:00");
    assert_eq!(json["distance_m"], 0.0);
    assert!(json["first"].get("source_id").is_none());
}

/// `count` identical listings: same name, place, time and conference room.
fn crowd(count: u128) -> Vec<Meeting> {
    (1..=count).map(|n| listing(n, "Same Group", "19:00", 0.0).online("https://zoom.us/j/7").build()).collect()
}

#[test]
fn identical_listings_give_at_most_max_pairs() {
    let found = find_duplicates(&crowd(800), 200);
    assert_eq!(found.len(), 200);
    assert!(found.windows(2).all(|w| (w[0].first.id, w[0].second.id) < (w[1].first.id, w[1].second.id)));
    // Pairs found while walking places keep the room reason found afterwards.
    assert!(found.iter().all(|p| p.reasons.len() == 2));
    assert!(find_duplicates(&crowd(800), 0).is_empty());
}

#[test]
fn identical_listings_are_compared_with_a_bounded_number_of_neighbours() {
    let count = 800;
    let found = find_duplicates(&crowd(count), usize::MAX);
    // Without the bound this would be count × (count − 1) / 2 = 319,600 pairs.
    assert!(found.len() <= count as usize * MAX_NEIGHBOURS);
    assert!(found.len() >= MAX_NEIGHBOURS);
}

#[test]
fn a_cap_keeps_the_same_pairs_whatever_the_input_order() {
    let mut listings = crowd(120);
    let forward = find_duplicates(&listings, 30);
    listings.reverse();
    assert_eq!(find_duplicates(&listings, 30), forward);
}
