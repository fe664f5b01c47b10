//! What a services search asks for and what it answers: the query, its keyset cursor, and a
//! page of hits.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::agency::location::Location;
use crate::agency::schedule::{OpenSpan, Schedule};
use crate::agency::service::Service;
use crate::ids::TermId;
use crate::index::GeoPoint;

/// A public search of services. Every filter that is set must match.
///
/// The caller validates ranges (`radius_km`, `limit`); the index answers whatever it is given.
#[derive(Debug, Clone, Default)]
pub struct ServiceQuery {
    /// Only entries within `radius_km` of this point, nearest first.
    pub near: Option<GeoPoint>,
    /// The radius in kilometres; unused without `near`.
    pub radius_km: f64,
    /// Services in any of these terms or below them.
    pub categories: Vec<TermId>,
    /// Free text: every word must begin some word of the service's name, alternate name or
    /// description, or of the location's name or address (case- and accent-insensitive).
    pub text: Option<String>,
    /// Services working in this language (ISO 639 code, case-insensitive), at the service or
    /// at the location.
    pub language: Option<String>,
    /// Services open at some moment within the window.
    pub open: Option<OpenWindow>,
    /// Services whose age range includes this age.
    pub age: Option<u16>,
    /// At most this many hits; 0 means no limit.
    pub limit: usize,
    /// Continue after this cursor from a previous page of the same query.
    pub after: Option<ServiceCursor>,
}

/// "Open at some moment from `at` to `at + minutes`" (`minutes` 0: open at `at`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenWindow {
    /// The moment asked about.
    pub at: DateTime<Utc>,
    /// How far ahead to look.
    pub minutes: u32,
}

/// Where a page of services ended, in the ordering of its query; opaque to clients.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ServiceCursor {
    /// Ordered by distance, then entry id.
    Distance {
        /// The last hit's distance in kilometres, as Rust's shortest exact decimal, so that it
        /// comes back bit for bit (an ulp off would repeat or skip a hit).
        km: String,
        /// The last hit's entry id.
        id: Uuid,
    },
    /// Ordered by name (case- and accent-folded), then entry id.
    Name {
        /// The last hit's folded name.
        name: String,
        /// The last hit's entry id.
        id: Uuid,
    },
}

impl ServiceCursor {
    /// A distance cursor at (`km`, `id`), the distance written exactly.
    pub fn at_distance(km: f64, id: Uuid) -> ServiceCursor {
        ServiceCursor::Distance { km: km.to_string(), id }
    }
}

/// One page of services.
#[derive(Debug, Clone, PartialEq)]
pub struct ServicePage {
    /// The hits, in order.
    pub items: Vec<ServiceHit>,
    /// Where the next page starts, when there are more matches after this page.
    pub next: Option<ServiceCursor>,
    /// How many entries match in all (every page).
    pub total: usize,
}

/// One matching service at one location.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceHit {
    /// The entry id: the service-at-location id, or the service id when it has no location.
    pub entry_id: Uuid,
    /// The service (public view).
    pub service: Arc<Service>,
    /// The location, when it has one (and it is known).
    pub location: Option<Arc<Location>>,
    /// Distance from `near` in kilometres, when the query had `near`.
    pub distance_km: Option<f64>,
    /// The span open at, or next after, the query's `open.at` (only when the query has `open`:
    /// the domain has no clock).
    pub next_open: Option<OpenSpan>,
}

impl ServiceHit {
    /// The rows that say when the service is open at this hit's location: its own hours
    /// there, else the service's, else the location's (the precedence the index uses).
    pub fn hours(&self) -> &[Schedule] {
        let data = &self.service.data;
        let here = data.service_at_locations.iter().find(|sal| sal.id == self.entry_id).map(|sal| &sal.schedules);
        match here {
            Some(rows) if !rows.is_empty() => rows,
            _ if !data.schedules.is_empty() => &data.schedules,
            _ => self.location.as_ref().map_or(&[][..], |l| l.data.schedules.as_slice()),
        }
    }

    /// The zone the hours are read in: the location's, else `fallback`.
    pub fn zone(&self, fallback: chrono_tz::Tz) -> chrono_tz::Tz {
        self.location.as_ref().map_or(fallback, |l| l.data.zone(fallback))
    }
}
