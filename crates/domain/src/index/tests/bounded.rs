//! A radius search's count is bounded: exact up to a threshold, then a lower bound, while the
//! pages (and the cursor through them) stay exactly the reference's.

use super::reference::{Expected, reference};
use super::*;

const CENTRE: GeoPoint = GeoPoint { lat: 40.7, lng: -74.0 };

/// 400 meetings on 50 places north of the centre, 8 to a place (ties at equal distance), at
/// varied days and times in three zones.
fn dense() -> Vec<Meeting> {
    let zones = [chrono_tz::America::New_York, chrono_tz::Europe::London, chrono_tz::Asia::Kolkata];
    (0..400u128)
        .map(|n| {
            let at = TimeOfDay::from_minutes(((n * 97) % 96) as u16 * 15).unwrap().to_string();
            let m = scheduled(meeting((n * 7_919) % 10_007, "Dense"), (n % 7) as u8, &at, zones[(n % 3) as usize]);
            placed(m, CENTRE.lat + 0.0001 * ((n % 50) as f64), CENTRE.lng)
        })
        .collect()
}

fn near(radius_km: f64) -> MeetingQuery {
    MeetingQuery { near: Some(CENTRE), radius_km, ..all() }
}

/// Every page of `q` (`limit` each) counting up to `exact_up_to`, following `next`.
fn walk_up_to(index: &SearchIndex, q: &MeetingQuery, limit: usize, exact_up_to: usize) -> Vec<SearchPage> {
    let mut q = MeetingQuery { limit, after: None, ..q.clone() };
    let mut pages = Vec::new();
    loop {
        let page = index.search_counting_up_to(&q, exact_up_to).unwrap();
        let next = page.next.clone();
        pages.push(page);
        match next {
            Some(cursor) => q.after = Some(cursor),
            None => return pages,
        }
        assert!(pages.len() < 10_000, "paging does not end");
    }
}

fn hits(pages: &[SearchPage]) -> Vec<Expected> {
    pages
        .iter()
        .flat_map(|p| &p.items)
        .map(|h| Expected { id: h.meeting.id, km: h.distance_km, start: h.next_start })
        .collect()
}

#[test]
fn below_the_threshold_the_total_is_exact() {
    let meetings = dense();
    let index = SearchIndex::build(meetings.clone());
    for q in [near(3.0), MeetingQuery { days: vec![day(2)], ..near(3.0) }, near(0.2)] {
        let expected = reference(&meetings, &q);
        for exact_up_to in [expected.len() + 1, 10_000] {
            let page = index.search_counting_up_to(&MeetingQuery { limit: 5, ..q.clone() }, exact_up_to).unwrap();
            assert_eq!((page.total, page.total_exact), (expected.len(), true), "{q:?} up to {exact_up_to}");
        }
        // Exactly at the threshold the count is right, though it may be flagged a lower bound
        // (the walk stops before checking that no farther meeting matches).
        let page = index.search_counting_up_to(&MeetingQuery { limit: 5, ..q.clone() }, expected.len()).unwrap();
        assert_eq!(page.total, expected.len(), "{q:?}");
    }
    // The public search counts exactly up to its threshold, far above this index.
    let page = index.search(&MeetingQuery { limit: 5, ..near(3.0) }).unwrap();
    assert_eq!((page.total, page.total_exact), (400, true));
}

#[test]
fn above_the_threshold_the_total_is_the_threshold_as_a_lower_bound() {
    let meetings = dense();
    let index = SearchIndex::build(meetings.clone());
    let q = MeetingQuery { limit: 10, ..near(3.0) };
    let expected = reference(&meetings, &q);
    // Small enough that 4 times it is below the 400 places: the radius counts as crowded.
    for exact_up_to in [1, 50, 99] {
        let page = index.search_counting_up_to(&q, exact_up_to).unwrap();
        assert_eq!((page.total, page.total_exact), (exact_up_to, false), "up to {exact_up_to}");
        assert!(page.total < expected.len());
        assert_eq!(hits(std::slice::from_ref(&page)), expected[..10], "the page is still the first 10");
        assert!(page.next.is_some());
    }
    // A page larger than the threshold is still filled, and still a lower bound.
    let page = index.search_counting_up_to(&MeetingQuery { limit: 120, ..q.clone() }, 50).unwrap();
    assert_eq!((page.items.len(), page.total, page.total_exact), (120, 50, false));
    assert_eq!(hits(std::slice::from_ref(&page)), expected[..120]);
}

#[test]
fn paging_past_the_threshold_gives_every_match_once_in_distance_order() {
    let meetings = dense();
    let index = SearchIndex::build(meetings.clone());
    let soon = StartsWithin { at: utc("2026-11-29T11:55:00Z"), minutes: 3 * 24 * 60 };
    for q in [
        near(3.0),
        MeetingQuery { days: vec![day(1), day(4)], ..near(3.0) },
        MeetingQuery { time_from: Some(time("06:00")), time_to: Some(time("20:00")), ..near(3.0) },
        MeetingQuery { starts_within: Some(soon), ..near(3.0) },
    ] {
        let expected = reference(&meetings, &q);
        assert!(expected.len() > 40, "{} matches of {q:?}", expected.len());
        for (limit, exact_up_to) in [(1, 20), (7, 20), (8, 30), (64, 20)] {
            let pages = walk_up_to(&index, &q, limit, exact_up_to);
            assert_eq!(hits(&pages), expected, "limit {limit}, up to {exact_up_to}, {q:?}");
            for page in &pages {
                // A lower bound of the threshold, or (once a page's walk reaches the radius) exact.
                let total = (page.total, page.total_exact);
                assert!(total == (exact_up_to, false) || total == (expected.len(), true), "{total:?}");
            }
            if expected.len() > 4 * exact_up_to {
                assert!(!pages[0].total_exact, "a crowded radius is counted up to the threshold");
            }
        }
    }
}

/// `n` meetings on a grid within about 2 km of the centre, every one matching a 25 km search.
fn grid(n: u128) -> Vec<Meeting> {
    let ny = chrono_tz::America::New_York;
    (0..n)
        .map(|i| {
            let m = scheduled(meeting(i, "Grid"), (i % 7) as u8, "19:00", ny);
            placed(m, CENTRE.lat + 0.0001 * ((i % 100) as f64), CENTRE.lng + 0.0001 * ((i / 100) as f64))
        })
        .collect()
}

#[test]
fn a_page_at_a_dense_point_checks_a_bounded_number_of_places_whatever_the_size() {
    let q = MeetingQuery { limit: 25, ..near(25.0) };
    let mut pages = Vec::new();
    for size in [6_000, 24_000] {
        let index = SearchIndex::build(grid(size));
        let before = index.examined();
        let page = index.search(&q).unwrap();
        let examined = index.examined() - before;
        assert_eq!((page.items.len(), page.total, page.total_exact), (25, EXACT_TOTAL_UP_TO, false), "{size}");
        // The range query up to 4 times the threshold, then the threshold's matches nearest
        // first, the page, and the one place that showed the walk could stop.
        let bound = 4 * EXACT_TOTAL_UP_TO + 1 + EXACT_TOTAL_UP_TO + 2 * q.limit;
        assert!(examined <= bound as u64, "{examined} places checked of {size}");
        pages.push(ids(&page));
    }
    // The nearest 25 are the same grid points at both sizes (the grid grows eastwards).
    assert_eq!(pages[0], pages[1]);
}
