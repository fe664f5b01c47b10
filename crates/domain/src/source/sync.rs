//! The plan of one sync: which of a source's records to add, update, leave, archive or hold
//! back because staff edited them here. Pure: the store applies the plan in one transaction.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::ids::MeetingId;
use crate::meeting::{AttendanceOption, MeetingData, Status};

/// Why staff should look at an imported listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ListingFlag {
    /// It meets in person but has no coordinates (the source gave none and geocoding did not
    /// find the address): distance searches cannot find it.
    NoCoordinates,
    /// There is no way to attend: no usable address and no online link (attendance
    /// `inactive`).
    Inactive,
    /// Its coordinates are only approximate (the source said so, or the geocoder found only
    /// the town).
    Approximate,
    /// It meets online only (its address only places it, or it has join notes) but has no
    /// link or phone to join by: the source left out what attendees need.
    NoOnlineLink,
    /// Its source does not publish it (a BMLT meeting with `published` "0"): imported as a
    /// draft, which the public does not see.
    Unpublished,
}

impl ListingFlag {
    /// Every flag, in order.
    const ALL: [ListingFlag; 5] = [
        ListingFlag::NoCoordinates,
        ListingFlag::Inactive,
        ListingFlag::Approximate,
        ListingFlag::NoOnlineLink,
        ListingFlag::Unpublished,
    ];

    /// The flag's name on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ListingFlag::NoCoordinates => "no-coordinates",
            ListingFlag::Inactive => "inactive",
            ListingFlag::Approximate => "approximate",
            ListingFlag::NoOnlineLink => "no-online-link",
            ListingFlag::Unpublished => "unpublished",
        }
    }

    /// The flag named `s`, if any.
    pub fn parse(s: &str) -> Option<ListingFlag> {
        ListingFlag::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// What staff should know, for people.
    pub fn reason(self) -> &'static str {
        match self {
            ListingFlag::NoCoordinates => "meets in person but has no coordinates: distance searches cannot find it",
            ListingFlag::Inactive => "no usable address and no online link: nobody can attend as listed",
            ListingFlag::Approximate => "the coordinates are only approximate",
            ListingFlag::NoOnlineLink => {
                "meets online only but has no link or phone to join by: nobody can attend as listed"
            }
            ListingFlag::Unpublished => "unpublished in its source: imported as a draft, not shown to the public",
        }
    }

    /// The flags of `data`, sorted.
    pub fn of(data: &MeetingData) -> Vec<ListingFlag> {
        let mut flags = Vec::new();
        if data.attendance_option() == AttendanceOption::Inactive && !data.temporarily_closed {
            // An address that only places the meeting, or join notes without a link, say the
            // meeting is meant to be online: what is missing is its link, not a door.
            let online_only = data.location.as_ref().is_some_and(|l| l.approximate) || data.online.is_some();
            flags.push(if online_only { ListingFlag::NoOnlineLink } else { ListingFlag::Inactive });
        }
        if let Some(location) = &data.location {
            let placed = location.address.is_some() || location.formatted_address.is_some() || location.city.is_some();
            // An approximate address is not where anyone walks in: no "meets in person" flag.
            if placed && !location.approximate && location.coordinates().is_none() {
                flags.push(ListingFlag::NoCoordinates);
            }
            if location.approximate && location.coordinates().is_some() {
                flags.push(ListingFlag::Approximate);
            }
        }
        if data.status == Status::Draft {
            flags.push(ListingFlag::Unpublished);
        }
        flags.sort();
        flags
    }
}

/// A listing this source imported before, as the store holds it now.
#[derive(Debug, Clone, PartialEq)]
pub struct Existing {
    /// The listing.
    pub meeting_id: MeetingId,
    /// Its identity in the source.
    pub external_key: String,
    /// The content hash of the source record it was last written from.
    pub content_hash: String,
    /// True when staff changed it here since the last sync wrote it.
    pub locally_edited: bool,
    /// Its status now.
    pub status: Status,
}

/// A valid record read from the source in this run.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    /// Its identity in the source, stable across runs.
    pub external_key: String,
    /// Its 0-based position in the source.
    pub position: usize,
    /// The hash of what the source says (before geocoding), to tell a changed record.
    pub content_hash: String,
    /// The listing it becomes.
    pub data: MeetingData,
    /// When the source says the record last changed, if it says.
    pub updated: Option<chrono::DateTime<chrono::Utc>>,
    /// True when `data.slug` was derived (from a name or a source id), so a collision may be
    /// settled with a suffix; false when the source named the slug.
    pub slug_derived: bool,
}

/// A record held back because staff edited its listing here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The listing kept as staff left it.
    pub meeting_id: MeetingId,
    /// Its identity in the source.
    pub external_key: String,
    /// Its position in the source, when the source still has it.
    pub position: Option<usize>,
    /// What happened, for people.
    pub reason: String,
}

/// What one sync does.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncPlan {
    /// Records new to this directory.
    pub create: Vec<Incoming>,
    /// Listings to rewrite from their changed record (or to restore after being archived).
    pub update: Vec<(Existing, Incoming)>,
    /// Listings already as their record says.
    pub unchanged: Vec<(Existing, Incoming)>,
    /// Listings whose record is gone from the source.
    pub archive: Vec<Existing>,
    /// Records or removals held back because staff edited the listing here.
    pub conflicts: Vec<Conflict>,
    /// Records whose key an earlier record of the same run already has (not imported).
    pub repeated: Vec<Incoming>,
}

impl SyncPlan {
    /// Why this plan must fail its run instead of being applied: it would archive every
    /// listing of its source. A feed that suddenly yields no valid record is far more often
    /// broken (an empty answer, a changed format) than emptied on purpose, and archiving would
    /// take all its meetings out of searches. `source_records` is how many records were read.
    pub fn emptied(&self, source_records: usize) -> Option<String> {
        let kept = self.create.len() + self.update.len() + self.unchanged.len() + self.conflicts.len();
        (kept == 0 && !self.archive.is_empty()).then(|| {
            format!(
                "the source yielded no valid record ({source_records} read) but {} of its listings are published: \
                 refusing to archive them all (if the source really is empty, archive them or delete the source)",
                self.archive.len()
            )
        })
    }
}

/// Plans a sync of `incoming` (this run's records, in source order) against `existing` (every
/// listing this source imported before).
///
/// A record whose listing staff edited since the last sync is left alone when the source did
/// not change it, and reported as a conflict when it did; a listing whose record is gone is
/// archived (or reported as a conflict when staff edited it); a listing archived by an earlier
/// sync comes back when its record does. Nothing is ever deleted.
pub fn plan_sync(existing: Vec<Existing>, incoming: Vec<Incoming>) -> SyncPlan {
    let mut plan = SyncPlan::default();
    let mut by_key: HashMap<String, Existing> = existing.into_iter().map(|e| (e.external_key.clone(), e)).collect();
    let mut seen: HashSet<String> = HashSet::with_capacity(incoming.len());
    for record in incoming {
        if !seen.insert(record.external_key.clone()) {
            plan.repeated.push(record);
            continue;
        }
        let Some(old) = by_key.remove(&record.external_key) else {
            plan.create.push(record);
            continue;
        };
        let same = old.content_hash == record.content_hash;
        if old.locally_edited {
            if same {
                plan.unchanged.push((old, record));
            } else {
                plan.conflicts.push(Conflict {
                    meeting_id: old.meeting_id,
                    external_key: old.external_key,
                    position: Some(record.position),
                    reason: "changed in the source, but staff edited the listing here: the local edit is kept".into(),
                });
            }
        } else if same && old.status != Status::Archived {
            plan.unchanged.push((old, record));
        } else {
            plan.update.push((old, record));
        }
    }
    let mut gone: Vec<Existing> = by_key.into_values().collect();
    gone.sort_by(|a, b| a.external_key.cmp(&b.external_key));
    for old in gone {
        if old.status == Status::Archived {
            continue;
        }
        if old.locally_edited {
            plan.conflicts.push(Conflict {
                meeting_id: old.meeting_id,
                external_key: old.external_key,
                position: None,
                reason: "gone from the source, but staff edited the listing here: it is kept".into(),
            });
        } else {
            plan.archive.push(old);
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meeting::{Location, Online};
    use crate::testing::MeetingBuilder;

    fn data(name: &str) -> MeetingData {
        MeetingBuilder::new(name).slug(name.to_lowercase()).online_only("https://zoom.us/j/1").data()
    }

    fn incoming(key: &str, hash: &str, position: usize) -> Incoming {
        Incoming {
            external_key: key.into(),
            position,
            content_hash: hash.into(),
            data: data(key),
            updated: None,
            slug_derived: false,
        }
    }

    fn existing(key: &str, hash: &str, edited: bool, status: Status) -> Existing {
        Existing {
            meeting_id: MeetingId::new(),
            external_key: key.into(),
            content_hash: hash.into(),
            locally_edited: edited,
            status,
        }
    }

    fn keys(records: &[Incoming]) -> Vec<&str> {
        records.iter().map(|r| r.external_key.as_str()).collect()
    }

    #[test]
    fn every_case_of_a_sync() {
        let old = vec![
            existing("same", "h1", false, Status::Published),
            existing("changed", "h1", false, Status::Published),
            existing("gone", "h1", false, Status::Published),
            existing("edited-same", "h1", true, Status::Published),
            existing("edited-changed", "h1", true, Status::Published),
            existing("edited-gone", "h1", true, Status::Published),
            existing("back", "h1", false, Status::Archived),
            existing("still-gone", "h1", false, Status::Archived),
        ];
        let new = vec![
            incoming("same", "h1", 0),
            incoming("changed", "h2", 1),
            incoming("edited-same", "h1", 2),
            incoming("edited-changed", "h2", 3),
            incoming("back", "h1", 4),
            incoming("new", "h1", 5),
            incoming("new", "h3", 6),
        ];
        let plan = plan_sync(old, new);
        assert_eq!(keys(&plan.create), ["new"]);
        assert_eq!(plan.repeated.len(), 1);
        assert_eq!(plan.repeated[0].position, 6);
        let updated: Vec<&str> = plan.update.iter().map(|(e, _)| e.external_key.as_str()).collect();
        assert_eq!(updated, ["changed", "back"]);
        let unchanged: Vec<&str> = plan.unchanged.iter().map(|(e, _)| e.external_key.as_str()).collect();
        assert_eq!(unchanged, ["same", "edited-same"]);
        let archived: Vec<&str> = plan.archive.iter().map(|e| e.external_key.as_str()).collect();
        assert_eq!(archived, ["gone"]);
        let conflicts: Vec<(&str, Option<usize>)> =
            plan.conflicts.iter().map(|c| (c.external_key.as_str(), c.position)).collect();
        assert_eq!(conflicts, [("edited-changed", Some(3)), ("edited-gone", None)]);
    }

    #[test]
    fn flags_say_what_staff_should_check() {
        let mut d = data("x");
        assert!(ListingFlag::of(&d).is_empty());
        d.online = None;
        assert_eq!(ListingFlag::of(&d), [ListingFlag::Inactive]);
        d.location =
            Some(Location { address: Some("1 Main St".into()), city: Some("Town".into()), ..Location::default() });
        assert_eq!(ListingFlag::of(&d), [ListingFlag::NoCoordinates]);
        for flag in ListingFlag::ALL {
            assert_eq!(ListingFlag::parse(flag.as_str()), Some(flag));
        }
    }

    #[test]
    fn an_online_meeting_without_a_link_is_flagged_for_its_link() {
        let mut d = data("x");
        d.online = None;
        d.location = Some(Location {
            address: Some("1 Main St".into()),
            city: Some("Town".into()),
            approximate: true,
            ..Location::default()
        });
        assert_eq!(ListingFlag::of(&d), [ListingFlag::NoOnlineLink], "not \"meets in person\"");
        d.location = None;
        d.online = Some(Online { conference_url_notes: Some("Passcode 12".into()), ..Online::default() });
        assert_eq!(ListingFlag::of(&d), [ListingFlag::NoOnlineLink], "join notes without a link");
        d.online = None;
        assert_eq!(ListingFlag::of(&d), [ListingFlag::Inactive], "nothing says it is online");
    }

    #[test]
    fn a_draft_import_is_flagged_unpublished() {
        let mut d = data("x");
        d.status = Status::Draft;
        assert_eq!(ListingFlag::of(&d), [ListingFlag::Unpublished]);
    }
}
