//! The Meeting Guide JSON format (as the 12 Step Meeting List plugin publishes it), from our
//! meetings. Field names and value rules follow the Meeting Guide specification: `day` an
//! integer 0–6, times "HH:MM", `updated` "YYYY-MM-DD HH:MM:SS" in UTC, `approximate` "yes" or
//! "no", entries sorted by slug. Only public data: private contacts never appear.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use recovery_domain::{Meeting, MeetingData, MeetingId, Programs};
use serde::Serialize;
use utoipa::ToSchema;

/// One meeting in a Meeting Guide feed.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingGuideEntry<'a> {
    /// Meeting name.
    pub name: &'a str,
    /// Unique slug.
    pub slug: &'a str,
    /// Day of the week, 0 = Sunday.
    pub day: u8,
    /// Start "HH:MM".
    pub time: String,
    /// End "HH:MM".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    /// IANA time zone.
    pub timezone: &'a str,
    /// Type codes (with `TC` while the venue is temporarily closed).
    pub types: Vec<String>,
    /// Notes for attendees.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub notes: Option<Cow<'a, str>>,
    /// Venue name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<&'a str>,
    /// Directions at the venue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location_notes: Option<&'a str>,
    /// The full address.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub formatted_address: Option<Cow<'a, str>>,
    /// Street address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<&'a str>,
    /// City.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<&'a str>,
    /// State.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<&'a str>,
    /// Postal code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<&'a str>,
    /// Country.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<&'a str>,
    /// Latitude.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    /// Longitude.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    /// "yes" when the address is only approximate.
    pub approximate: &'static str,
    /// Region path, widest first.
    #[serde(skip_serializing_if = "no_regions")]
    pub regions: &'a [String],
    /// Video-conference link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conference_url: Option<&'a str>,
    /// Notes for the link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conference_url_notes: Option<&'a str>,
    /// Dial-in number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conference_phone: Option<&'a str>,
    /// Notes for the dial-in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conference_phone_notes: Option<&'a str>,
    /// Group name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<&'a str>,
    /// Group notes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_notes: Option<&'a str>,
    /// Group website.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<&'a str>,
    /// Group email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<&'a str>,
    /// Group phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<&'a str>,
    /// Venmo handle.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub venmo: Option<&'a str>,
    /// PayPal handle.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paypal: Option<&'a str>,
    /// Square cash tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub square: Option<&'a str>,
    /// Public contact 1 name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_1_name: Option<&'a str>,
    /// Public contact 1 email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_1_email: Option<&'a str>,
    /// Public contact 1 phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_1_phone: Option<&'a str>,
    /// Public contact 2 name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_2_name: Option<&'a str>,
    /// Public contact 2 email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_2_email: Option<&'a str>,
    /// Public contact 2 phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_2_phone: Option<&'a str>,
    /// Public contact 3 name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_3_name: Option<&'a str>,
    /// Public contact 3 email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_3_email: Option<&'a str>,
    /// Public contact 3 phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_3_phone: Option<&'a str>,
    /// Last change, "YYYY-MM-DD HH:MM:SS" UTC.
    pub updated: String,
    /// When staff last confirmed the listing is right, "YYYY-MM-DD HH:MM:SS" UTC; absent when
    /// never. Not part of the Meeting Guide specification: an addition of this directory.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified_at: Option<String>,
    /// The meeting's page.
    pub url: String,
    /// How a person can attend: in_person, hybrid, online or inactive.
    pub attendance_option: &'static str,
}

fn no_regions(regions: &&[String]) -> bool {
    regions.is_empty()
}

/// One meeting as a Meeting Guide entry; `public_url` is the directory's base URL.
pub fn entry<'a>(
    meeting: &'a Meeting,
    public_url: &str,
    default_place: Option<&'a str>,
    source_updated: Option<DateTime<Utc>>,
) -> MeetingGuideEntry<'a> {
    let m: &MeetingData = &meeting.data;
    let location = m.location.as_ref();
    let online = m.online.as_ref();
    let group = m.group.as_ref();
    // Codes as the Meeting Guide list means them: a program's own code with another meaning
    // there is translated, or left out with its plain name kept in the notes.
    let programs = Programs::builtin();
    let mut types: Vec<String> = Vec::with_capacity(m.types.len() + 1);
    let mut unlisted: Vec<&str> = Vec::new();
    for code in &m.types {
        match programs.meeting_guide_code(&m.program, code) {
            Some(code) if !types.contains(&code) => types.push(code),
            Some(_) => {}
            None => {
                unlisted.extend(programs.get(&m.program).and_then(|p| p.vocabulary.get(code)).map(|t| t.name("en")))
            }
        }
    }
    if m.temporarily_closed && !types.iter().any(|t| t == "TC") {
        types.push("TC".to_string());
    }
    let notes: Option<Cow<'a, str>> = match (m.notes.as_deref(), unlisted.is_empty()) {
        (notes, true) => notes.map(Cow::Borrowed),
        (None, false) => Some(Cow::Owned(format!("Formats: {}.", unlisted.join(", ")))),
        (Some(notes), false) => Some(Cow::Owned(format!("{notes}\n\nFormats: {}.", unlisted.join(", ")))),
    };
    let public: Vec<_> = m.contacts.iter().filter(|c| c.public).collect();
    let contact = |i: usize| public.get(i).copied();
    // Meeting finders drop an entry without an address, so an online meeting without one gets
    // an approximate place: its regions (narrowest first), else the directory's own place, else
    // the city its time zone is named after (a place in the right zone, marked approximate).
    let address = location.and_then(|l| l.formatted_address.as_deref());
    let stand_in: Option<Cow<'a, str>> = if address.is_none() && m.online.is_some() {
        Some(place_of(m).map(Cow::Owned).or(default_place.map(Cow::Borrowed)).unwrap_or_else(|| zone_city(m)))
    } else {
        None
    };
    MeetingGuideEntry {
        name: &m.name,
        slug: &m.slug,
        day: m.day.index(),
        time: m.time.to_string(),
        end_time: m.end_time.map(|t| t.to_string()),
        timezone: m.timezone.name(),
        types,
        notes,
        location: location.and_then(|l| l.name.as_deref()),
        location_notes: location.and_then(|l| l.notes.as_deref()),
        formatted_address: address.map(Cow::Borrowed).or(stand_in.clone()),
        address: location.and_then(|l| l.address.as_deref()),
        city: location.and_then(|l| l.city.as_deref()),
        state: location.and_then(|l| l.state.as_deref()),
        postal_code: location.and_then(|l| l.postal_code.as_deref()),
        country: location.and_then(|l| l.country.as_deref()),
        latitude: location.and_then(|l| l.latitude),
        longitude: location.and_then(|l| l.longitude),
        approximate: if location.is_some_and(|l| l.approximate) || (address.is_none() && stand_in.is_some()) {
            "yes"
        } else {
            "no"
        },
        regions: m.regions(),
        conference_url: online.and_then(|o| o.conference_url.as_deref()),
        conference_url_notes: online.and_then(|o| o.conference_url_notes.as_deref()),
        conference_phone: online.and_then(|o| o.conference_phone.as_deref()),
        conference_phone_notes: online.and_then(|o| o.conference_phone_notes.as_deref()),
        group: group.and_then(|g| g.name.as_deref()),
        group_notes: group.and_then(|g| g.notes.as_deref()),
        website: group.and_then(|g| g.website.as_deref()),
        email: group.and_then(|g| g.email.as_deref()),
        phone: group.and_then(|g| g.phone.as_deref()),
        venmo: group.and_then(|g| g.venmo.as_deref()),
        paypal: group.and_then(|g| g.paypal.as_deref()),
        square: group.and_then(|g| g.square.as_deref()),
        contact_1_name: contact(0).and_then(|c| c.name.as_deref()),
        contact_1_email: contact(0).and_then(|c| c.email.as_deref()),
        contact_1_phone: contact(0).and_then(|c| c.phone.as_deref()),
        contact_2_name: contact(1).and_then(|c| c.name.as_deref()),
        contact_2_email: contact(1).and_then(|c| c.email.as_deref()),
        contact_2_phone: contact(1).and_then(|c| c.phone.as_deref()),
        contact_3_name: contact(2).and_then(|c| c.name.as_deref()),
        contact_3_email: contact(2).and_then(|c| c.email.as_deref()),
        contact_3_phone: contact(2).and_then(|c| c.phone.as_deref()),
        updated: source_updated.unwrap_or(meeting.updated_at).format("%Y-%m-%d %H:%M:%S").to_string(),
        verified_at: meeting.verified_at.map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string()),
        url: format!("{public_url}/meetings/{}", m.slug),
        attendance_option: m.attendance_option().as_str(),
    }
}

/// The city `m`'s time zone is named after ("America/New_York" → "New York").
fn zone_city(m: &MeetingData) -> Cow<'static, str> {
    let name = m.timezone.name();
    Cow::Owned(name.rsplit('/').next().unwrap_or(name).replace('_', " "))
}

/// The regions of `m`, narrowest first, as one line ("Fishtown, Philadelphia"), if it has any.
fn place_of(m: &MeetingData) -> Option<String> {
    let regions = m.regions();
    (!regions.is_empty()).then(|| regions.iter().rev().map(String::as_str).collect::<Vec<_>>().join(", "))
}

/// Roughly how many bytes one entry takes, to size a feed's buffer once (the seed data's
/// entries average about 560).
const BYTES_PER_ENTRY: usize = 640;

/// The feed body: every given meeting, sorted by slug, as a JSON array. Online meetings
/// without an address get `default_place` when they have no regions either.
///
/// Entries are written straight into one buffer sized for them up front, one entry at a time:
/// no list of every entry is held next to the body, and the body is not grown by doubling, so a
/// build allocates about the feed's size once (a feed is rebuilt after every change, and every
/// large block a build frees is memory the allocator may keep).
pub fn build(
    meetings: &[std::sync::Arc<Meeting>],
    public_url: &str,
    default_place: Option<&str>,
    source_updated: &HashMap<MeetingId, DateTime<Utc>>,
) -> Vec<u8> {
    let mut sorted: Vec<&Meeting> = meetings.iter().map(|m| m.as_ref()).collect();
    sorted.sort_by(|a, b| a.data.slug.cmp(&b.data.slug));
    let entries = Entries { sorted: &sorted, public_url, default_place, source_updated };
    let mut body = Vec::with_capacity(sorted.len() * BYTES_PER_ENTRY + 2);
    if serde_json::to_writer(&mut body, &entries).is_err() {
        return b"[]".to_vec();
    }
    body.shrink_to_fit();
    body
}

/// The entries of a feed, serialized as they are made.
struct Entries<'a> {
    sorted: &'a [&'a Meeting],
    public_url: &'a str,
    default_place: Option<&'a str>,
    source_updated: &'a HashMap<MeetingId, DateTime<Utc>>,
}

impl Serialize for Entries<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.sorted
                .iter()
                .map(|m| entry(m, self.public_url, self.default_place, self.source_updated.get(&m.id).copied())),
        )
    }
}
