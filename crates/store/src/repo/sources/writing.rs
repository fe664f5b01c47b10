//! What one sync has written so far, inside its transaction: shared by the parts that create
//! listings ([`super::apply`]) and rewrite them ([`super::existing`]).

use recovery_domain::source::{ImportRun, RunItem};
use recovery_domain::{Actor, Meeting, MeetingId};

use crate::rows::change::NewChangeRow;

/// What one sync has written so far, inside its transaction.
pub(crate) struct Sync<'a> {
    /// The source, as stored in `meeting_sources.source_id`.
    pub source: String,
    /// Who the change-log entries name.
    pub actor: &'a Actor,
    /// The one instant of this sync: every `updated_at`, `fetched_at` and `synced_version`.
    pub at: chrono::DateTime<chrono::Utc>,
    /// The change-log entries to append, one per listing written.
    pub entries: Vec<NewChangeRow>,
    /// The listings written, in the order of `entries`.
    pub written: Vec<Meeting>,
    /// The run, its counts and items corrected as the writes go.
    pub run: ImportRun,
}

impl Sync<'_> {
    /// Turns a planned update or archive of `meeting` into a conflict: staff edited it (or
    /// removed it, or it moved to another source) after the plan was made.
    pub(crate) fn conflict(&mut self, meeting: MeetingId, key: String, position: Option<usize>) {
        let counts = &mut self.run.counts;
        counts.conflicts += 1;
        let listing = meeting.0;
        // A listing left alone is not flagged by this run.
        let before = self.run.flagged.len();
        self.run.flagged.retain(|item| item.listing_id != Some(listing) && item.key.as_deref() != Some(key.as_str()));
        counts.flagged = counts.flagged.saturating_sub((before - self.run.flagged.len()) as u64);
        self.run.conflicts.push(RunItem {
            position: position.map(|p| p as u64),
            key: Some(key),
            listing_id: Some(listing),
            reason: "staff edited the listing here while this sync ran: the local edit is kept".into(),
        });
    }
}
