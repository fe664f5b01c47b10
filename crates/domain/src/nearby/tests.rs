//! Tests of the nearby search: interleaving, exact paging at equal distances (named cases and
//! a property test against a brute-force reference), kinds, filters, the window and cursors.

use chrono::{DateTime, Utc};
use proptest::prelude::*;
use uuid::Uuid;

use super::*;
use crate::agency::index::tests::{at, location, service, taxonomies, uuid, weekdays_nine_to_five};
use crate::agency::{Location as AgencyLocation, Service};
use crate::ids::MeetingId;
use crate::meeting::Meeting;
use crate::testing::MeetingBuilder;

const CENTER: GeoPoint = GeoPoint { lat: 40.0, lng: -75.0 };

/// A published AA meeting `n` on Wednesday 19:00 New York, at (`lat`, `lng`).
fn meeting(n: u128, name: &str, lat: f64, lng: f64) -> Meeting {
    MeetingBuilder::new(name).id(n).slug(format!("m-{n}")).day(3).coordinates(lat, lng).build()
}

/// Service `n` named `name` at its own location `n` (link id `n`) at (`lat`, `lng`).
fn placed_service(n: u128, name: &str, lat: f64, lng: f64) -> (Service, AgencyLocation) {
    (at(service(n, name), n, n), location(n, lat, lng))
}

fn catalog(services: Vec<(Service, AgencyLocation)>) -> AgencyCatalog {
    let (services, locations): (Vec<_>, Vec<_>) = services.into_iter().unzip();
    AgencyCatalog::build([], locations, services, taxonomies(), chrono_tz::America::New_York)
}

fn near(radius_km: f64) -> NearbyQuery {
    NearbyQuery { near: Some(CENTER), radius_km, ..NearbyQuery::default() }
}

/// Each item as (kind, id).
fn keys(items: &[NearbyItem]) -> Vec<(NearbyKind, Uuid)> {
    items.iter().map(|i| (i.kind(), i.id())).collect()
}

/// Every item of `q`, page by page (`limit` per page), checking totals stay put.
fn all_pages(index: &SearchIndex, agencies: &AgencyCatalog, q: &NearbyQuery) -> Vec<NearbyItem> {
    let mut q = q.clone();
    let mut out = Vec::new();
    let mut total = None;
    for _ in 0..1000 {
        let page = search_nearby(index, agencies, &q).unwrap();
        assert!(q.limit == 0 || page.items.len() <= q.limit);
        assert_eq!(*total.get_or_insert(page.total), page.total);
        assert_eq!(page.total, page.total_meetings + page.total_services);
        out.extend(page.items);
        match page.next {
            Some(next) => q.after = Some(next),
            None => return out,
        }
    }
    panic!("paging did not end");
}

const M: NearbyKind = NearbyKind::Meeting;
const S: NearbyKind = NearbyKind::Service;

#[test]
fn items_interleave_by_distance_meetings_first_at_equal_distance() {
    let index = SearchIndex::build([
        meeting(1, "Far", 40.05, -75.0),
        meeting(2, "Here", 40.0, -75.0),
        meeting(3, "Beyond", 41.0, -75.0),
    ]);
    let agencies = catalog(vec![
        placed_service(10, "Mid", 40.02, -75.0),
        placed_service(11, "Here too", 40.0, -75.0),
        placed_service(12, "Farther", 40.08, -75.0),
    ]);
    let page = search_nearby(&index, &agencies, &NearbyQuery { limit: 10, ..near(20.0) }).unwrap();
    assert_eq!(keys(&page.items), [(M, uuid(2)), (S, uuid(11)), (S, uuid(10)), (M, uuid(1)), (S, uuid(12))]);
    assert_eq!((page.total, page.total_meetings, page.total_services), (5, 2, 3));
    let km: Vec<f64> = page.items.iter().map(|i| i.distance_km().unwrap()).collect();
    assert!(km.windows(2).all(|w| w[0] <= w[1]));
    assert!(page.next.is_none());
}

#[test]
fn paging_at_equal_distances_sees_each_item_once() {
    // Everything is at one of two places, so kinds and ids alone order the ties.
    let (a, b) = ((40.01, -75.0), (40.02, -75.0));
    let index = SearchIndex::build([
        meeting(5, "A", a.0, a.1),
        meeting(1, "B", a.0, a.1),
        meeting(9, "C", b.0, b.1),
        meeting(u128::MAX, "Max id", a.0, a.1),
    ]);
    let agencies = catalog(vec![
        placed_service(1, "A", a.0, a.1),
        placed_service(3, "B", a.0, a.1),
        placed_service(2, "C", b.0, b.1),
        placed_service(4, "D", b.0, b.1),
    ]);
    let expected = [
        (M, uuid(1)),
        (M, uuid(5)),
        (M, Uuid::max()),
        (S, uuid(1)),
        (S, uuid(3)),
        (M, uuid(9)),
        (S, uuid(2)),
        (S, uuid(4)),
    ];
    for limit in 0..=9 {
        let items = all_pages(&index, &agencies, &NearbyQuery { limit, ..near(10.0) });
        assert_eq!(keys(&items), expected, "limit {limit}");
    }
}

/// Every match of a plain radius query, in (km, kind, id) order: the reference.
fn reference(meetings: &[(f64, f64)], services: &[(f64, f64)], radius: f64) -> Vec<(NearbyKind, Uuid)> {
    let km = |&(lat, lng): &(f64, f64)| CENTER.distance_km(GeoPoint { lat, lng });
    let mut all: Vec<(f64, NearbyKind, Uuid)> = meetings
        .iter()
        .enumerate()
        .map(|(i, p)| (km(p), M, uuid(i as u128 + 1)))
        .chain(services.iter().enumerate().map(|(i, p)| (km(p), S, uuid(i as u128 + 1))))
        .filter(|(d, _, _)| *d <= radius)
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    all.into_iter().map(|(_, kind, id)| (kind, id)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn pages_of_every_size_equal_the_reference(
        meetings in prop::collection::vec((39.95f64..40.05, -75.05f64..-74.95), 0..25),
        services in prop::collection::vec((39.95f64..40.05, -75.05f64..-74.95), 0..25),
        shared in 0usize..5,
        radius in 1.0f64..8.0,
    ) {
        // Some services sit exactly where meetings are, so kinds tie on distance.
        let mut services = services;
        let shared = shared.min(meetings.len()).min(services.len());
        services[..shared].copy_from_slice(&meetings[..shared]);
        let index = SearchIndex::build(
            meetings.iter().enumerate().map(|(i, &(lat, lng))| meeting(i as u128 + 1, "M", lat, lng)),
        );
        let agencies = catalog(
            services.iter().enumerate().map(|(i, &(lat, lng))| placed_service(i as u128 + 1, "S", lat, lng)).collect(),
        );
        let expected = reference(&meetings, &services, radius);
        for limit in 1..=7 {
            let items = all_pages(&index, &agencies, &NearbyQuery { limit, ..near(radius) });
            prop_assert_eq!(keys(&items), expected.clone(), "limit {}", limit);
        }
    }
}

#[test]
fn kinds_choose_what_is_searched() {
    let index = SearchIndex::build([meeting(1, "M", 40.0, -75.0)]);
    let agencies = catalog(vec![placed_service(1, "S", 40.0, -75.0)]);
    let only = |meetings, services| {
        let q = NearbyQuery { kinds: NearbyKinds { meetings, services }, ..near(5.0) };
        let page = search_nearby(&index, &agencies, &q).unwrap();
        (keys(&page.items), page.total)
    };
    assert_eq!(only(true, false), (vec![(M, uuid(1))], 1));
    assert_eq!(only(false, true), (vec![(S, uuid(1))], 1));
    assert_eq!(only(false, false), (vec![], 0));
    assert_eq!(only(true, true).1, 2);
}

#[test]
fn the_window_asks_meetings_to_start_and_services_to_be_open() {
    // Wednesday 2026-06-10 18:00 New York (22:00 UTC).
    let six_pm = DateTime::<Utc>::from_timestamp(1_781_128_800, 0).unwrap();
    let later = MeetingBuilder::from_meeting(meeting(2, "Late", 40.0, -75.0)).time("23:00").build();
    let index = SearchIndex::build([meeting(1, "Seven", 40.0, -75.0), later]);
    let (mut open, l) = placed_service(1, "Open", 40.0, -75.0);
    open.data.schedules = vec![weekdays_nine_to_five()];
    let agencies = catalog(vec![(open, l), placed_service(2, "No hours", 40.0, -75.0)]);
    let window = |at, minutes| NearbyQuery { window: Some(TimeWindow { at, minutes }), ..near(5.0) };
    // 18:00 + 120 min: the 19:00 meeting starts; the 9–5 service is closed.
    let page = search_nearby(&index, &agencies, &window(six_pm, 120)).unwrap();
    assert_eq!(keys(&page.items), [(M, uuid(1))]);
    assert!(page.items.iter().all(|i| matches!(i, NearbyItem::Meeting(h) if h.next_start.is_some())));
    // 18:00 + 16 h reaches Thursday 09:00 (and the 23:00 meeting).
    let page = search_nearby(&index, &agencies, &window(six_pm, 16 * 60)).unwrap();
    assert_eq!(keys(&page.items), [(M, uuid(1)), (M, uuid(2)), (S, uuid(1))]);
    let NearbyItem::Service(hit) = &page.items[2] else { panic!("not a service") };
    assert_eq!(hit.next_open.unwrap().opens.to_rfc3339(), "2026-06-11T09:00:00-04:00");
}

#[test]
fn kind_specific_filters_constrain_only_their_kind_and_language_reads_each_vocabulary() {
    let mut spanish = meeting(1, "Grupo", 40.0, -75.0);
    spanish.data.types = vec!["S".into(), "O".into()];
    let mut na_spanish = meeting(2, "Grupo NA", 40.0, -75.0);
    na_spanish.data.program = "na".into();
    na_spanish.data.types = vec!["ES".into()];
    let mut fragrance_free = meeting(3, "FF", 40.0, -75.0);
    fragrance_free.data.types = vec!["FF".into()];
    let mut french = meeting(4, "FR", 40.0, -75.0);
    french.data.types = vec!["FR".into()];
    let index = SearchIndex::build([spanish, na_spanish, fragrance_free, french]);
    let (mut housing, l) = placed_service(1, "Casa", 40.0, -75.0);
    housing.data.categories = vec![crate::ids::TermId(uuid(1001))];
    housing.data.languages = vec![crate::agency::Language { id: uuid(9), name: None, code: "es".into(), note: None }];
    let agencies = catalog(vec![(housing, l), placed_service(2, "Jobs", 40.0, -75.0)]);
    let run = |q: NearbyQuery| keys(&search_nearby(&index, &agencies, &q).unwrap().items);
    assert_eq!(
        run(NearbyQuery { language: Some("es".into()), ..near(1.0) }),
        [(M, uuid(1)), (M, uuid(2)), (S, uuid(1))]
    );
    assert_eq!(run(NearbyQuery { language: Some("fr".into()), ..near(1.0) }), [(M, uuid(4))]);
    assert!(run(NearbyQuery { language: Some("xx".into()), ..near(1.0) }).is_empty());
    let housing = vec![crate::ids::TermId(uuid(1000))];
    assert_eq!(
        run(NearbyQuery { categories: housing, ..near(1.0) }),
        [(M, uuid(1)), (M, uuid(2)), (M, uuid(3)), (M, uuid(4)), (S, uuid(1))]
    );
    assert_eq!(run(NearbyQuery { types: vec!["O".into()], ..near(1.0) }), [(M, uuid(1)), (S, uuid(1)), (S, uuid(2))]);
    assert_eq!(run(NearbyQuery { text: Some("grupo".into()), ..near(1.0) }), [(M, uuid(1)), (M, uuid(2))]);
}

#[test]
fn without_near_meetings_come_first_then_services_by_name() {
    let monday = MeetingBuilder::from_meeting(meeting(7, "Monday", 40.0, -75.0)).day(1).build();
    let index = SearchIndex::build([meeting(1, "Wed A", 40.0, -75.0), monday, meeting(3, "Wed B", 41.0, -75.0)]);
    let agencies = catalog(vec![
        placed_service(1, "Zebra", 40.0, -75.0),
        placed_service(2, "apple", 40.0, -75.0),
        (service(3, "Mango"), location(99, 0.0, 0.0)),
    ]);
    let expected = [(M, uuid(7)), (M, uuid(1)), (M, uuid(3)), (S, uuid(2)), (S, uuid(3)), (S, uuid(1))];
    for limit in 0..=7 {
        let items = all_pages(&index, &agencies, &NearbyQuery { limit, ..NearbyQuery::default() });
        assert_eq!(keys(&items), expected, "limit {limit}");
    }
    // A page that ends at the last meeting points at the first service.
    let page = search_nearby(&index, &agencies, &NearbyQuery { limit: 3, ..NearbyQuery::default() }).unwrap();
    assert_eq!(page.next, Some(NearbyCursor::Services(None)));
    // With a window the meetings come by next start; services without hours drop out.
    let at = DateTime::<Utc>::from_timestamp(1_781_128_800, 0).unwrap();
    let q = NearbyQuery { window: Some(TimeWindow { at, minutes: 120 }), limit: 1, ..NearbyQuery::default() };
    assert_eq!(keys(&all_pages(&index, &agencies, &q)), [(M, uuid(1)), (M, uuid(3))]);
    // Services only, and meetings only.
    let services_only =
        NearbyQuery { kinds: NearbyKinds { meetings: false, services: true }, limit: 2, ..NearbyQuery::default() };
    assert_eq!(keys(&all_pages(&index, &agencies, &services_only)), expected[3..]);
    let meetings_only =
        NearbyQuery { kinds: NearbyKinds { meetings: true, services: false }, limit: 2, ..NearbyQuery::default() };
    assert_eq!(keys(&all_pages(&index, &agencies, &meetings_only)), expected[..3]);
}

#[test]
fn cursors_from_another_ordering_are_refused() {
    let index = SearchIndex::build([meeting(1, "M", 40.0, -75.0)]);
    let agencies = catalog(vec![placed_service(1, "S", 40.0, -75.0)]);
    let distance = NearbyCursor::Distance { km: "1".into(), kind: M, id: uuid(1) };
    let meetings = NearbyCursor::Meetings(crate::index::Cursor::Schedule { week_minute: 0, id: MeetingId(uuid(1)) });
    let services = NearbyCursor::Services(None);
    let bad_km = NearbyCursor::Distance { km: "near".into(), kind: S, id: uuid(1) };
    let start = NearbyCursor::Meetings(crate::index::Cursor::Start { at: 0, id: MeetingId(uuid(1)) });
    let refused = |q: NearbyQuery| search_nearby(&index, &agencies, &q).err();
    let mismatch = Some(QueryError::CursorMismatch);
    assert_eq!(refused(NearbyQuery { after: Some(distance.clone()), ..NearbyQuery::default() }), mismatch);
    assert_eq!(refused(NearbyQuery { after: Some(meetings.clone()), ..near(5.0) }), mismatch);
    assert_eq!(refused(NearbyQuery { after: Some(services.clone()), ..near(5.0) }), mismatch);
    assert_eq!(refused(NearbyQuery { after: Some(bad_km), ..near(5.0) }), mismatch);
    assert_eq!(refused(NearbyQuery { after: Some(start), ..NearbyQuery::default() }), mismatch);
    let no_services = NearbyKinds { meetings: true, services: false };
    assert_eq!(refused(NearbyQuery { after: Some(services), kinds: no_services, ..NearbyQuery::default() }), mismatch);
    assert_eq!(refused(NearbyQuery { after: Some(distance.clone()), ..near(5.0) }), None);
    // A cursor survives JSON bit for bit.
    let cursor = NearbyCursor::Distance { km: (0.1 + 0.2f64).to_string(), kind: S, id: uuid(1) };
    let back: NearbyCursor = serde_json::from_str(&serde_json::to_string(&cursor).unwrap()).unwrap();
    assert_eq!(back, cursor);
}
