//! The change log as the rest of the system reads it: one entry per write, with the whole
//! entity before and after, and the rules for who may see what of it.
//!
//! Staff read entries as they are (with a field-level [`crate::diff`]); the public reads a
//! projection ([`public`]) that carries only what a published meeting shows anyway. An admin
//! can [`scrub`] a contact's details out of a meeting's history.

pub mod public;
pub mod scrub;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use public::{PublicChange, Withdrawal};
pub use scrub::{ContactMatch, SCRUBBED, ScrubReport};

/// What the change log calls a meeting.
pub const MEETING: &str = "meeting";
/// What the change log calls a staff user.
pub const USER: &str = "user";
/// The action of an entry recording that a contact was scrubbed from a meeting's history.
pub const SCRUB: &str = "scrub";

/// One entry of the change log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Position in the log; strictly increasing in commit order.
    pub seq: i64,
    /// What kind of thing changed ("meeting", "user").
    pub entity: String,
    /// Its id.
    pub entity_id: String,
    /// "create", "update", "archive", "delete" or "scrub".
    pub action: String,
    /// Who: a user id, or `system:<what>`.
    pub actor: String,
    /// When (UTC).
    pub at: DateTime<Utc>,
    /// The whole entity before the change (absent for a create). A scrub keeps its
    /// [`ScrubReport`] here instead, as `{"scrub": …}`.
    pub before: Option<Value>,
    /// The whole entity after the change (absent for a delete).
    pub after: Option<Value>,
}

impl Change {
    /// What a scrub entry says it scrubbed; `None` for every other entry.
    pub fn scrub_report(&self) -> Option<ScrubReport> {
        if self.action != SCRUB {
            return None;
        }
        let report = self.before.as_ref()?.get(SCRUB)?;
        ScrubReport::deserialize(report).ok()
    }

    /// The field-level differences between `before` and `after` (none for a scrub: the
    /// meeting itself did not change).
    pub fn diff(&self) -> Vec<crate::diff::FieldChange> {
        if self.action == SCRUB {
            return Vec::new();
        }
        crate::diff::diff(self.before.as_ref(), self.after.as_ref())
    }
}
