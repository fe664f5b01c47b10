//! What the public may see of the change log: enough to keep a copy of the published
//! directory in sync, nothing more.
//!
//! Rules, applied to each entry on its own (so paging never depends on other entries):
//! - only listings: meetings and agency listings (organizations, locations, services, taxonomy
//!   terms); users and any other entity never appear;
//! - an agency listing's change carries it as the public sees it (private contacts and phones
//!   removed); its deletion is a tombstone;
//! - a change after which the meeting is published carries the meeting as the public sees it
//!   then (private contacts removed), never who made it;
//! - a change that took a published meeting out of public view (back to draft, archived) is a
//!   tombstone without data, so clients drop their copy;
//! - every other change (to drafts never published, to archived meetings, scrubs of history)
//!   is left out.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Change, MEETING, SCRUB};
use crate::agency;
use crate::meeting::{Meeting, Status};

/// Why a meeting left the public directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Withdrawal {
    /// Set back to draft (or removed).
    Unpublished,
    /// Archived.
    Archived,
    /// Deleted (agency listings).
    Deleted,
}

/// One change-log entry as the public sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum PublicChange {
    /// The meeting is published after this change; here it is, public view.
    Published {
        /// The entry's position in the log.
        seq: i64,
        /// The entry's action ("create", "update").
        action: String,
        /// When the change was made.
        at: DateTime<Utc>,
        /// The meeting after the change, private contacts removed.
        meeting: Arc<Meeting>,
    },
    /// An agency listing after this change, public view.
    Agency {
        /// The entry's position in the log.
        seq: i64,
        /// "organization", "location", "service" or "taxonomy_term".
        entity: &'static str,
        /// The listing's id.
        entity_id: String,
        /// The entry's action ("create", "update").
        action: String,
        /// When the change was made.
        at: DateTime<Utc>,
        /// The listing after the change, as the public sees it.
        data: Value,
    },
    /// The listing left public view with this change.
    Withdrawn {
        /// The entry's position in the log.
        seq: i64,
        /// "meeting", or the agency listing's kind.
        entity: &'static str,
        /// The listing's id.
        entity_id: String,
        /// Unpublished, archived or deleted.
        action: Withdrawal,
        /// When the change was made.
        at: DateTime<Utc>,
    },
}

impl Change {
    /// This entry as the public may see it, or `None` when the public sees nothing of it.
    ///
    /// An entry whose `after` does not read as a meeting is left out rather than guessed at.
    pub fn public_projection(&self) -> Option<PublicChange> {
        if let Some(entity) = agency_entity(&self.entity) {
            return self.agency_projection(entity);
        }
        if self.entity != MEETING || self.action == SCRUB {
            return None;
        }
        let after = match &self.after {
            Some(value) => Some(Meeting::deserialize(value).ok()?),
            None => None,
        };
        if let Some(meeting) = after.as_ref().filter(|m| m.data.status == Status::Published) {
            return Some(PublicChange::Published {
                seq: self.seq,
                action: self.action.clone(),
                at: self.at,
                meeting: Arc::new(meeting.public_view()),
            });
        }
        if !was_published(self.before.as_ref()) {
            return None;
        }
        let action = match after.map(|m| m.data.status) {
            Some(Status::Archived) => Withdrawal::Archived,
            _ => Withdrawal::Unpublished,
        };
        Some(PublicChange::Withdrawn {
            seq: self.seq,
            entity: MEETING,
            entity_id: self.entity_id.clone(),
            action,
            at: self.at,
        })
    }
}

impl Change {
    fn agency_projection(&self, entity: &'static str) -> Option<PublicChange> {
        let Some(after) = &self.after else {
            return Some(PublicChange::Withdrawn {
                seq: self.seq,
                entity,
                entity_id: self.entity_id.clone(),
                action: Withdrawal::Deleted,
                at: self.at,
            });
        };
        fn public<T: serde::de::DeserializeOwned + Serialize>(value: &Value, view: impl Fn(&T) -> T) -> Option<Value> {
            serde_json::to_value(view(&T::deserialize(value).ok()?)).ok()
        }
        let data = match entity {
            agency::ORGANIZATION => public(after, agency::Organization::public_view)?,
            agency::LOCATION => public(after, agency::Location::public_view)?,
            agency::SERVICE => public(after, agency::Service::public_view)?,
            _ => public(after, agency::TaxonomyTerm::clone)?,
        };
        Some(PublicChange::Agency {
            seq: self.seq,
            entity,
            entity_id: self.entity_id.clone(),
            action: self.action.clone(),
            at: self.at,
            data,
        })
    }
}

/// The change-log name of an agency listing kind, if `entity` is one.
fn agency_entity(entity: &str) -> Option<&'static str> {
    [agency::ORGANIZATION, agency::LOCATION, agency::SERVICE, agency::TAXONOMY_TERM].into_iter().find(|e| *e == entity)
}

fn was_published(before: Option<&Value>) -> bool {
    before.and_then(|b| b.get("status")).and_then(Value::as_str) == Some(Status::Published.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meeting::Contact;
    use crate::testing::MeetingBuilder;

    fn meeting(status: Status) -> Meeting {
        let private = Contact { name: Some("Private Pat".into()), ..Contact::default() };
        let public = Contact { name: Some("Open Olive".into()), public: true, ..Contact::default() };
        MeetingBuilder::new("Step").status(status).no_location().contact(private).contact(public).build()
    }

    fn entry(action: &str, before: Option<&Meeting>, after: Option<&Meeting>) -> Change {
        let json = |m: &Meeting| serde_json::to_value(m).unwrap_or_default();
        Change {
            seq: 7,
            entity: MEETING.into(),
            entity_id: after.or(before).map(|m| m.id.to_string()).unwrap_or_default(),
            action: action.into(),
            actor: "someone".into(),
            at: DateTime::from_timestamp(1_700_000_100, 0).unwrap_or_default(),
            before: before.map(json),
            after: after.map(json),
        }
    }

    #[test]
    fn published_meetings_come_without_private_contacts() {
        let m = meeting(Status::Published);
        let Some(PublicChange::Published { meeting, action, seq, .. }) =
            entry("create", None, Some(&m)).public_projection()
        else {
            panic!("a published create is public");
        };
        assert_eq!((seq, action.as_str()), (7, "create"));
        assert_eq!(meeting.data.contacts.len(), 1);
        assert_eq!(meeting.data.contacts[0].name.as_deref(), Some("Open Olive"));
    }

    #[test]
    fn leaving_public_view_is_a_tombstone_and_drafts_are_not_seen() {
        let published = meeting(Status::Published);
        let draft = MeetingBuilder::from_meeting(published.clone()).status(Status::Draft).build();
        let archived = MeetingBuilder::from_meeting(published.clone()).status(Status::Archived).build();
        let withdrawn = |change: Change| match change.public_projection() {
            Some(PublicChange::Withdrawn { action, entity_id, .. }) => {
                assert_eq!(entity_id, published.id.to_string());
                Some(action)
            }
            Some(PublicChange::Published { .. } | PublicChange::Agency { .. }) => panic!("not public after the change"),
            None => None,
        };
        assert_eq!(withdrawn(entry("update", Some(&published), Some(&draft))), Some(Withdrawal::Unpublished));
        assert_eq!(withdrawn(entry("archive", Some(&published), Some(&archived))), Some(Withdrawal::Archived));
        assert_eq!(withdrawn(entry("delete", Some(&published), None)), Some(Withdrawal::Unpublished));
        assert_eq!(withdrawn(entry("create", None, Some(&draft))), None, "a new draft");
        assert_eq!(withdrawn(entry("update", Some(&draft), Some(&draft))), None, "an edited draft");
        assert_eq!(withdrawn(entry("update", Some(&archived), Some(&archived))), None, "an edited archive");
        assert_eq!(withdrawn(entry("archive", Some(&draft), Some(&archived))), None, "a draft archived");
    }

    #[test]
    fn other_entities_scrubs_and_unreadable_entries_are_not_public() {
        let m = meeting(Status::Published);
        let mut user = entry("create", None, Some(&m));
        user.entity = "user".into();
        assert_eq!(user.public_projection(), None);
        let mut scrub = entry(SCRUB, None, Some(&m));
        scrub.before = Some(serde_json::json!({"scrub": {}}));
        assert_eq!(scrub.public_projection(), None);
        let mut broken = entry("update", Some(&m), Some(&m));
        broken.after = Some(serde_json::json!({"status": "published"}));
        assert_eq!(broken.public_projection(), None);
    }

    #[test]
    fn agency_listings_come_without_private_details_and_deletions_are_tombstones() {
        let org = serde_json::json!({
            "id": crate::ids::OrganizationId::new(), "name": "Harbor", "description": "Family therapy",
            "phones": [{"number": "+1 215 555 0100"}, {"number": "+1 215 555 0199", "public": false}],
            "contacts": [{"name": "Private Pat"}, {"name": "Open Olive", "public": true}],
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"
        });
        let mut change = entry("create", None, None);
        change.entity = crate::agency::ORGANIZATION.into();
        change.entity_id = org["id"].as_str().unwrap_or_default().into();
        change.after = Some(org);
        let Some(PublicChange::Agency { entity, data, .. }) = change.public_projection() else {
            panic!("an organization's change is public");
        };
        assert_eq!(entity, "organization");
        assert_eq!(data["phones"].as_array().map(Vec::len), Some(1));
        assert_eq!(data["contacts"][0]["name"], "Open Olive");
        assert_eq!(data["contacts"].as_array().map(Vec::len), Some(1));

        change.before = change.after.take();
        change.action = "delete".into();
        let Some(PublicChange::Withdrawn { entity, action, .. }) = change.public_projection() else {
            panic!("a deletion is a tombstone");
        };
        assert_eq!((entity, action), ("organization", Withdrawal::Deleted));
    }
}
