//! A 12-step meeting: where and when a group meets, and how to get in.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::ids::{MeetingId, UserId};
use crate::schedule::{Day, TimeOfDay};

/// Where a listing is in its life: only `published` listings are public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Status {
    /// Being prepared by staff; not public.
    Draft,
    /// Public.
    #[default]
    Published,
    /// Withdrawn; kept for history, not public.
    Archived,
}

impl Status {
    /// The wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Published => "published",
            Status::Archived => "archived",
        }
    }

    /// Reads a wire or storage name.
    pub fn parse(s: &str) -> Option<Status> {
        match s {
            "draft" => Some(Status::Draft),
            "published" => Some(Status::Published),
            "archived" => Some(Status::Archived),
            _ => None,
        }
    }
}

/// How a person can attend, derived from the location, the online fields and closure
/// (as the 12 Step Meeting List plugin computes `attendance_option`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AttendanceOption {
    /// At a physical address only.
    InPerson,
    /// At a physical address and online.
    Hybrid,
    /// Online only.
    Online,
    /// No way in at present: temporarily closed without an online option, or no usable
    /// address and no online option.
    Inactive,
}

impl AttendanceOption {
    /// Every option, in a fixed order (used for index posting lists).
    pub const ALL: [AttendanceOption; 4] =
        [AttendanceOption::InPerson, AttendanceOption::Hybrid, AttendanceOption::Online, AttendanceOption::Inactive];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            AttendanceOption::InPerson => "in_person",
            AttendanceOption::Hybrid => "hybrid",
            AttendanceOption::Online => "online",
            AttendanceOption::Inactive => "inactive",
        }
    }

    /// Reads a wire name.
    pub fn parse(s: &str) -> Option<AttendanceOption> {
        AttendanceOption::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// Derives the option from what a meeting has.
    pub fn derive(has_usable_address: bool, has_online: bool, temporarily_closed: bool) -> AttendanceOption {
        match (has_online, has_usable_address && !temporarily_closed) {
            (true, true) => AttendanceOption::Hybrid,
            (true, false) => AttendanceOption::Online,
            (false, true) => AttendanceOption::InPerson,
            (false, false) => AttendanceOption::Inactive,
        }
    }
}

/// Where a meeting meets.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Location {
    /// The venue's name ("St. Mark's Hall").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Street address ("123 Main St").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// City.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// State or province.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Postal code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Country, as an ISO 3166 code or name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The full address on one line; composed from the parts when not given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formatted_address: Option<String>,
    /// Latitude in degrees (WGS 84); given together with `longitude`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    /// Longitude in degrees (WGS 84); given together with `latitude`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    /// True when the address is only approximate (a city or area, not a door to walk through).
    pub approximate: bool,
    /// Directions inside or around the venue ("use the side door").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The region path, widest first (["New York", "Manhattan"]).
    #[serde(default)]
    pub regions: Vec<String>,
}

impl Location {
    /// The coordinates as (latitude, longitude), when both are known.
    pub fn coordinates(&self) -> Option<(f64, f64)> {
        Some((self.latitude?, self.longitude?))
    }

    /// True when a person could walk in: a street-level address that is not approximate.
    pub fn is_usable(&self) -> bool {
        !self.approximate && (self.address.is_some() || self.formatted_address.is_some())
    }
}

/// How to join a meeting online or by phone.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Online {
    /// The video-conference link (http or https).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conference_url: Option<String>,
    /// Notes for the link (meeting id, password hint).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conference_url_notes: Option<String>,
    /// A dial-in number, with pauses and codes ("+16465588656,,123#").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conference_phone: Option<String>,
    /// Notes for the dial-in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conference_phone_notes: Option<String>,
}

impl Online {
    /// True when there is a way in: a link or a phone number.
    pub fn is_joinable(&self) -> bool {
        self.conference_url.is_some() || self.conference_phone.is_some()
    }
}

/// The group that holds the meeting, and its public ways to reach or support it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Group {
    /// The group's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Notes about the group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The group's website (http or https).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// The group's public email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The group's public phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Venmo handle for 7th-tradition contributions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub venmo: Option<String>,
    /// PayPal handle for 7th-tradition contributions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paypal: Option<String>,
    /// Square cash tag for 7th-tradition contributions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub square: Option<String>,
}

/// A person to contact about the meeting. Private unless staff mark it public.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    /// The contact's name (first name or initial, by tradition).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Whether the public may see this contact; private by default.
    pub public: bool,
}

/// The validated content of a meeting: everything staff write, nothing the system assigns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingData {
    /// The meeting's name.
    pub name: String,
    /// A unique, URL-safe name (lowercase letters, digits, hyphens).
    pub slug: String,
    /// The program (fellowship) id, lowercase ("aa", "na").
    pub program: String,
    /// Day of the week, 0 = Sunday … 6 = Saturday.
    #[cfg_attr(feature = "openapi", schema(value_type = u8, minimum = 0, maximum = 6))]
    pub day: Day,
    /// Start time "HH:MM", local to the meeting's time zone.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "19:00"))]
    pub time: TimeOfDay,
    /// End time "HH:MM"; earlier than `time` when the meeting runs past midnight.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "20:00"))]
    pub end_time: Option<TimeOfDay>,
    /// IANA time-zone name.
    #[serde(with = "tz_name")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "America/New_York"))]
    pub timezone: Tz,
    /// Type codes from the program's vocabulary (`GET /v1/programs/{program}/types`).
    pub types: Vec<String>,
    /// Notes for attendees.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Draft, published or archived.
    pub status: Status,
    /// Where it meets in person, if anywhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// How to join online, if at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub online: Option<Online>,
    /// True while the venue is temporarily closed (online options may still run).
    pub temporarily_closed: bool,
    /// The group holding the meeting.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<Group>,
    /// Up to three contacts; private ones are shown to staff only.
    #[serde(default)]
    pub contacts: Vec<Contact>,
}

impl MeetingData {
    /// How a person can attend, derived (never stored).
    pub fn attendance_option(&self) -> AttendanceOption {
        AttendanceOption::derive(
            self.location.as_ref().is_some_and(Location::is_usable),
            self.online.as_ref().is_some_and(Online::is_joinable),
            self.temporarily_closed,
        )
    }

    /// The coordinates, when the meeting has a located place.
    pub fn coordinates(&self) -> Option<(f64, f64)> {
        self.location.as_ref().and_then(Location::coordinates)
    }

    /// The region path, widest first (empty when unknown).
    pub fn regions(&self) -> &[String] {
        self.location.as_ref().map(|l| l.regions.as_slice()).unwrap_or_default()
    }

    /// True when `region` names any level of the meeting's region path, ignoring case.
    pub fn is_in_region(&self, region: &str) -> bool {
        let region = region.to_lowercase();
        self.regions().iter().any(|r| r.to_lowercase() == region)
    }

    /// The same meeting as the public may see it: private contacts removed.
    pub fn public_view(&self) -> MeetingData {
        MeetingData { contacts: self.contacts.iter().filter(|c| c.public).cloned().collect(), ..self.clone() }
    }
}

/// A stored meeting: its content plus what the system assigns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Meeting {
    /// The meeting's id.
    pub id: MeetingId,
    /// The content.
    #[serde(flatten)]
    pub data: MeetingData,
    /// When it was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When its content last changed (UTC).
    pub updated_at: DateTime<Utc>,
    /// When staff last confirmed the listing is still right (UTC); null when never. Confirming
    /// changes neither the content nor `updated_at`.
    #[serde(default)]
    pub verified_at: Option<DateTime<Utc>>,
    /// The staff user who last confirmed it (staff only: never shown to the public).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Uuid))]
    pub verified_by: Option<UserId>,
}

impl Meeting {
    /// The same meeting as the public may see it: private contacts and who verified it removed.
    pub fn public_view(&self) -> Meeting {
        Meeting { data: self.data.public_view(), verified_by: None, ..self.clone() }
    }
}

/// Serde helpers writing a time zone as its IANA name.
pub mod tz_name {
    use chrono_tz::Tz;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the IANA name.
    pub fn serialize<S: Serializer>(tz: &Tz, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(tz.name())
    }

    /// Reads an IANA name.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Tz, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(|_| serde::de::Error::custom(format!("unknown time zone `{s}`")))
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = u8::deserialize(d)?;
        Day::from_index(n).ok_or_else(|| serde::de::Error::custom("day must be 0 (Sunday) to 6 (Saturday)"))
    }
}

#[cfg(test)]
mod tests {
    use super::AttendanceOption::*;
    use super::*;

    #[test]
    fn attendance_follows_tsml() {
        assert_eq!(AttendanceOption::derive(true, false, false), InPerson);
        assert_eq!(AttendanceOption::derive(true, true, false), Hybrid);
        assert_eq!(AttendanceOption::derive(false, true, false), Online);
        assert_eq!(AttendanceOption::derive(true, true, true), Online);
        assert_eq!(AttendanceOption::derive(true, false, true), Inactive);
        assert_eq!(AttendanceOption::derive(false, false, false), Inactive);
    }
}
