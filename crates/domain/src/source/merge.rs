//! How a sync merges a source's record into a listing it brought before, whatever stores it:
//! staff edits win (the record becomes a conflict), the listing keeps its identity (id, slug,
//! creation time) and its verification, and a record that is back restores the listing.

use chrono::{DateTime, Utc};

use crate::meeting::{Meeting, MeetingData, Status};

/// True when the listing may be rewritten by a sync of `source`: that source's last sync wrote
/// it (`synced_by`, at `synced_version`) and nobody changed it since (`updated_at`). Otherwise
/// the sync reports a conflict and leaves the listing as staff made it.
pub fn untouched_since_sync(
    source: &str,
    synced_by: &str,
    synced_version: DateTime<Utc>,
    updated_at: DateTime<Utc>,
) -> bool {
    synced_by == source && updated_at == synced_version
}

/// The status a listing gets from its source's record: the record's own (published, or a
/// draft when the source does not publish the meeting), never archived: a listing an earlier
/// sync archived comes back with its record.
pub fn record_status(status: Status) -> Status {
    match status {
        Status::Archived => Status::Published,
        other => other,
    }
}

/// The content a listing gets from its changed `record`: the record as read, with its
/// [`record_status`], under the listing's own `slug` (links to it keep working).
pub fn record_content(mut record: MeetingData, slug: String) -> MeetingData {
    record.status = record_status(record.status);
    record.slug = slug;
    record
}

/// The listing after a sync rewrote it: verification is not content, so a sync keeps it, as a
/// staff edit does.
pub fn keep_verification(before: &Meeting, after: Meeting) -> Meeting {
    Meeting { verified_at: before.verified_at, verified_by: before.verified_by, ..after }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_edited_after_its_sync_is_not_rewritten() {
        let synced = "2026-01-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap_or_default();
        let edited = "2026-01-02T00:00:00Z".parse::<DateTime<Utc>>().unwrap_or_default();
        assert!(untouched_since_sync("a", "a", synced, synced));
        assert!(!untouched_since_sync("a", "a", synced, edited), "edited by staff since");
        assert!(!untouched_since_sync("a", "b", synced, synced), "brought by another source");
    }
}
