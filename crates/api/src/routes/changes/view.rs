//! The JSON shapes of change-log entries: the staff audit entry, and the public sync items.

use chrono::{DateTime, Utc};
use recovery_domain::Change;
use recovery_domain::change::{PublicChange, ScrubReport, Withdrawal};
use recovery_domain::diff::FieldChange;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::routes::meetings::view::MeetingView;

/// A change-log entry as staff read it: who changed what, the whole entity before and after,
/// and the fields that differ.
#[derive(Debug, Serialize, ToSchema)]
pub struct StaffChange {
    /// Position in the log; increases in commit order.
    pub seq: i64,
    /// What kind of thing changed: `meeting`, `user`, ….
    pub entity: String,
    /// Its id.
    pub entity_id: String,
    /// `create`, `update`, `archive`, `verify`, `scrub`, ….
    pub action: String,
    /// Who: a staff user id, or `system:<what>` (demo data, imports, the public).
    pub actor: String,
    /// When (UTC).
    pub at: DateTime<Utc>,
    /// The whole entity before (null for a create, and for a scrub).
    #[schema(value_type = Option<Object>)]
    pub before: Option<Value>,
    /// The whole entity after (null for a delete).
    #[schema(value_type = Option<Object>)]
    pub after: Option<Value>,
    /// The fields that differ, by path (`location.latitude`, `contacts[0].phone`).
    pub diff: Vec<FieldChange>,
    /// For a scrub: what was scrubbed from the history, without the data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scrub: Option<ScrubReport>,
}

impl From<Change> for StaffChange {
    fn from(change: Change) -> StaffChange {
        let diff = change.diff();
        let scrub = change.scrub_report();
        // A scrub keeps its report where other entries keep the entity before; say it plainly.
        let before = if change.action == recovery_domain::change::SCRUB { None } else { change.before };
        StaffChange {
            seq: change.seq,
            entity: change.entity,
            entity_id: change.entity_id,
            action: change.action,
            actor: change.actor,
            at: change.at,
            before,
            after: change.after,
            diff,
            scrub,
        }
    }
}

/// A change after which the meeting is published: the meeting as the public sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublishedChange {
    /// Position in the log.
    pub seq: i64,
    /// Always `meeting`.
    pub entity: &'static str,
    /// The meeting's id.
    pub entity_id: String,
    /// `create`, `update`, `verify`, …: replace your copy with `meeting` either way.
    pub action: String,
    /// When (UTC).
    pub at: DateTime<Utc>,
    /// The meeting after the change, as `GET /v1/meetings/{id}` shows it to the public.
    pub meeting: MeetingView,
}

/// A change to an agency listing: the listing after it, as the public sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgencyChange {
    /// Position in the log.
    pub seq: i64,
    /// `organization`, `location`, `service` or `taxonomy_term`.
    pub entity: &'static str,
    /// The listing's id.
    pub entity_id: String,
    /// `create` or `update`: replace your copy with `data` either way.
    pub action: String,
    /// When (UTC).
    pub at: DateTime<Utc>,
    /// The listing after the change, as `GET /v1/{organizations,locations,services,taxonomy_terms}/{id}`
    /// shows it to the public.
    pub data: serde_json::Value,
}

/// A change that took a listing out of public view: drop your copy.
#[derive(Debug, Serialize, ToSchema)]
pub struct Tombstone {
    /// Position in the log.
    pub seq: i64,
    /// `meeting`, or an agency listing's kind.
    pub entity: &'static str,
    /// The listing's id.
    pub entity_id: String,
    /// `unpublished` (a meeting back to draft), `archived` (a meeting), or `deleted` (an agency
    /// listing).
    pub action: Withdrawal,
    /// When (UTC).
    pub at: DateTime<Utc>,
}

/// One item of the change feed: a staff entry, or (for the public) a published meeting or a
/// tombstone.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum ChangeItem {
    /// For staff: the whole entry.
    Staff(StaffChange),
    /// For the public: a meeting published after the change.
    Published(PublishedChange),
    /// For the public: an agency listing after the change.
    Agency(AgencyChange),
    /// For the public: a listing withdrawn by the change.
    Withdrawn(Tombstone),
}

impl From<PublicChange> for ChangeItem {
    fn from(change: PublicChange) -> ChangeItem {
        match change {
            PublicChange::Published { seq, action, at, meeting } => ChangeItem::Published(PublishedChange {
                seq,
                entity: recovery_domain::change::MEETING,
                entity_id: meeting.id.to_string(),
                action,
                at,
                meeting: MeetingView::of(meeting),
            }),
            PublicChange::Agency { seq, entity, entity_id, action, at, data } => {
                ChangeItem::Agency(AgencyChange { seq, entity, entity_id, action, at, data })
            }
            PublicChange::Withdrawn { seq, entity, entity_id, action, at } => {
                ChangeItem::Withdrawn(Tombstone { seq, entity, entity_id, action, at })
            }
        }
    }
}

/// A page of the change feed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangePage {
    /// Changes in log order (may be fewer than `limit` even when more follow).
    pub items: Vec<ChangeItem>,
    /// Pass as `since` for the next page; null when there was nothing after `since` (you are
    /// caught up: poll again later with the same `since`).
    pub next_cursor: Option<String>,
}

/// A page of one meeting's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryPage {
    /// Entries about the meeting, newest first.
    pub items: Vec<StaffChange>,
    /// Pass as `cursor` for older entries; null on the last page.
    pub next_cursor: Option<String>,
}
