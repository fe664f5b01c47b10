//! Tests of the search index: fixtures, a brute-force reference, and the named cases by theme.

mod filters;
mod lifecycle;
mod paging;
mod reference;
mod starts;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use super::*;
use crate::meeting::{AttendanceOption, Location, MeetingData, Online};
use crate::schedule::{Day, TimeOfDay};

/// A meeting id that sorts by `n`.
pub(super) fn id(n: u128) -> MeetingId {
    MeetingId(Uuid::from_u128(n))
}

/// A published, in-person AA meeting on Monday 19:00 in New York, without coordinates.
pub(super) fn meeting(n: u128, name: &str) -> Meeting {
    let now = DateTime::<Utc>::from_timestamp(1_780_000_000, 0).unwrap();
    Meeting {
        id: id(n),
        data: MeetingData {
            name: name.to_string(),
            slug: format!("{}-{n}", crate::slug::slugify(name)),
            program: "aa".into(),
            day: day(1),
            time: time("19:00"),
            end_time: None,
            timezone: chrono_tz::America::New_York,
            types: Vec::new(),
            notes: None,
            status: Status::Published,
            location: Some(Location { address: Some("1 Main St".into()), ..Location::default() }),
            online: None,
            temporarily_closed: false,
            group: None,
            contacts: Vec::new(),
        },
        created_at: now,
        updated_at: now,
        verified_at: None,
        verified_by: None,
    }
}

/// The same meeting placed at `lat`, `lng`.
pub(super) fn placed(mut m: Meeting, lat: f64, lng: f64) -> Meeting {
    let location = m.data.location.get_or_insert_with(Location::default);
    location.latitude = Some(lat);
    location.longitude = Some(lng);
    m
}

/// The same meeting on day `d` at `t` in `tz`.
pub(super) fn scheduled(mut m: Meeting, d: u8, t: &str, tz: Tz) -> Meeting {
    m.data.day = day(d);
    m.data.time = time(t);
    m.data.timezone = tz;
    m
}

/// The same meeting online only.
pub(super) fn online_only(mut m: Meeting) -> Meeting {
    m.data.location = None;
    m.data.online = Some(Online { conference_url: Some("https://example.org/j/1".into()), ..Online::default() });
    m
}

pub(super) fn day(n: u8) -> Day {
    Day::from_index(n).unwrap()
}

pub(super) fn time(s: &str) -> TimeOfDay {
    s.parse().unwrap()
}

pub(super) fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// A query with no filters and no limit.
pub(super) fn all() -> MeetingQuery {
    MeetingQuery::default()
}

/// The ids of a page's hits.
pub(super) fn ids(page: &SearchPage) -> Vec<MeetingId> {
    page.items.iter().map(|h| h.meeting.id).collect()
}

/// The ids of every hit of `q`, on one page.
pub(super) fn found(index: &SearchIndex, q: &MeetingQuery) -> Vec<MeetingId> {
    ids(&index.search(&MeetingQuery { limit: 0, after: None, ..q.clone() }).unwrap())
}

/// Every page of `q` with `limit` hits each, following `next` until it is `None`.
pub(super) fn walk(index: &SearchIndex, q: &MeetingQuery, limit: usize) -> Vec<SearchPage> {
    let mut q = MeetingQuery { limit, after: None, ..q.clone() };
    let mut pages = Vec::new();
    loop {
        let page = index.search(&q).unwrap();
        let next = page.next.clone();
        pages.push(page);
        match next {
            Some(cursor) => q.after = Some(cursor),
            None => return pages,
        }
        assert!(pages.len() < 10_000, "paging does not end");
    }
}

#[test]
fn the_index_can_be_shared_between_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<SearchIndex>();
    shared::<SearchPage>();
}

#[test]
fn attendance_options_are_derived_for_fixtures() {
    assert_eq!(meeting(1, "a").data.attendance_option(), AttendanceOption::InPerson);
    assert_eq!(online_only(meeting(1, "a")).data.attendance_option(), AttendanceOption::Online);
}
