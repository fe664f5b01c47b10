//! A meeting as staff send it: every field optional, validation says which are required.

use serde::{Deserialize, Serialize};

use crate::meeting::MeetingData;

/// A meeting as sent by staff (`POST`/`PUT` body, and the base that `PATCH` merges into).
/// Every field is optional here; validation says which are required.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingInput {
    /// The meeting's name (required, at most 200 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(value_type = String, required = true, max_length = 200, pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$")
    )]
    pub name: Option<String>,
    /// Unique URL-safe name; made from the name when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Program id ("aa", "na"); the configured default program when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    /// Day of the week, 0 = Sunday … 6 = Saturday (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = i64, required = true, minimum = 0, maximum = 6))]
    pub day: Option<i64>,
    /// Start time "HH:MM", 24-hour, local to the meeting (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, required = true, pattern = r"^ *([01][0-9]|2[0-3]):[0-5][0-9] *$"))]
    pub time: Option<String>,
    /// End time "HH:MM".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    /// IANA time zone; the configured default when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Type codes from the program's vocabulary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub types: Option<Vec<String>>,
    /// Notes for attendees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// `draft`, `published` (default) or `archived`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Where it meets in person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<LocationInput>,
    /// How to join online.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online: Option<OnlineInput>,
    /// True while the venue is temporarily closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temporarily_closed: Option<bool>,
    /// The group holding the meeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<GroupInput>,
    /// Up to three contacts, private unless `public` is true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts: Option<Vec<ContactInput>>,
    /// Read-only; accepted and ignored so a client may send back what it read.
    #[serde(default, skip_serializing)]
    #[cfg_attr(feature = "openapi", schema(read_only, value_type = Option<String>))]
    pub id: Option<serde_json::Value>,
    /// Read-only; accepted and ignored.
    #[serde(default, skip_serializing)]
    #[cfg_attr(feature = "openapi", schema(read_only, value_type = Option<String>))]
    pub attendance_option: Option<serde_json::Value>,
    /// Read-only; accepted and ignored.
    #[serde(default, skip_serializing)]
    #[cfg_attr(feature = "openapi", schema(read_only, value_type = Option<String>))]
    pub created_at: Option<serde_json::Value>,
    /// Read-only; accepted and ignored.
    #[serde(default, skip_serializing)]
    #[cfg_attr(feature = "openapi", schema(read_only, value_type = Option<String>))]
    pub updated_at: Option<serde_json::Value>,
    /// Read-only (set by `POST /v1/meetings/{id}/verify`); accepted and ignored.
    #[serde(default, skip_serializing)]
    #[cfg_attr(feature = "openapi", schema(read_only, value_type = Option<String>))]
    pub verified_at: Option<serde_json::Value>,
    /// Read-only; accepted and ignored.
    #[serde(default, skip_serializing)]
    #[cfg_attr(feature = "openapi", schema(read_only, value_type = Option<String>))]
    pub verified_by: Option<serde_json::Value>,
}

/// A location as sent by staff.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocationInput {
    /// The venue's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Street address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// State or province.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The full address on one line; composed from the parts when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formatted_address: Option<String>,
    /// Latitude, −90 to 90; together with `longitude`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    /// Longitude, −180 to 180; together with `latitude`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    /// True when the address is only approximate (a city or area).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approximate: Option<bool>,
    /// Directions at the venue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Region path, widest first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<String>>,
}

/// Online fields as sent by staff.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OnlineInput {
    /// Video-conference link, http or https.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conference_url: Option<String>,
    /// Notes for the link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conference_url_notes: Option<String>,
    /// Dial-in number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conference_phone: Option<String>,
    /// Notes for the dial-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conference_phone_notes: Option<String>,
}

/// Group fields as sent by staff.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupInput {
    /// The group's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Notes about the group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Website, http or https.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// Public email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Public phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Venmo handle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venmo: Option<String>,
    /// PayPal handle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paypal: Option<String>,
    /// Square cash tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub square: Option<String>,
}

/// A contact as sent by staff.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactInput {
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Whether the public may see it; false when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public: Option<bool>,
}

impl From<&MeetingData> for MeetingInput {
    /// The input that would produce this meeting (the base a `PATCH` is merged into).
    fn from(m: &MeetingData) -> MeetingInput {
        MeetingInput {
            name: Some(m.name.clone()),
            slug: Some(m.slug.clone()),
            program: Some(m.program.clone()),
            day: Some(i64::from(m.day.index())),
            time: Some(m.time.to_string()),
            end_time: m.end_time.map(|t| t.to_string()),
            timezone: Some(m.timezone.name().to_string()),
            types: Some(m.types.clone()),
            notes: m.notes.clone(),
            status: Some(m.status.as_str().to_string()),
            location: m.location.as_ref().map(|l| LocationInput {
                name: l.name.clone(),
                address: l.address.clone(),
                city: l.city.clone(),
                state: l.state.clone(),
                postal_code: l.postal_code.clone(),
                country: l.country.clone(),
                formatted_address: l.formatted_address.clone(),
                latitude: l.latitude,
                longitude: l.longitude,
                approximate: Some(l.approximate),
                notes: l.notes.clone(),
                regions: Some(l.regions.clone()),
            }),
            online: m.online.as_ref().map(|o| OnlineInput {
                conference_url: o.conference_url.clone(),
                conference_url_notes: o.conference_url_notes.clone(),
                conference_phone: o.conference_phone.clone(),
                conference_phone_notes: o.conference_phone_notes.clone(),
            }),
            temporarily_closed: Some(m.temporarily_closed),
            group: m.group.as_ref().map(|g| GroupInput {
                name: g.name.clone(),
                notes: g.notes.clone(),
                website: g.website.clone(),
                email: g.email.clone(),
                phone: g.phone.clone(),
                venmo: g.venmo.clone(),
                paypal: g.paypal.clone(),
                square: g.square.clone(),
            }),
            contacts: Some(
                m.contacts
                    .iter()
                    .map(|k| ContactInput {
                        name: k.name.clone(),
                        email: k.email.clone(),
                        phone: k.phone.clone(),
                        public: Some(k.public),
                    })
                    .collect(),
            ),
            ..MeetingInput::default()
        }
    }
}
