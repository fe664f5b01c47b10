//! Import sources: the feeds (Meeting Guide JSON, TSML CSV, BMLT, HSDS) staff register once so
//! the directory follows them, the report every run leaves, and the pure plan of a sync.

mod input;
pub mod merge;
mod run;
mod sync;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::ids::SourceId;

pub use input::{MAX_INTERVAL_MINUTES, MIN_INTERVAL_MINUTES, SourceInput, validate_source};
pub use run::{ImportRun, RunCounts, RunItem, RunStatus, RunTrigger};
pub use sync::{Conflict, Existing, Incoming, ListingFlag, SyncPlan, plan_sync};

/// The change-log entity name of a source.
pub const SOURCE: &str = "source";

/// The formats a source can be read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SourceKind {
    /// A Meeting Guide JSON feed (12 Step Meeting List's `meetings` feed).
    MeetingGuide,
    /// A 12 Step Meeting List CSV export (its `template.csv` columns).
    TsmlCsv,
    /// A BMLT root server; the URL is its base (`…/main_server/`).
    Bmlt,
    /// An HSDS 3.0 API (`/services` paged) or a JSON file of services.
    Hsds,
}

impl SourceKind {
    /// Every kind, in documentation order.
    pub const ALL: [SourceKind; 4] =
        [SourceKind::MeetingGuide, SourceKind::TsmlCsv, SourceKind::Bmlt, SourceKind::Hsds];

    /// The kind's name on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::MeetingGuide => "meeting-guide",
            SourceKind::TsmlCsv => "tsml-csv",
            SourceKind::Bmlt => "bmlt",
            SourceKind::Hsds => "hsds",
        }
    }

    /// The kind named `s`, if any.
    pub fn parse(s: &str) -> Option<SourceKind> {
        SourceKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// True for the kinds that carry meetings (all but HSDS, which carries agency services).
    pub fn carries_meetings(self) -> bool {
        !matches!(self, SourceKind::Hsds)
    }
}

/// What staff say about a source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SourceData {
    /// A name for staff ("Philadelphia intergroup").
    pub name: String,
    /// The format.
    pub kind: SourceKind,
    /// Where to fetch it (http or https); `None` for a source fed by uploaded files.
    pub url: Option<String>,
    /// The program of its meetings ("aa", "na"); maps their type codes.
    pub program: String,
    /// The time zone of records that name none.
    #[serde(with = "crate::meeting::tz_name")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "America/New_York"))]
    pub default_timezone: Tz,
    /// Region levels put in front of every record's own regions (widest first).
    pub region_prefix: Vec<String>,
    /// Re-sync every this many minutes; `None` syncs only on request.
    pub interval_minutes: Option<u32>,
    /// False stops scheduled syncs (a sync on request still runs).
    pub enabled: bool,
}

/// A registered source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Source {
    /// Its id.
    pub id: SourceId,
    /// What staff said about it.
    #[serde(flatten)]
    pub data: SourceData,
    /// When it was registered.
    pub created_at: DateTime<Utc>,
    /// When staff last changed it.
    pub updated_at: DateTime<Utc>,
    /// When the scheduler runs it next (`None`: not scheduled).
    pub next_sync_at: Option<DateTime<Utc>>,
}
