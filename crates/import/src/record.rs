//! The fields every format shares, read as text, and how they become a meeting input.
//!
//! Each format fills a [`Fields`] from its own names (`location_street`, "Location Notes",
//! `formatted_address`); the meaning of a field (plain text or not, online, closed, types)
//! is decided here once.

use recovery_domain::validation::{ContactInput, GroupInput, LocationInput, OnlineInput};
use recovery_domain::{MeetingInput, Status, TimeOfDay};

use crate::build::Draft;
use crate::clock::{Updated, parse_time, parse_updated};
use crate::text::{plain, raw};
use crate::types::TypeMap;

/// One record's fields as the source wrote them (text untrusted, not yet checked).
#[derive(Debug, Default)]
pub(crate) struct Fields {
    pub key: Option<String>,
    pub key_is_slug: bool,
    pub name: Option<String>,
    pub days: Vec<i64>,
    pub time: Option<String>,
    pub end_time: Option<String>,
    /// An end time the format computed itself (BMLT's start + duration).
    pub end: Option<TimeOfDay>,
    pub timezone: Option<String>,
    pub types: Vec<String>,
    pub notes: Option<String>,
    /// True when the source does not publish the record: it is imported as a draft.
    pub draft: bool,
    pub location_name: Option<String>,
    pub location_notes: Option<String>,
    pub formatted_address: Option<String>,
    pub address: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub postal_code: Option<String>,
    pub country: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub approximate: Option<bool>,
    pub regions: Vec<String>,
    pub conference_url: Option<String>,
    pub conference_url_notes: Option<String>,
    pub conference_phone: Option<String>,
    pub conference_phone_notes: Option<String>,
    pub group: Option<String>,
    pub group_notes: Option<String>,
    /// The group's service district and sub-district (TSML's `District`, `Sub District`).
    pub district: Option<String>,
    pub sub_district: Option<String>,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub venmo: Option<String>,
    pub paypal: Option<String>,
    pub square: Option<String>,
    /// Up to three (name, email, phone), private.
    pub contacts: Vec<(Option<String>, Option<String>, Option<String>)>,
    pub updated: Option<String>,
    /// Messages gathered while reading.
    pub warnings: Vec<String>,
}

/// Address lines that only say the meeting is not at an address.
const NOT_AN_ADDRESS: [&str; 4] = ["online", "virtual", "online meeting", "virtual meeting"];

impl Fields {
    /// The draft these fields make, or why the record cannot be a meeting.
    pub(crate) fn into_draft(self, position: usize, label: String, types: &TypeMap<'_>) -> Result<Draft, String> {
        let mut warnings = self.warnings;
        let time = match self.time.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None => None,
            Some(t) => Some(parse_time(t).ok_or_else(|| format!("time `{}` is not a time of day", short(t)))?),
        };
        let end_time = self.end.or_else(|| {
            let t = self.end_time.as_deref().map(str::trim).filter(|t| !t.is_empty())?;
            let end = parse_time(t);
            if end.is_none() {
                warnings.push(format!("end time `{}` is not a time of day; left out", short(t)));
            }
            end
        });

        let mapped = types.map(self.types.iter().map(String::as_str));
        for unknown in &mapped.unknown {
            warnings.push(format!("unknown type `{unknown}`; left out"));
        }

        let mut address = plain(self.address.as_deref());
        let mut formatted_address = plain(self.formatted_address.as_deref());
        let mut approximate = self.approximate;
        for line in [&mut address, &mut formatted_address] {
            if line.as_deref().is_some_and(|a| NOT_AN_ADDRESS.contains(&a.to_lowercase().as_str())) {
                *line = None;
                approximate = Some(true);
            }
        }
        let location = LocationInput {
            name: plain(self.location_name.as_deref()),
            address,
            city: plain(self.city.as_deref()),
            state: plain(self.state.as_deref()),
            postal_code: plain(self.postal_code.as_deref()),
            country: plain(self.country.as_deref()),
            formatted_address,
            latitude: self.latitude,
            longitude: self.longitude,
            approximate,
            notes: plain(self.location_notes.as_deref()),
            regions: Some(self.regions.iter().filter_map(|r| plain(Some(r))).collect::<Vec<_>>())
                .filter(|r| !r.is_empty()),
        };
        let online = OnlineInput {
            conference_url: raw(self.conference_url.as_deref()),
            conference_url_notes: plain(self.conference_url_notes.as_deref()),
            conference_phone: raw(self.conference_phone.as_deref()),
            conference_phone_notes: plain(self.conference_phone_notes.as_deref()),
        };
        if mapped.online && online.conference_url.is_none() && online.conference_phone.is_none() {
            warnings.push("marked online but has no conference URL or phone".to_string());
        }
        let group_notes = [
            self.group_notes,
            labelled("District", self.district.as_deref()),
            labelled("Sub District", self.sub_district.as_deref()),
        ];
        let group_notes: Vec<String> = group_notes.iter().filter_map(|n| plain(n.as_deref())).collect();
        let group = GroupInput {
            name: plain(self.group.as_deref()),
            notes: Some(group_notes.join("\n")).filter(|n| !n.is_empty()),
            website: raw(self.website.as_deref()),
            email: raw(self.email.as_deref()),
            phone: raw(self.phone.as_deref()),
            venmo: plain(self.venmo.as_deref()),
            paypal: plain(self.paypal.as_deref()),
            square: plain(self.square.as_deref()),
        };
        let contacts: Vec<ContactInput> = self
            .contacts
            .iter()
            .map(|(name, email, phone)| ContactInput {
                name: plain(name.as_deref()),
                email: raw(email.as_deref()),
                phone: raw(phone.as_deref()),
                public: None,
            })
            .filter(|c| c.name.is_some() || c.email.is_some() || c.phone.is_some())
            .collect();

        let updated = match self.updated.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            None => None,
            Some(u) => match parse_updated(u) {
                Updated::Read(t) => Some(t),
                Updated::Repaired(t) => {
                    warnings.push(format!("updated `{}` is malformed; read as {}", short(u), t.format("%F %T")));
                    Some(t)
                }
                Updated::Unreadable => {
                    warnings.push(format!("updated `{}` is not a date; left out", short(u)));
                    None
                }
            },
        };

        let input = MeetingInput {
            name: plain(self.name.as_deref()),
            time: time.map(|t| t.to_string()),
            end_time: end_time.map(|t| t.to_string()),
            timezone: raw(self.timezone.as_deref()),
            types: Some(mapped.codes).filter(|c| !c.is_empty()),
            notes: plain(self.notes.as_deref()),
            status: self.draft.then(|| Status::Draft.as_str().to_string()),
            location: Some(location).filter(|l| *l != LocationInput::default()),
            online: Some(online).filter(|o| *o != OnlineInput::default()),
            temporarily_closed: mapped.closed.then_some(true),
            group: Some(group).filter(|g| *g != GroupInput::default()),
            contacts: Some(contacts).filter(|c| !c.is_empty()),
            ..MeetingInput::default()
        };
        Ok(Draft {
            position,
            label,
            key: raw(self.key.as_deref()),
            key_is_slug: self.key_is_slug,
            days: self.days,
            input,
            updated,
            warnings,
        })
    }
}

/// A district `value` under `label` ("District: 12"), or as it is when it says it is a
/// district already ("District 12", "Santa Clara District"); `None` when there is no value.
fn labelled(label: &str, value: Option<&str>) -> Option<String> {
    let value = value.map(str::trim).filter(|v| !v.is_empty())?;
    Some(if value.to_lowercase().contains("district") { value.to_string() } else { format!("{label}: {value}") })
}

/// At most 40 characters of `s`, for messages.
pub(crate) fn short(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}
