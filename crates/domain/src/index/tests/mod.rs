//! Tests of the search index: fixtures, a brute-force reference, and the named cases by theme.

mod bounded;
mod filters;
mod lifecycle;
mod paging;
mod reference;
mod starts;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use super::*;
use crate::meeting::AttendanceOption;
use crate::schedule::{Day, TimeOfDay};
use crate::testing::MeetingBuilder;

/// A meeting id that sorts by `n`.
pub(super) fn id(n: u128) -> MeetingId {
    MeetingId(Uuid::from_u128(n))
}

/// A published, in-person AA meeting on Monday 19:00 in New York, without coordinates.
pub(super) fn meeting(n: u128, name: &str) -> Meeting {
    MeetingBuilder::new(name).id(n).slug(format!("{}-{n}", crate::slug::slugify(name))).build()
}

/// The same meeting placed at `lat`, `lng`.
pub(super) fn placed(m: Meeting, lat: f64, lng: f64) -> Meeting {
    MeetingBuilder::from_meeting(m).coordinates(lat, lng).build()
}

/// The same meeting on day `d` at `t` in `tz`.
pub(super) fn scheduled(m: Meeting, d: u8, t: &str, tz: Tz) -> Meeting {
    MeetingBuilder::from_meeting(m).day(d).time(t).timezone(tz).build()
}

/// The link of the tests' online meetings.
pub(super) const JOIN_URL: &str = "https://example.org/j/1";

/// The same meeting online only.
pub(super) fn online_only(m: Meeting) -> Meeting {
    MeetingBuilder::from_meeting(m).online_only(JOIN_URL).build()
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
