//! Tests of the services index: fixtures, a brute-force reference for radius searches, and
//! the named cases.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;
use uuid::Uuid;

use super::*;
use crate::agency::location::{LocationData, LocationType};
use crate::agency::parts::Language;
use crate::agency::schedule::{Freq, Schedule};
use crate::agency::service::{ServiceAtLocation, ServiceData, ServiceStatus};
use crate::agency::taxonomy::{TaxonomyTerm, TaxonomyTermData};
use crate::ids::{LocationId, OrganizationId, TermId};
use crate::index::{GeoPoint, QueryError};
use crate::schedule::TimeOfDay;

pub(crate) const NYC: Tz = chrono_tz::America::New_York;

pub(crate) fn uuid(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn epoch() -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(1_780_000_000, 0).unwrap()
}

/// An active service `n` named `name`, with no locations, categories or schedules.
pub(crate) fn service(n: u128, name: &str) -> Service {
    Service {
        id: ServiceId(uuid(n)),
        data: ServiceData {
            organization_id: OrganizationId(uuid(1)),
            name: name.into(),
            alternate_name: None,
            description: None,
            url: None,
            email: None,
            status: ServiceStatus::Active,
            interpretation_services: None,
            application_process: None,
            fees_description: None,
            wait_time: None,
            fees: None,
            accreditations: None,
            eligibility_description: None,
            minimum_age: None,
            maximum_age: None,
            assured_date: None,
            assurer_email: None,
            licenses: None,
            alert: None,
            categories: Vec::new(),
            phones: Vec::new(),
            contacts: Vec::new(),
            schedules: Vec::new(),
            languages: Vec::new(),
            service_areas: Vec::new(),
            service_at_locations: Vec::new(),
        },
        created_at: epoch(),
        updated_at: epoch(),
    }
}

/// The service delivered at location `location` through link `link`.
pub(crate) fn at(mut s: Service, link: u128, location: u128) -> Service {
    s.data.service_at_locations.push(ServiceAtLocation {
        id: uuid(link),
        location_id: LocationId(uuid(location)),
        description: None,
        phones: Vec::new(),
        contacts: Vec::new(),
        schedules: Vec::new(),
    });
    s
}

/// A physical location `n` at (`lat`, `lng`) in New York's zone.
pub(crate) fn location(n: u128, lat: f64, lng: f64) -> Location {
    Location {
        id: LocationId(uuid(n)),
        data: LocationData {
            location_type: LocationType::Physical,
            organization_id: None,
            name: Some(format!("Site {n}")),
            alternate_name: None,
            description: None,
            transportation: None,
            url: None,
            latitude: Some(lat),
            longitude: Some(lng),
            timezone: Some(NYC),
            external_identifier: None,
            external_identifier_type: None,
            addresses: Vec::new(),
            phones: Vec::new(),
            contacts: Vec::new(),
            languages: Vec::new(),
            accessibility: Vec::new(),
            schedules: Vec::new(),
        },
        created_at: epoch(),
        updated_at: epoch(),
    }
}

/// Weekdays 9:00–17:00.
pub(crate) fn weekdays_nine_to_five() -> Schedule {
    use chrono::Weekday::*;
    Schedule {
        id: uuid(77),
        freq: Freq::Weekly,
        interval: 1,
        byday: [Mon, Tue, Wed, Thu, Fri]
            .into_iter()
            .map(|weekday| crate::agency::schedule::ByDay { ordinal: None, weekday })
            .collect(),
        bymonthday: Vec::new(),
        opens_at: TimeOfDay::new(9, 0),
        closes_at: TimeOfDay::new(17, 0),
        valid_from: None,
        valid_to: None,
        dtstart: None,
        until: None,
        count: None,
        wkst: None,
        description: None,
        schedule_link: None,
        attending_type: None,
        notes: None,
    }
}

pub(crate) fn term(n: u128, code: &str, parent: Option<u128>) -> TaxonomyTerm {
    TaxonomyTerm {
        id: TermId(uuid(n)),
        data: TaxonomyTermData {
            code: code.into(),
            name: code.into(),
            description: code.into(),
            parent_id: parent.map(|p| TermId(uuid(p))),
            taxonomy_id: None,
            language: None,
            term_uri: None,
        },
        created_at: epoch(),
        updated_at: epoch(),
    }
}

/// housing (1000) → shelter (1001) → youth shelter (1002); employment (2000).
pub(crate) fn taxonomies() -> Taxonomies {
    Taxonomies::new(
        [],
        [
            term(1000, "housing", None),
            term(1001, "shelter", Some(1000)),
            term(1002, "youth", Some(1001)),
            term(2000, "employment", None),
        ],
    )
}

/// An index of `services`, each at the locations (of `locations`) its links name.
fn index_of(services: &[Service], locations: &[Location]) -> ServiceIndex {
    let taxonomies = taxonomies();
    let mut index = ServiceIndex::new(NYC);
    for s in services {
        let at: Vec<Option<Arc<Location>>> =
            s.data.location_ids().map(|id| locations.iter().find(|l| l.id == id).cloned().map(Arc::new)).collect();
        index.upsert(Arc::new(s.clone()), &at, &taxonomies);
    }
    index
}

fn ids(page: &ServicePage) -> Vec<Uuid> {
    page.items.iter().map(|h| h.entry_id).collect()
}

fn near(lat: f64, lng: f64, radius_km: f64) -> ServiceQuery {
    ServiceQuery { near: Some(GeoPoint { lat, lng }), radius_km, ..ServiceQuery::default() }
}

fn search(index: &ServiceIndex, q: &ServiceQuery) -> ServicePage {
    index.search(q, &taxonomies()).unwrap()
}

#[test]
fn one_entry_per_location_and_one_for_a_service_without_locations() {
    let locations = [location(10, 40.0, -75.0), location(11, 40.1, -75.0)];
    let two_sites = at(at(service(1, "Food Bank"), 100, 10), 101, 11);
    let nowhere = service(2, "Helpline");
    let unknown_site = at(service(3, "Clinic"), 300, 99);
    let index = index_of(&[two_sites, nowhere, unknown_site], &locations);
    assert_eq!(index.len(), 4);
    let listing = search(&index, &ServiceQuery::default());
    assert_eq!(ids(&listing), [uuid(300), uuid(100), uuid(101), uuid(2)]);
    assert!(listing.items[0].location.is_none());
    assert_eq!(listing.items[1].location.as_ref().map(|l| l.id), Some(LocationId(uuid(10))));
    // Only entries with a place are found near one.
    let page = search(&index, &near(40.0, -75.0, 50.0));
    assert_eq!(ids(&page), [uuid(100), uuid(101)]);
    assert_eq!(page.items[0].distance_km, Some(0.0));
    assert!((page.items[1].distance_km.unwrap() - 11.12).abs() < 0.01);
}

#[test]
fn services_not_offered_are_not_indexed_and_leave_when_they_stop() {
    let locations = [location(10, 40.0, -75.0)];
    let mut closed = at(service(1, "Shelter"), 100, 10);
    closed.data.status = ServiceStatus::TemporarilyClosed;
    let open = at(service(2, "Pantry"), 200, 10);
    let mut index = index_of(&[closed, open.clone()], &locations);
    assert_eq!(ids(&search(&index, &near(40.0, -75.0, 1.0))), [uuid(200)]);
    let mut defunct = open;
    defunct.data.status = ServiceStatus::Defunct;
    index.upsert(Arc::new(defunct), &[None], &taxonomies());
    assert!(index.is_empty());
    assert_eq!(search(&index, &near(40.0, -75.0, 1.0)).total, 0);
}

#[test]
fn upserts_move_replace_and_remove_entries() {
    let (here, there) = (location(10, 40.0, -75.0), location(11, 41.0, -75.0));
    let s = at(service(1, "Pantry"), 100, 10);
    let mut index = index_of(std::slice::from_ref(&s), std::slice::from_ref(&here));
    // The same link, its location moved.
    let moved = Location { id: here.id, ..there.clone() };
    index.upsert(Arc::new(s.clone()), &[Some(Arc::new(moved))], &taxonomies());
    assert_eq!(search(&index, &near(40.0, -75.0, 5.0)).total, 0);
    assert_eq!(ids(&search(&index, &near(41.0, -75.0, 5.0))), [uuid(100)]);
    // A new link replaces the old one.
    let relinked = at(service(1, "Pantry Two"), 101, 10);
    index.upsert(Arc::new(relinked), &[Some(Arc::new(here))], &taxonomies());
    assert_eq!(ids(&search(&index, &near(40.0, -75.0, 5.0))), [uuid(101)]);
    assert_eq!(search(&index, &near(41.0, -75.0, 5.0)).total, 0);
    assert_eq!(search(&index, &ServiceQuery::default()).items[0].service.data.name, "Pantry Two");
    index.remove(ServiceId(uuid(1)));
    assert!(index.is_empty());
    assert_eq!(search(&index, &near(40.0, -75.0, 5.0)).total, 0);
    // Freed slots are reused cleanly.
    index.upsert(Arc::new(s), &[Some(Arc::new(there))], &taxonomies());
    assert_eq!(ids(&search(&index, &near(41.0, -75.0, 5.0))), [uuid(100)]);
}

#[test]
fn a_category_finds_services_filed_under_it_or_below() {
    let l = [location(10, 40.0, -75.0)];
    let mut youth = at(service(1, "Youth shelter"), 100, 10);
    youth.data.categories = vec![TermId(uuid(1002))];
    let mut housing = at(service(2, "Housing help"), 200, 10);
    housing.data.categories = vec![TermId(uuid(1000))];
    let mut jobs = at(service(3, "Jobs"), 300, 10);
    jobs.data.categories = vec![TermId(uuid(2000))];
    let index = index_of(&[youth, housing, jobs], &l);
    let by = |terms: &[u128]| {
        let q = ServiceQuery { categories: terms.iter().map(|&t| TermId(uuid(t))).collect(), ..near(40.0, -75.0, 1.0) };
        ids(&search(&index, &q))
    };
    assert_eq!(by(&[1000]), [uuid(100), uuid(200)]);
    assert_eq!(by(&[1001]), [uuid(100)]);
    assert_eq!(by(&[1002]), [uuid(100)]);
    assert_eq!(by(&[1001, 2000]), [uuid(100), uuid(300)]);
    assert!(by(&[4242]).is_empty());
}

#[test]
fn text_language_and_age_filters() {
    let mut l = location(10, 40.0, -75.0);
    l.data.languages = vec![Language { id: uuid(5), name: Some("Spanish".into()), code: "ES".into(), note: None }];
    l.data.addresses = vec![crate::agency::parts::Address {
        id: uuid(6),
        attention: None,
        address_1: "12 Market St".into(),
        address_2: None,
        city: "Philadelphia".into(),
        region: None,
        state_province: "PA".into(),
        postal_code: "19103".into(),
        country: "US".into(),
        address_type: "physical".into(),
    }];
    let mut teen = at(service(1, "Café Jóvenes"), 100, 10);
    teen.data.minimum_age = Some(13);
    teen.data.maximum_age = Some(19);
    teen.data.description = Some("Peer support for teens".into());
    let mut adult = at(service(2, "Women's Counseling"), 200, 11);
    adult.data.minimum_age = Some(18);
    adult.data.languages = vec![Language { id: uuid(7), name: None, code: "fr".into(), note: None }];
    let index = index_of(&[teen, adult], &[l, location(11, 40.0, -75.0)]);
    let with = |f: &dyn Fn(&mut ServiceQuery)| {
        let mut q = ServiceQuery::default();
        f(&mut q);
        ids(&search(&index, &q))
    };
    assert_eq!(with(&|q| q.text = Some("cafe jov".into())), [uuid(100)]);
    assert_eq!(with(&|q| q.text = Some("PHILA market".into())), [uuid(100)]);
    assert_eq!(with(&|q| q.text = Some("womens".into())), [uuid(200)]);
    assert!(with(&|q| q.text = Some("cafe women".into())).is_empty());
    assert_eq!(with(&|q| q.language = Some("es".into())), [uuid(100)]);
    assert_eq!(with(&|q| q.language = Some("FR".into())), [uuid(200)]);
    assert_eq!(with(&|q| q.age = Some(13)), [uuid(100)]);
    assert_eq!(with(&|q| q.age = Some(19)), [uuid(100), uuid(200)]);
    assert_eq!(with(&|q| q.age = Some(20)), [uuid(200)]);
    assert_eq!(with(&|q| q.age = Some(90)), [uuid(200)]);
}

#[test]
fn hours_come_from_the_most_particular_rows() {
    let mut l = location(10, 40.0, -75.0);
    let mut rows = weekdays_nine_to_five();
    l.data.schedules = vec![Schedule { id: uuid(1), ..rows.clone() }];
    let plain = at(service(1, "A"), 100, 10);
    let mut own = at(service(2, "B"), 200, 10);
    own.data.schedules = vec![Schedule { id: uuid(2), ..rows.clone() }];
    let mut linked = own.clone();
    linked.id = ServiceId(uuid(3));
    linked.data.service_at_locations[0].id = uuid(300);
    rows.id = uuid(3);
    linked.data.service_at_locations[0].schedules = vec![rows];
    let nowhere = service(4, "D");
    let taxonomies = taxonomies();
    let l = Arc::new(l);
    let first = |s: Service, loc: Option<&Arc<Location>>| {
        let s = Arc::new(s);
        let sal = (!s.data.service_at_locations.is_empty()).then_some(0);
        let e = entry::Entry::new(&s, sal, loc, &taxonomies, NYC);
        e.schedules().first().map(|r| r.id)
    };
    assert_eq!(first(plain, Some(&l)), Some(uuid(1)));
    assert_eq!(first(own, Some(&l)), Some(uuid(2)));
    assert_eq!(first(linked, Some(&l)), Some(uuid(3)));
    assert_eq!(first(nowhere, None), None);
}

#[test]
fn an_entry_without_hours_never_matches_an_open_filter() {
    let index = index_of(&[at(service(1, "A"), 100, 10)], &[location(10, 40.0, -75.0)]);
    let open = Some(OpenWindow { at: epoch(), minutes: 60 });
    assert_eq!(search(&index, &ServiceQuery { open, ..near(40.0, -75.0, 1.0) }).total, 0);
    assert_eq!(search(&index, &ServiceQuery { open, ..ServiceQuery::default() }).total, 0);
}

#[test]
fn open_filter_and_next_open() {
    let mut s = at(service(1, "Open weekdays"), 100, 10);
    s.data.schedules = vec![weekdays_nine_to_five()];
    let index = index_of(&[s, at(service(2, "No hours"), 200, 10)], &[location(10, 40.0, -75.0)]);
    // Wednesday 2026-06-10 12:00 New York (16:00 UTC) and 19:00 (23:00 UTC).
    let noon = DateTime::<Utc>::from_timestamp(1_781_107_200, 0).unwrap();
    let evening = DateTime::<Utc>::from_timestamp(1_781_132_400, 0).unwrap();
    let q = |at, minutes| ServiceQuery { open: Some(OpenWindow { at, minutes }), ..near(40.0, -75.0, 1.0) };
    let page = search(&index, &q(noon, 0));
    assert_eq!(ids(&page), [uuid(100)]);
    let span = page.items[0].next_open.unwrap();
    assert_eq!(span.opens.to_rfc3339(), "2026-06-10T09:00:00-04:00");
    assert_eq!(span.closes.to_rfc3339(), "2026-06-10T17:00:00-04:00");
    assert_eq!(search(&index, &q(evening, 60)).total, 0);
    // From 19:00 Wednesday, 14 hours reach 09:00 Thursday.
    let page = search(&index, &q(evening, 14 * 60));
    assert_eq!(ids(&page), [uuid(100)]);
    assert_eq!(page.items[0].next_open.unwrap().opens.to_rfc3339(), "2026-06-11T09:00:00-04:00");
    // Without an `open` filter there is no clock to say what "next" means.
    assert!(search(&index, &near(40.0, -75.0, 1.0)).items.iter().all(|h| h.next_open.is_none()));
}

#[test]
fn cursors_belong_to_their_ordering() {
    let index = index_of(&[at(service(1, "A"), 100, 10)], &[location(10, 40.0, -75.0)]);
    let distance = Some(ServiceCursor::at_distance(1.0, uuid(1)));
    let name = Some(ServiceCursor::Name { name: "a".into(), id: uuid(1) });
    let bad_km = Some(ServiceCursor::Distance { km: "far".into(), id: uuid(1) });
    let mismatch = Err(QueryError::CursorMismatch);
    let run = |q: ServiceQuery| index.search(&q, &taxonomies()).map(|p| p.total);
    assert_eq!(run(ServiceQuery { after: distance, ..ServiceQuery::default() }), mismatch);
    assert_eq!(run(ServiceQuery { after: name, ..near(40.0, -75.0, 1.0) }), mismatch);
    assert_eq!(run(ServiceQuery { after: bad_km, ..near(40.0, -75.0, 1.0) }), mismatch);
    let json = serde_json::to_string(&ServiceCursor::at_distance(0.1 + 0.2, uuid(1))).unwrap();
    let back: ServiceCursor = serde_json::from_str(&json).unwrap();
    assert_eq!(back, ServiceCursor::Distance { km: "0.30000000000000004".into(), id: uuid(1) });
}

#[test]
fn name_order_pages_with_and_without_filters() {
    let names = ["delta", "Alpha", "charlie", "Bravo", "alpha", "Écho"];
    let services: Vec<Service> = names.iter().enumerate().map(|(i, n)| service(i as u128 + 1, n)).collect();
    let index = index_of(&services, &[]);
    for text in [None, Some("a".to_string())] {
        let mut q = ServiceQuery { text: text.clone(), limit: 2, ..ServiceQuery::default() };
        let mut seen = Vec::new();
        loop {
            let page = search(&index, &q);
            seen.extend(page.items.iter().map(|h| h.service.data.name.clone()));
            match page.next {
                Some(next) => q.after = Some(next),
                None => break,
            }
        }
        let expected: &[&str] = match text {
            None => &["Alpha", "alpha", "Bravo", "charlie", "delta", "Écho"],
            Some(_) => &["Alpha", "alpha"],
        };
        assert_eq!(seen, expected);
    }
}

/// Every match within the radius, by (exact km, id): the reference a radius search must equal.
fn reference(points: &[(f64, f64)], from: GeoPoint, radius: f64) -> Vec<(f64, Uuid)> {
    let mut all: Vec<(f64, Uuid)> = points
        .iter()
        .enumerate()
        .map(|(i, &(lat, lng))| (from.distance_km(GeoPoint { lat, lng }), uuid(1000 + i as u128)))
        .filter(|(km, _)| *km <= radius)
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    all
}

proptest! {
    #[test]
    fn radius_pages_equal_the_reference(
        points in prop::collection::vec((39.9f64..40.1, -75.1f64..-74.9), 1..40),
        duplicates in 0usize..6,
        limit in 1usize..8,
        radius in 0.5f64..15.0,
    ) {
        // Some entries share a place exactly, so ties are broken by id.
        let mut points = points;
        for i in 0..duplicates.min(points.len() - 1) {
            points[i + 1] = points[0];
        }
        let locations: Vec<Location> =
            points.iter().enumerate().map(|(i, &(lat, lng))| location(i as u128 + 1, lat, lng)).collect();
        let services: Vec<Service> = (0..points.len())
            .map(|i| at(service(i as u128 + 1, "S"), 1000 + i as u128, i as u128 + 1))
            .collect();
        let index = index_of(&services, &locations);
        let from = GeoPoint { lat: 40.0, lng: -75.0 };
        let expected = reference(&points, from, radius);
        let mut q = ServiceQuery { limit, ..near(from.lat, from.lng, radius) };
        let mut seen = Vec::new();
        loop {
            let page = search(&index, &q);
            prop_assert_eq!(page.total, expected.len());
            prop_assert!(page.items.len() <= limit);
            seen.extend(page.items.iter().map(|h| (h.distance_km.unwrap_or(f64::NAN), h.entry_id)));
            match page.next {
                Some(next) => q.after = Some(next),
                None => break,
            }
        }
        prop_assert_eq!(seen, expected);
    }
}

#[test]
fn open_answers_are_remembered_per_zone_and_hours_only() {
    let mut ny = at(service(1, "NY"), 100, 10);
    ny.data.schedules = vec![weekdays_nine_to_five()];
    let mut la = at(service(2, "LA"), 200, 11);
    la.data.schedules =
        vec![Schedule { id: uuid(5), description: Some("words differ".into()), ..weekdays_nine_to_five() }];
    let mut late = at(service(3, "NY late"), 300, 10);
    late.data.schedules = vec![Schedule {
        opens_at: TimeOfDay::new(17, 30),
        closes_at: TimeOfDay::new(22, 0),
        ..weekdays_nine_to_five()
    }];
    let mut ny_twin = at(service(4, "NY twin"), 400, 10);
    ny_twin.data.schedules = vec![Schedule { id: uuid(6), ..weekdays_nine_to_five() }];
    let mut los_angeles = location(11, 40.0, -75.0);
    los_angeles.data.timezone = Some(chrono_tz::America::Los_Angeles);
    let index = index_of(&[ny, la, late, ny_twin], &[location(10, 40.0, -75.0), los_angeles]);
    // Wednesday 2026-06-10 18:00 New York = 15:00 Los Angeles.
    let at_six = DateTime::<Utc>::from_timestamp(1_781_128_800, 0).unwrap();
    let q = ServiceQuery { open: Some(OpenWindow { at: at_six, minutes: 0 }), ..ServiceQuery::default() };
    assert_eq!(ids(&search(&index, &q)), [uuid(200), uuid(300)]);
}
