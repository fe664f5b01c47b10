//! One nearby search over both kinds of listing: meetings and agency services.
//!
//! Each kind keeps its own index; this module asks each for one page after the position the
//! cursor names and merges them. With `near`, items come nearest first by the total key
//! `(distance, kind, id)`, meetings before services at equal distance, so paging is stable
//! across kinds: a cursor is a position in that key, and each index is asked exactly for what
//! lies after it (see `distance`). Without `near`, meetings come first in their own order
//! (schedule, or next start with a window), then services by name; the cursor says which part
//! it is in (see `listing`). The shared filters (text, language, time window) apply to both
//! kinds; the others only to their own kind.

mod distance;
pub(crate) mod language;
mod listing;
mod meetings;

#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::agency::{AgencyCatalog, OpenWindow, ServiceCursor, ServiceHit, ServiceQuery};
use crate::ids::TermId;
use crate::index::{Cursor, GeoPoint, Hit, MeetingQuery, QueryError, SearchIndex, StartsWithin};
use crate::meeting::AttendanceOption;

/// A nearby search over meetings and services. Every filter that is set must match; the
/// kind-specific ones only constrain their own kind.
///
/// The caller validates ranges (`radius_km`, `limit`); the indexes answer whatever they are given.
#[derive(Debug, Clone, Default)]
pub struct NearbyQuery {
    /// Only listings within `radius_km` of this point, nearest first.
    pub near: Option<GeoPoint>,
    /// The radius in kilometres; unused without `near`.
    pub radius_km: f64,
    /// Which kinds to search (both by default).
    pub kinds: NearbyKinds,
    /// Free text: every word must begin some word of the listing (see each index).
    pub text: Option<String>,
    /// An ISO 639 code: services working in it, meetings typed as held in it (see `language`).
    pub language: Option<String>,
    /// Meetings starting, and services open, within the window.
    pub window: Option<TimeWindow>,
    /// Meetings having every one of these type codes.
    pub types: Vec<String>,
    /// Meetings with any of these attendance options; empty means any.
    pub attendance: Vec<AttendanceOption>,
    /// Services in any of these terms or below them.
    pub categories: Vec<TermId>,
    /// Services whose age range includes this age.
    pub age: Option<u16>,
    /// At most this many items per page; 0 means no limit.
    pub limit: usize,
    /// Continue after this cursor from a previous page of the same query.
    pub after: Option<NearbyCursor>,
}

/// Which kinds of listing a nearby search returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NearbyKinds {
    /// 12-step meetings.
    pub meetings: bool,
    /// Agency services (one item per service at each location).
    pub services: bool,
}

impl Default for NearbyKinds {
    fn default() -> Self {
        NearbyKinds { meetings: true, services: true }
    }
}

/// "Within `minutes` of `at`": meetings starting then (or begun under ten minutes before `at`),
/// services open at some moment then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeWindow {
    /// The moment asked about.
    pub at: DateTime<Utc>,
    /// How far ahead to look.
    pub minutes: u32,
}

/// The kind of a listing, in the order a nearby search ranks kinds at equal distance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum NearbyKind {
    /// A 12-step meeting.
    Meeting,
    /// An agency's service at one location.
    Service,
}

/// One item of a nearby search.
#[derive(Debug, Clone, PartialEq)]
pub enum NearbyItem {
    /// A meeting.
    Meeting(Hit),
    /// A service at one location.
    Service(ServiceHit),
}

impl NearbyItem {
    /// Which kind it is.
    pub fn kind(&self) -> NearbyKind {
        match self {
            NearbyItem::Meeting(_) => NearbyKind::Meeting,
            NearbyItem::Service(_) => NearbyKind::Service,
        }
    }

    /// Its id: the meeting id, or the service entry id (service-at-location, or service).
    pub fn id(&self) -> Uuid {
        match self {
            NearbyItem::Meeting(hit) => hit.meeting.id.0,
            NearbyItem::Service(hit) => hit.entry_id,
        }
    }

    /// Its distance from `near` in kilometres, when the query had `near`.
    pub fn distance_km(&self) -> Option<f64> {
        match self {
            NearbyItem::Meeting(hit) => hit.distance_km,
            NearbyItem::Service(hit) => hit.distance_km,
        }
    }
}

/// Where a page of a nearby search ended; opaque to clients.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum NearbyCursor {
    /// With `near`: the last item's position in `(distance, kind, id)`.
    Distance {
        /// Its distance in kilometres, as Rust's shortest exact decimal (bit for bit).
        km: String,
        /// Its kind.
        kind: NearbyKind,
        /// Its id.
        id: Uuid,
    },
    /// Without `near`, still in the meetings: the meetings search's own cursor.
    Meetings(Cursor),
    /// Without `near`, in the services: their own cursor (`None`: from the first service).
    Services(Option<ServiceCursor>),
}

/// One page of a nearby search.
#[derive(Debug, Clone, PartialEq)]
pub struct NearbyPage {
    /// The items on this page, in the query's order.
    pub items: Vec<NearbyItem>,
    /// Where the next page starts, when there are more matches after this page.
    pub next: Option<NearbyCursor>,
    /// How many listings match in all (meetings plus services, every page); a lower bound when
    /// `total_exact` is false.
    pub total: usize,
    /// How many of them are meetings (a lower bound when `total_exact` is false).
    pub total_meetings: usize,
    /// How many of them are services (always exact).
    pub total_services: usize,
    /// False when the meetings were only counted up to [`crate::index::EXACT_TOTAL_UP_TO`]
    /// (a radius search at a dense point): then `total` and `total_meetings` are lower bounds.
    pub total_exact: bool,
}

impl NearbyPage {
    /// A page whose `total` is its meetings and services together.
    fn new(
        items: Vec<NearbyItem>,
        next: Option<NearbyCursor>,
        total_meetings: usize,
        total_services: usize,
        total_exact: bool,
    ) -> NearbyPage {
        NearbyPage { items, next, total: total_meetings + total_services, total_meetings, total_services, total_exact }
    }
}

/// One page of the meetings and services matching `q` (see [`NearbyQuery`]), read from the
/// in-memory indexes only.
pub fn search_nearby(
    meetings: &SearchIndex,
    agencies: &AgencyCatalog,
    q: &NearbyQuery,
) -> Result<NearbyPage, QueryError> {
    match q.near {
        Some(_) => distance::search(meetings, agencies, q),
        None => listing::search(meetings, agencies, q),
    }
}

impl NearbyQuery {
    /// The meetings searches answering this query (one per program when a language is asked,
    /// since programs spell languages differently; none when meetings cannot match), each
    /// after `after` and limited to `limit`.
    fn meeting_queries(&self, after: Option<Cursor>, limit: usize) -> Vec<MeetingQuery> {
        if !self.kinds.meetings {
            return Vec::new();
        }
        let base = MeetingQuery {
            near: self.near,
            radius_km: self.radius_km,
            types: self.types.clone(),
            attendance: self.attendance.clone(),
            text: self.text.clone(),
            starts_within: self.window.map(|w| StartsWithin { at: w.at, minutes: w.minutes }),
            limit,
            after,
            ..MeetingQuery::default()
        };
        let Some(language) = &self.language else { return vec![base] };
        language::meeting_codes(language)
            .into_iter()
            .map(|(program, code)| {
                let mut q = base.clone();
                q.program = Some(program.to_string());
                q.types.push(code.to_string());
                q
            })
            .collect()
    }

    /// The services search answering this query, after `after` and limited to `limit`; `None`
    /// when services are not asked for.
    fn service_query(&self, after: Option<ServiceCursor>, limit: usize) -> Option<ServiceQuery> {
        self.kinds.services.then(|| ServiceQuery {
            near: self.near,
            radius_km: self.radius_km,
            categories: self.categories.clone(),
            text: self.text.clone(),
            language: self.language.clone(),
            open: self.window.map(|w| OpenWindow { at: w.at, minutes: w.minutes }),
            age: self.age,
            limit,
            after,
        })
    }
}
