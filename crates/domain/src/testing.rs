//! Meetings for tests, in this crate and others (cargo feature `test-support`).
//!
//! Tests need meetings that differ in one or two ways from an ordinary one. Written out as a
//! struct literal a meeting is some thirty lines, and five test modules each had their own copy;
//! [`MeetingBuilder`] is the one place that knows what an ordinary meeting looks like, and each
//! test says only what is special about its meeting:
//!
//! ```
//! use recovery_domain::testing::MeetingBuilder;
//! use recovery_domain::AttendanceOption;
//!
//! let meeting = MeetingBuilder::new("Tuesday Night Step").id(7).day(2).time("19:30")
//!     .online("https://zoom.us/j/1")
//!     .build();
//! assert_eq!(meeting.data.slug, "tuesday-night-step");
//! assert_eq!(meeting.data.attendance_option(), AttendanceOption::Hybrid);
//! ```
//!
//! Setters that read text (`time`, `end_time`) or numbers (`day`) panic on values that are not
//! a day or a time of day: a test that passes one has a typo, and should fail loudly.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use crate::ids::{MeetingId, UserId};
use crate::meeting::{Contact, Group, Location, Meeting, MeetingData, Online, Status};
use crate::schedule::{Day, TimeOfDay};
use crate::slug::slugify;

/// The address of the builder's default location.
pub const DEFAULT_ADDRESS: &str = "1 Main St";

/// The builder's `created_at` and `updated_at`: 2026-05-28T20:26:40Z, fixed so that tests are
/// repeatable.
pub fn default_timestamp() -> DateTime<Utc> {
    DateTime::from_timestamp(1_780_000_000, 0).unwrap_or_default()
}

/// Builds a [`Meeting`] (or its [`MeetingData`]) for a test, starting from an ordinary one.
///
/// [`MeetingBuilder::new`] describes the defaults. Every setter replaces what was there, except
/// [`contact`](MeetingBuilder::contact), which adds one.
#[derive(Debug, Clone)]
#[must_use = "a builder does nothing until `build()` or `data()`"]
pub struct MeetingBuilder {
    meeting: Meeting,
}

impl MeetingBuilder {
    /// A published AA meeting named `name`, valid as it stands: slug made from the name
    /// ([`slugify`]), Monday 19:00 in America/New_York with no end time, no types, notes, group
    /// or contacts, in person at [`DEFAULT_ADDRESS`] without coordinates, not online, not
    /// closed, never verified, created and updated at [`default_timestamp`], and a fresh
    /// [`MeetingId`] (set [`id`](MeetingBuilder::id) when the order of ids matters).
    pub fn new(name: &str) -> MeetingBuilder {
        let now = default_timestamp();
        MeetingBuilder {
            meeting: Meeting {
                id: MeetingId::new(),
                data: MeetingData {
                    name: name.to_string(),
                    slug: slugify(name),
                    program: "aa".to_string(),
                    day: Day::ALL[1],
                    time: hour_minute("19:00"),
                    end_time: None,
                    timezone: chrono_tz::America::New_York,
                    types: Vec::new(),
                    notes: None,
                    status: Status::Published,
                    location: Some(Location { address: Some(DEFAULT_ADDRESS.to_string()), ..Location::default() }),
                    online: None,
                    temporarily_closed: false,
                    group: None,
                    contacts: Vec::new(),
                },
                created_at: now,
                updated_at: now,
                verified_at: None,
                verified_by: None,
            },
        }
    }

    /// Starts from `meeting` instead of the ordinary one, to change a few things about it.
    pub fn from_meeting(meeting: Meeting) -> MeetingBuilder {
        MeetingBuilder { meeting }
    }

    /// The id `n` as a UUID (`Uuid::from_u128(n)`), so that ids sort as the numbers do.
    pub fn id(self, n: u128) -> MeetingBuilder {
        self.meeting_id(MeetingId(Uuid::from_u128(n)))
    }

    /// This exact id.
    pub fn meeting_id(mut self, id: MeetingId) -> MeetingBuilder {
        self.meeting.id = id;
        self
    }

    /// The slug (not checked: a test may want an invalid one).
    pub fn slug(mut self, slug: impl Into<String>) -> MeetingBuilder {
        self.meeting.data.slug = slug.into();
        self
    }

    /// The program id ("aa", "na", "al-anon").
    pub fn program(mut self, program: &str) -> MeetingBuilder {
        self.meeting.data.program = program.to_string();
        self
    }

    /// The day of the week, 0 = Sunday … 6 = Saturday.
    ///
    /// # Panics
    /// When `day` is over 6.
    pub fn day(mut self, day: u8) -> MeetingBuilder {
        self.meeting.data.day = Day::from_index(day).unwrap_or_else(|| panic!("day {day} is not 0 (Sunday) to 6"));
        self
    }

    /// The start time, "HH:MM" (24-hour).
    ///
    /// # Panics
    /// When `time` is not "HH:MM" from 00:00 to 23:59.
    pub fn time(mut self, time: &str) -> MeetingBuilder {
        self.meeting.data.time = hour_minute(time);
        self
    }

    /// The end time, "HH:MM" (24-hour); earlier than the start for a meeting past midnight.
    ///
    /// # Panics
    /// When `end_time` is not "HH:MM" from 00:00 to 23:59.
    pub fn end_time(mut self, end_time: &str) -> MeetingBuilder {
        self.meeting.data.end_time = Some(hour_minute(end_time));
        self
    }

    /// The meeting's time zone.
    pub fn timezone(mut self, timezone: Tz) -> MeetingBuilder {
        self.meeting.data.timezone = timezone;
        self
    }

    /// The type codes, in this order.
    pub fn types(mut self, codes: &[&str]) -> MeetingBuilder {
        self.meeting.data.types = codes.iter().map(|c| c.to_string()).collect();
        self
    }

    /// Notes for attendees.
    pub fn notes(mut self, notes: &str) -> MeetingBuilder {
        self.meeting.data.notes = Some(notes.to_string());
        self
    }

    /// Draft, published or archived.
    pub fn status(mut self, status: Status) -> MeetingBuilder {
        self.meeting.data.status = status;
        self
    }

    /// This whole location instead of the default one.
    pub fn location(mut self, location: Location) -> MeetingBuilder {
        self.meeting.data.location = Some(location);
        self
    }

    /// No location at all (with [`online`](MeetingBuilder::online): an online-only meeting).
    pub fn no_location(mut self) -> MeetingBuilder {
        self.meeting.data.location = None;
        self
    }

    /// The street address, on the current location or on a new one.
    pub fn address(mut self, address: &str) -> MeetingBuilder {
        self.location_mut().address = Some(address.to_string());
        self
    }

    /// Latitude and longitude, on the current location or on a new one.
    pub fn coordinates(mut self, latitude: f64, longitude: f64) -> MeetingBuilder {
        let location = self.location_mut();
        location.latitude = Some(latitude);
        location.longitude = Some(longitude);
        self
    }

    /// The region path, widest first, on the current location or on a new one.
    pub fn regions(mut self, regions: &[&str]) -> MeetingBuilder {
        self.location_mut().regions = regions.iter().map(|r| r.to_string()).collect();
        self
    }

    /// Joinable online at `conference_url`, keeping the location (so hybrid unless there is
    /// none).
    pub fn online(mut self, conference_url: &str) -> MeetingBuilder {
        self.meeting.data.online =
            Some(Online { conference_url: Some(conference_url.to_string()), ..Online::default() });
        self
    }

    /// Online at `conference_url` and nowhere in person.
    pub fn online_only(self, conference_url: &str) -> MeetingBuilder {
        self.no_location().online(conference_url)
    }

    /// Whether the venue is temporarily closed.
    pub fn temporarily_closed(mut self, closed: bool) -> MeetingBuilder {
        self.meeting.data.temporarily_closed = closed;
        self
    }

    /// The group holding the meeting.
    pub fn group(mut self, group: Group) -> MeetingBuilder {
        self.meeting.data.group = Some(group);
        self
    }

    /// One more contact, after those already added.
    pub fn contact(mut self, contact: Contact) -> MeetingBuilder {
        self.meeting.data.contacts.push(contact);
        self
    }

    /// When the meeting was created; also its `updated_at`, as for a meeting never edited.
    pub fn created_at(mut self, at: DateTime<Utc>) -> MeetingBuilder {
        self.meeting.created_at = at;
        self.meeting.updated_at = at;
        self
    }

    /// When its content last changed.
    pub fn updated_at(mut self, at: DateTime<Utc>) -> MeetingBuilder {
        self.meeting.updated_at = at;
        self
    }

    /// Confirmed as still right by `by` at `at`.
    pub fn verified(mut self, at: DateTime<Utc>, by: UserId) -> MeetingBuilder {
        self.meeting.verified_at = Some(at);
        self.meeting.verified_by = Some(by);
        self
    }

    /// The stored meeting.
    pub fn build(self) -> Meeting {
        self.meeting
    }

    /// Only its content, as validation produces it and the store's writes take it.
    pub fn data(self) -> MeetingData {
        self.meeting.data
    }

    fn location_mut(&mut self) -> &mut Location {
        self.meeting.data.location.get_or_insert_with(Location::default)
    }
}

/// Reads "HH:MM" or fails the test.
fn hour_minute(s: &str) -> TimeOfDay {
    s.parse().unwrap_or_else(|e| panic!("{e}, not {s:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::{MeetingInput, ValidationContext, validate_meeting};
    use crate::vocabulary::Programs;

    #[test]
    fn the_ordinary_meeting_is_valid_as_it_stands() {
        let data = MeetingBuilder::new("Tuesday Night Step").data();
        let ctx = ValidationContext {
            programs: Programs::builtin(),
            default_timezone: chrono_tz::UTC,
            default_program: "na",
        };
        let valid = validate_meeting(MeetingInput::from(&data), &ctx).unwrap().data;
        let composed =
            Location { formatted_address: Some(DEFAULT_ADDRESS.to_string()), ..data.location.clone().unwrap() };
        assert_eq!(valid, MeetingData { location: Some(composed), ..data });
    }

    #[test]
    fn setters_set_what_they_name() {
        let at = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let m = MeetingBuilder::new("Step").id(7).day(6).time("23:30").end_time("00:30").online("https://zoom.us/j/1");
        let m = m.coordinates(39.95, -75.16).regions(&["PA"]).contact(Contact::default()).created_at(at).build();
        assert_eq!(m.id, MeetingId(Uuid::from_u128(7)));
        assert_eq!(
            (m.data.day.index(), m.data.time.to_string(), m.data.end_time.map(|t| t.to_string())),
            (6, "23:30".into(), Some("00:30".into()))
        );
        let location = m.data.location.as_ref().unwrap();
        assert_eq!(
            (location.address.as_deref(), location.coordinates()),
            (Some(DEFAULT_ADDRESS), Some((39.95, -75.16)))
        );
        assert_eq!(location.regions, ["PA"]);
        assert_eq!((m.created_at, m.updated_at, m.data.contacts.len()), (at, at, 1));
        let online_only = MeetingBuilder::from_meeting(m).online_only("https://zoom.us/j/2").build();
        assert_eq!(online_only.data.location, None);
        assert_eq!(online_only.data.online.unwrap().conference_url.as_deref(), Some("https://zoom.us/j/2"));
    }
}
