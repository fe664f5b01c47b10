//! Keyset paging: every match exactly once, in order, whatever the ordering.

use super::reference::assert_pages_match;
use super::*;

const CENTRE: GeoPoint = GeoPoint { lat: 40.7, lng: -74.0 };

/// Many meetings, with plenty of ties: shared places, shared times, symmetric places.
fn crowded() -> Vec<Meeting> {
    let ny = chrono_tz::America::New_York;
    (0..60u128)
        .map(|n| {
            // Ids out of order with the other keys, so ties are broken by id, not by insertion.
            let m =
                scheduled(meeting((n * 37) % 61, "Crowded"), (n % 3) as u8, ["07:00", "19:00"][(n % 2) as usize], ny);
            match n % 4 {
                0 => placed(m, CENTRE.lat, CENTRE.lng),
                1 => placed(m, CENTRE.lat, CENTRE.lng + 0.01),
                2 => placed(m, CENTRE.lat, CENTRE.lng - 0.01),
                _ => placed(m, CENTRE.lat + 0.001 * (n as f64), CENTRE.lng),
            }
        })
        .collect()
}

fn flat(pages: &[SearchPage]) -> Vec<MeetingId> {
    pages.iter().flat_map(ids).collect()
}

#[test]
fn paging_by_schedule_walks_every_match_once() {
    let meetings = crowded();
    let index = SearchIndex::build(meetings.clone());
    for limit in [1, 2, 7, 60, 61, 200] {
        assert_pages_match(&index, &meetings, &all(), limit);
    }
    let pages = walk(&index, &all(), 7);
    assert_eq!(pages.len(), 9);
    assert!(pages[..8].iter().all(|p| p.items.len() == 7 && matches!(p.next, Some(Cursor::Schedule { .. }))));
    assert_eq!(pages[8].items.len(), 4);
    assert_eq!(pages[8].next, None);
}

#[test]
fn paging_by_distance_walks_ties_once_ordered_by_id() {
    let meetings = crowded();
    let index = SearchIndex::build(meetings.clone());
    let q = MeetingQuery { near: Some(CENTRE), radius_km: 5.0, ..all() };
    for limit in [1, 3, 15, 16, 100] {
        assert_pages_match(&index, &meetings, &q, limit);
    }
    let everything = flat(&walk(&index, &q, 4));
    // The first 15 share the centre itself: ordered by id alone.
    let mut at_centre = everything[..15].to_vec();
    at_centre.sort();
    assert_eq!(everything[..15], at_centre[..]);
    let page = index.search(&MeetingQuery { limit: 0, ..q.clone() }).unwrap();
    let km: Vec<f64> = page.items.iter().map(|h| h.distance_km.unwrap_or(-1.0)).collect();
    assert!(km[..15].iter().all(|&k| k == 0.0));
    assert!(km.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn paging_by_start_walks_every_match_once() {
    let meetings = crowded();
    let index = SearchIndex::build(meetings.clone());
    // Sunday 2026-11-29 06:55 in New York, looking three days ahead.
    let q = MeetingQuery {
        starts_within: Some(StartsWithin { at: utc("2026-11-29T11:55:00Z"), minutes: 3 * 24 * 60 }),
        ..all()
    };
    for limit in [1, 4, 20, 45] {
        assert_pages_match(&index, &meetings, &q, limit);
    }
    let pages = walk(&index, &q, 10);
    assert!(matches!(pages[0].next, Some(Cursor::Start { .. })));
    assert_eq!(pages[0].total, 60);
    let starts: Vec<_> = pages.iter().flat_map(|p| p.items.iter().map(|h| h.next_start.unwrap())).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(starts[0].to_rfc3339(), "2026-11-29T07:00:00-05:00");
}

#[test]
fn a_cursor_of_the_wrong_kind_is_refused() {
    let index = SearchIndex::build(crowded());
    let schedule = Cursor::Schedule { week_minute: 0, id: id(0) };
    let distance = Cursor::Distance { km: 1.0, id: id(0) };
    let start = Cursor::Start { at: 0, id: id(0) };
    let near = MeetingQuery { near: Some(CENTRE), radius_km: 5.0, ..all() };
    let soon =
        MeetingQuery { starts_within: Some(StartsWithin { at: utc("2026-11-29T11:55:00Z"), minutes: 60 }), ..all() };
    for (q, wrong) in [
        (&all(), &distance),
        (&all(), &start),
        (&near, &schedule),
        (&near, &start),
        (&soon, &schedule),
        (&soon, &distance),
    ] {
        let q = MeetingQuery { after: Some(wrong.clone()), ..q.clone() };
        assert_eq!(index.search(&q), Err(QueryError::CursorMismatch));
    }
    // `near` with `starts_within` orders by distance.
    let both = MeetingQuery { after: Some(start), starts_within: soon.starts_within, ..near.clone() };
    assert_eq!(index.search(&both), Err(QueryError::CursorMismatch));
    assert!(index.search(&MeetingQuery { after: Some(distance), ..both }).is_ok());
}

#[test]
fn paging_survives_unrelated_writes_between_pages() {
    let meetings = crowded();
    let mut index = SearchIndex::build(meetings.clone());
    for q in [
        MeetingQuery { program: Some("aa".into()), ..all() },
        MeetingQuery { near: Some(CENTRE), radius_km: 5.0, program: Some("aa".into()), ..all() },
    ] {
        let expected = found(&index, &q);
        let mut seen = Vec::new();
        let mut page_q = MeetingQuery { limit: 4, ..q.clone() };
        let mut round = 0u128;
        loop {
            let page = index.search(&page_q).unwrap();
            seen.extend(ids(&page));
            // Unrelated writes: another program's meetings come and go (reusing freed slots),
            // and already matched meetings are rewritten unchanged (moving to new slots).
            round += 1;
            let mut other = placed(meeting(1_000 + round, "Other program"), CENTRE.lat, CENTRE.lng);
            other.data.program = "na".into();
            index.upsert(&other);
            index.remove(id(1_000 + round - 1));
            if let Some(hit) = page.items.first() {
                index.remove(hit.meeting.id);
                index.upsert(&hit.meeting);
            }
            match page.next {
                Some(next) => page_q.after = Some(next),
                None => break,
            }
        }
        assert_eq!(seen, expected);
    }
}

#[test]
fn paging_through_many_matches_agrees_with_the_reference() {
    // Enough matches that the search prunes its candidates while scanning.
    let zones = [chrono_tz::America::New_York, chrono_tz::Europe::London, chrono_tz::Asia::Kolkata];
    let meetings: Vec<Meeting> = (0..400u128)
        .map(|n| {
            let at = TimeOfDay::from_minutes(((n * 97) % 96) as u16 * 15).unwrap().to_string();
            let m = scheduled(meeting((n * 7_919) % 10_007, "Many"), (n % 7) as u8, &at, zones[(n % 3) as usize]);
            placed(m, CENTRE.lat + 0.0001 * ((n % 50) as f64), CENTRE.lng)
        })
        .collect();
    let index = SearchIndex::build(meetings.clone());
    let soon = StartsWithin { at: utc("2026-11-29T11:55:00Z"), minutes: 3 * 24 * 60 };
    for q in [
        all(),
        MeetingQuery { starts_within: Some(soon), ..all() },
        MeetingQuery { near: Some(CENTRE), radius_km: 3.0, ..all() },
    ] {
        for limit in [1, 5, 64] {
            assert_pages_match(&index, &meetings, &q, limit);
        }
    }
}

#[test]
fn cursors_survive_json_exactly() {
    // Distances that serde_json's default number parser reads back one ulp off.
    for km in [127.27588074869345, 481.30138981131597, 194.30391965341582, 0.0, 1e-9, 12_345.678_901_234_567] {
        let cursor = Cursor::Distance { km, id: id(7) };
        let json = serde_json::to_string(&cursor).unwrap();
        assert_eq!(serde_json::from_str::<Cursor>(&json).unwrap(), cursor, "{json}");
    }
    let plain: Cursor =
        serde_json::from_str(r#"{"Distance":{"km":2.5,"id":"00000000-0000-0000-0000-000000000007"}}"#).unwrap();
    assert_eq!(plain, Cursor::Distance { km: 2.5, id: id(7) });
    // Walking a distance query through JSON-encoded cursors still sees every match once.
    let meetings = crowded();
    let index = SearchIndex::build(meetings);
    let q = MeetingQuery { near: Some(CENTRE), radius_km: 5.0, limit: 3, ..all() };
    let mut page_q = q.clone();
    let mut seen = Vec::new();
    loop {
        let page = index.search(&page_q).unwrap();
        seen.extend(ids(&page));
        match page.next {
            Some(next) => page_q.after = Some(serde_json::from_slice(&serde_json::to_vec(&next).unwrap()).unwrap()),
            None => break,
        }
    }
    assert_eq!(seen, found(&index, &q));
}
