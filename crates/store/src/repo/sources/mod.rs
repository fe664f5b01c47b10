//! Import sources, the provenance of the listings they brought, import runs, the geocoding
//! cache and the leases that keep one replica per scheduled job.
//!
//! A sync's writes are all in [`Store::apply_sync`], one transaction: creates, updates and
//! archives of listings with their change-log entries (so other replicas follow), their
//! provenance, and the run's report. A listing's provenance remembers the `updated_at` the last
//! sync wrote (`synced_version`); when the listing's `updated_at` differs, staff edited it here
//! and a sync no longer overwrites it.

mod apply;
mod crud;
mod existing;
mod geocode_cache;
mod leases;
mod listings;
mod runs;
mod writing;

use chrono::{DateTime, Utc};
use recovery_domain::source::{ImportRun, ListingFlag};
use recovery_domain::{Meeting, MeetingId, SourceId};

/// What a sync wrote: the run as recorded (its counts corrected for listings staff edited
/// between planning and writing) and every listing it created, changed or archived, with the
/// `seq` of its change-log entry, for the caller's index.
#[derive(Debug, Clone)]
pub struct SyncApplied {
    /// The run as stored.
    pub run: ImportRun,
    /// The listings written, each with its change-log `seq`.
    pub changed: Vec<(Meeting, i64)>,
}

/// Where an imported listing came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Provenance {
    /// The listing.
    pub meeting_id: MeetingId,
    /// The source that brought it.
    pub source_id: SourceId,
    /// Its identity in that source.
    pub external_key: String,
    /// The hash of the source record it was last written from.
    pub content_hash: String,
    /// When the source last gave it with this content.
    pub fetched_at: DateTime<Utc>,
    /// Why staff should look at it.
    pub flags: Vec<ListingFlag>,
    /// True when staff changed it here since the last sync wrote it.
    pub locally_edited: bool,
}

/// A flagged imported listing, as staff list them.
#[derive(Debug, Clone, PartialEq)]
pub struct FlaggedListing {
    /// Where it came from, and its flags.
    pub provenance: Provenance,
    /// Its slug now.
    pub slug: String,
    /// Its name now.
    pub name: String,
}

/// A remembered geocoder answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CachedGeocode {
    /// Latitude and longitude, or `None` when the geocoder found nothing.
    pub point: Option<(f64, f64)>,
    /// True when only the town (or coarser) was found.
    pub approximate: bool,
    /// When the geocoder answered.
    pub fetched_at: DateTime<Utc>,
}
