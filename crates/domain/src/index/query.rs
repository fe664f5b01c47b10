//! What a search asks for and what it answers: the query, its keyset cursor, and a page of hits.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::geo::GeoPoint;
use crate::ids::MeetingId;
use crate::meeting::{AttendanceOption, Meeting};
use crate::schedule::{Day, TimeOfDay};

/// A public search. Every filter that is set must match; unset filters match everything.
///
/// The caller validates ranges (`radius_km`, `limit`); the index answers whatever it is given.
#[derive(Debug, Clone, Default)]
pub struct MeetingQuery {
    /// Only meetings with coordinates within `radius_km` of this point, nearest first.
    pub near: Option<GeoPoint>,
    /// The radius around `near` in kilometres (great-circle); unused without `near`.
    pub radius_km: f64,
    /// Meetings on any of these days; empty means any day.
    pub days: Vec<Day>,
    /// Meetings starting (local time) at or after this time.
    pub time_from: Option<TimeOfDay>,
    /// Meetings starting (local time) at or before this time; before `time_from`, the window
    /// wraps past midnight (22:00–02:00).
    pub time_to: Option<TimeOfDay>,
    /// Meetings having every one of these type codes.
    pub types: Vec<String>,
    /// Meetings with any of these attendance options; empty means any.
    pub attendance: Vec<AttendanceOption>,
    /// Meetings of this program (exact id, "aa").
    pub program: Option<String>,
    /// Meetings with this region anywhere in their region path (case-insensitive).
    pub region: Option<String>,
    /// Free text: every word must begin some word of the meeting's name, notes, location or
    /// group name (case- and accent-insensitive).
    pub text: Option<String>,
    /// Meetings starting soon (or that began under ten minutes ago).
    pub starts_within: Option<StartsWithin>,
    /// At most this many hits per page; 0 means no limit.
    pub limit: usize,
    /// Continue after this cursor from a previous page of the same query.
    pub after: Option<Cursor>,
}

/// "Starting within `minutes` of `at`": the next start at or after `at − 10 min` is at or
/// before `at + minutes`, so meetings that began less than ten minutes ago still count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StartsWithin {
    /// The moment the question is asked.
    pub at: DateTime<Utc>,
    /// How many minutes ahead to look.
    pub minutes: u32,
}

/// A meeting that began less than this many minutes before `at` is still offered by
/// `starts_within`; one that began exactly this long ago is not.
pub const IN_PROGRESS_GRACE_MINUTES: i64 = 10;

/// Where a page ended, in the ordering of its query; opaque to clients.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Cursor {
    /// Ordering by distance from `near`, then id.
    Distance {
        /// The last hit's distance in kilometres, written as a decimal string so that it comes
        /// back bit for bit (see `exact_f64`).
        #[serde(with = "exact_f64")]
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        km: f64,
        /// The last hit's id.
        id: MeetingId,
    },
    /// Ordering by weekday and local start time (`schedule::week_minute`), then id.
    Schedule {
        /// The last hit's minute of the week.
        week_minute: u32,
        /// The last hit's id.
        id: MeetingId,
    },
    /// Ordering by next start (for `starts_within` without `near`), then id.
    Start {
        /// The last hit's next start, in unix seconds.
        at: i64,
        /// The last hit's id.
        id: MeetingId,
    },
}

/// Serde for an `f64` that must survive a round trip exactly: a distance cursor compares the
/// distance it carries with freshly computed ones, so an error of one ulp would repeat or skip
/// a hit. JSON numbers do not guarantee that (serde_json without its `float_roundtrip` feature
/// misreads about one random distance in nine by an ulp), so the value is written as Rust's
/// shortest exact decimal string. Plain numbers are still accepted when reading.
mod exact_f64 {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(value)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Text(String),
            Number(f64),
        }
        match Raw::deserialize(d)? {
            Raw::Text(text) => text.parse().map_err(serde::de::Error::custom),
            Raw::Number(number) => Ok(number),
        }
    }
}

/// One page of search results.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchPage {
    /// The hits on this page, in the query's order.
    pub items: Vec<Hit>,
    /// Where the next page starts, when there are more matches after this page.
    pub next: Option<Cursor>,
    /// How many meetings match in all (every page); a lower bound when `total_exact` is false.
    pub total: usize,
    /// False when a radius search stopped counting at [`crate::index::EXACT_TOTAL_UP_TO`]
    /// matches: then at least `total` meetings match.
    pub total_exact: bool,
}

/// One matching meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The meeting as the public sees it.
    pub meeting: Arc<Meeting>,
    /// Its distance from `near` in kilometres, when the query had `near`.
    pub distance_km: Option<f64>,
    /// Its start within the `starts_within` window (in its own zone), when the query had one.
    pub next_start: Option<DateTime<Tz>>,
}

/// Why a search could not be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// The cursor was made for a different ordering than this query's (for instance a distance
    /// cursor on a query without `near`).
    #[error("the cursor does not belong to this query's ordering")]
    CursorMismatch,
}

/// The order a query's results come in, which decides its cursor kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    /// `near` is set.
    Distance,
    /// `starts_within` without `near`.
    Start,
    /// Neither.
    Schedule,
}

impl MeetingQuery {
    /// The order of this query's results.
    pub(crate) fn order(&self) -> Order {
        match (self.near, self.starts_within) {
            (Some(_), _) => Order::Distance,
            (None, Some(_)) => Order::Start,
            (None, None) => Order::Schedule,
        }
    }

    /// True when a meeting starting at `time` (local) passes `time_from`/`time_to`.
    pub(crate) fn time_matches(&self, time: u16) -> bool {
        match (self.time_from.map(|t| t.minutes()), self.time_to.map(|t| t.minutes())) {
            (None, None) => true,
            (Some(from), None) => time >= from,
            (None, Some(to)) => time <= to,
            (Some(from), Some(to)) if from <= to => (from..=to).contains(&time),
            (Some(from), Some(to)) => time >= from || time <= to,
        }
    }
}

impl Cursor {
    /// The ordering this cursor belongs to.
    pub(crate) fn order(&self) -> Order {
        match self {
            Cursor::Distance { .. } => Order::Distance,
            Cursor::Schedule { .. } => Order::Schedule,
            Cursor::Start { .. } => Order::Start,
        }
    }
}
