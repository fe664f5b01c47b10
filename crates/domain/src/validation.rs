//! Turning what staff send into a valid meeting, or saying exactly which fields are wrong.

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::meeting::{Contact, Group, Location, MeetingData, Online, Status};
use crate::schedule::{Day, TimeOfDay, parse_time_zone};
use crate::slug::{MAX_SLUG_LEN, is_valid_slug, slugify};
use crate::vocabulary::Programs;

/// The longest meeting or venue name.
pub const MAX_NAME_LEN: usize = 200;
/// The longest free-text note.
pub const MAX_NOTES_LEN: usize = 5_000;
/// The longest short text field (address parts, handles, phone numbers).
pub const MAX_SHORT_LEN: usize = 200;
/// The longest one-line address, sent or composed from the parts.
pub const MAX_FORMATTED_ADDRESS_LEN: usize = 500;
/// The longest URL.
pub const MAX_URL_LEN: usize = 2_000;
/// At most this many contacts per meeting.
pub const MAX_CONTACTS: usize = 3;
/// At most this many type codes per meeting.
pub const MAX_TYPES: usize = 40;
/// At most this many levels in a region path.
pub const MAX_REGION_DEPTH: usize = 8;

/// One field that failed validation: a path such as `location.latitude` or `contacts[1].email`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's path in the request body.
    pub field: String,
    /// What is wrong with it, for people.
    pub message: String,
}

/// Every field that failed validation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} invalid field(s): {}", .0.len(), .0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "))]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    /// A single error.
    pub fn one(field: impl Into<String>, message: impl Into<String>) -> ValidationErrors {
        ValidationErrors(vec![FieldError { field: field.into(), message: message.into() }])
    }
}

/// A meeting as sent by staff (`POST`/`PUT` body, and the base that `PATCH` merges into).
/// Every field is optional here; validation says which are required.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingInput {
    /// The meeting's name (required, at most 200 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Unique URL-safe name; made from the name when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Program id ("aa", "na"); the configured default program when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    /// Day of the week, 0 = Sunday … 6 = Saturday (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<i64>,
    /// Start time "HH:MM", 24-hour, local to the meeting (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
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

/// What validation needs beyond the input itself.
#[derive(Debug, Clone, Copy)]
pub struct ValidationContext<'a> {
    /// The programs and their vocabularies.
    pub programs: &'a Programs,
    /// The time zone of meetings sent without one.
    pub default_timezone: Tz,
    /// The program of meetings sent without one.
    pub default_program: &'a str,
}

/// A valid meeting, and whether its slug was made from its name (so a clash may be resolved
/// by a suffix instead of refused).
#[derive(Debug, Clone, PartialEq)]
pub struct ValidMeeting {
    /// The validated content.
    pub data: MeetingData,
    /// True when the input had no slug.
    pub slug_generated: bool,
}

/// Collects field errors while reading an input.
struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    fn fail(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.errors.push(FieldError { field: field.into(), message: message.into() });
    }

    /// Trims; empty becomes absent; longer than `max` characters is an error.
    fn text(&mut self, field: &str, value: Option<String>, max: usize) -> Option<String> {
        let trimmed = value?.trim().to_string();
        if trimmed.is_empty() {
            return None;
        }
        if trimmed.chars().count() > max {
            self.fail(field, format!("must be at most {max} characters"));
        }
        if trimmed.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
            self.fail(field, "must not contain control characters");
        }
        Some(trimmed)
    }

    fn url(&mut self, field: &str, value: Option<String>) -> Option<String> {
        let value = self.text(field, value, MAX_URL_LEN)?;
        if !is_http_url(&value) {
            self.fail(field, "must be an http or https URL");
        }
        Some(value)
    }

    fn email(&mut self, field: &str, value: Option<String>) -> Option<String> {
        let value = self.text(field, value, MAX_SHORT_LEN)?;
        if !is_plausible_email(&value) {
            self.fail(field, "must be an email address");
        }
        Some(value)
    }

    fn phone(&mut self, field: &str, value: Option<String>) -> Option<String> {
        let value = self.text(field, value, 50)?;
        let ok = value.chars().any(|c| c.is_ascii_digit())
            && value.chars().all(|c| c.is_ascii_digit() || " +-().,#*/wWpPxX".contains(c));
        if !ok {
            self.fail(field, "must be a phone number (digits, spaces, + - ( ) , # *)");
        }
        Some(value)
    }
}

/// True when `s` is an absolute http or https URL with a host and nothing unsafe in it.
pub fn is_http_url(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let rest = match lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")) {
        Some(rest) => rest,
        None => return false,
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit('@').next().unwrap_or_default();
    !host.is_empty()
        && !host.starts_with(':')
        && s.chars().all(|c| !c.is_whitespace() && !c.is_control() && c != '<' && c != '>' && c != '"')
}

/// A light check: one `@` with text on both sides and a dot in the domain.
pub fn is_plausible_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !s.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// Validates a meeting sent by staff.
pub fn validate_meeting(input: MeetingInput, ctx: &ValidationContext<'_>) -> Result<ValidMeeting, ValidationErrors> {
    let mut c = Checker { errors: Vec::new() };

    let name = c.text("name", input.name, MAX_NAME_LEN);
    if name.is_none() {
        c.fail("name", "is required");
    }
    let name = name.unwrap_or_default();

    let slug_generated = input.slug.as_deref().map(str::trim).is_none_or(str::is_empty);
    let slug = match input.slug.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()) {
        Some(slug) => {
            if !is_valid_slug(&slug) {
                c.fail(
                    "slug",
                    format!("must be lowercase letters and digits joined by single hyphens, at most {MAX_SLUG_LEN} characters"),
                );
            }
            slug
        }
        None => slugify(&name),
    };

    let program_id = input.program.map(|p| p.trim().to_string()).unwrap_or_else(|| ctx.default_program.to_string());
    let program = ctx.programs.get(&program_id);
    if program.is_none() {
        let known: Vec<&str> = ctx.programs.all().iter().map(|p| p.id).collect();
        c.fail("program", format!("unknown program `{program_id}`; known: {}", known.join(", ")));
    }

    let day = match input.day {
        None => {
            c.fail("day", "is required (0 = Sunday … 6 = Saturday)");
            Day::ALL[0]
        }
        Some(n) => match u8::try_from(n).ok().and_then(Day::from_index) {
            Some(day) => day,
            None => {
                c.fail("day", format!("must be 0 (Sunday) to 6 (Saturday), not {n}"));
                Day::ALL[0]
            }
        },
    };

    let mut time_of = |field: &str, value: Option<String>, required: bool| -> Option<TimeOfDay> {
        match value {
            None if required => {
                c.fail(field, "is required (\"HH:MM\", 24-hour)");
                None
            }
            None => None,
            Some(s) => match s.trim().parse::<TimeOfDay>() {
                Ok(t) => Some(t),
                Err(e) => {
                    c.fail(field, format!("{e}, not \"{}\"", s.chars().take(20).collect::<String>()));
                    None
                }
            },
        }
    };
    let time = time_of("time", input.time, true).unwrap_or(TimeOfDay::MIDNIGHT);
    let end_time = time_of("end_time", input.end_time, false);

    let timezone = match input.timezone.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()) {
        None => ctx.default_timezone,
        Some(name) => parse_time_zone(&name).unwrap_or_else(|| {
            c.fail("timezone", format!("unknown IANA time zone `{}`", name.chars().take(60).collect::<String>()));
            ctx.default_timezone
        }),
    };

    let mut types: Vec<String> = Vec::new();
    let raw_types = input.types.unwrap_or_default();
    if raw_types.len() > MAX_TYPES {
        c.fail("types", format!("at most {MAX_TYPES} type codes"));
    }
    for (i, code) in raw_types.into_iter().take(MAX_TYPES).enumerate() {
        let code = code.trim().to_string();
        if let Some(program) = program {
            if program.vocabulary.get(&code).is_none() {
                c.fail(
                    format!("types[{i}]"),
                    format!(
                        "unknown type code `{}` for program `{}`",
                        code.chars().take(20).collect::<String>(),
                        program.id
                    ),
                );
                continue;
            }
        }
        if !types.contains(&code) {
            types.push(code);
        }
    }

    let notes = c.text("notes", input.notes, MAX_NOTES_LEN);

    let status = match input.status {
        None => Status::Published,
        Some(s) => Status::parse(s.trim()).unwrap_or_else(|| {
            c.fail("status", "must be one of draft, published, archived");
            Status::Published
        }),
    };

    let location = input.location.and_then(|l| validate_location(&mut c, l));
    let online = input.online.and_then(|o| {
        let online = Online {
            conference_url: c.url("online.conference_url", o.conference_url),
            conference_url_notes: c.text("online.conference_url_notes", o.conference_url_notes, MAX_NOTES_LEN),
            conference_phone: c.phone("online.conference_phone", o.conference_phone),
            conference_phone_notes: c.text("online.conference_phone_notes", o.conference_phone_notes, MAX_NOTES_LEN),
        };
        (online != Online::default()).then_some(online)
    });
    let group = input.group.and_then(|g| {
        let group = Group {
            name: c.text("group.name", g.name, MAX_NAME_LEN),
            notes: c.text("group.notes", g.notes, MAX_NOTES_LEN),
            website: c.url("group.website", g.website),
            email: c.email("group.email", g.email),
            phone: c.phone("group.phone", g.phone),
            venmo: c.text("group.venmo", g.venmo, MAX_SHORT_LEN),
            paypal: c.text("group.paypal", g.paypal, MAX_SHORT_LEN),
            square: c.text("group.square", g.square, MAX_SHORT_LEN),
        };
        (group != Group::default()).then_some(group)
    });

    let raw_contacts = input.contacts.unwrap_or_default();
    if raw_contacts.len() > MAX_CONTACTS {
        c.fail("contacts", format!("at most {MAX_CONTACTS} contacts"));
    }
    let contacts = raw_contacts
        .into_iter()
        .take(MAX_CONTACTS)
        .enumerate()
        .filter_map(|(i, k)| {
            let contact = Contact {
                name: c.text(&format!("contacts[{i}].name"), k.name, MAX_NAME_LEN),
                email: c.email(&format!("contacts[{i}].email"), k.email),
                phone: c.phone(&format!("contacts[{i}].phone"), k.phone),
                public: k.public.unwrap_or(false),
            };
            (contact.name.is_some() || contact.email.is_some() || contact.phone.is_some()).then_some(contact)
        })
        .collect();

    if !c.errors.is_empty() {
        return Err(ValidationErrors(c.errors));
    }
    Ok(ValidMeeting {
        data: MeetingData {
            name,
            slug,
            program: program_id,
            day,
            time,
            end_time,
            timezone,
            types,
            notes,
            status,
            location,
            online,
            temporarily_closed: input.temporarily_closed.unwrap_or(false),
            group,
            contacts,
        },
        slug_generated,
    })
}

fn validate_location(c: &mut Checker, l: LocationInput) -> Option<Location> {
    let mut location = Location {
        name: c.text("location.name", l.name, MAX_NAME_LEN),
        address: c.text("location.address", l.address, MAX_SHORT_LEN),
        city: c.text("location.city", l.city, MAX_SHORT_LEN),
        state: c.text("location.state", l.state, MAX_SHORT_LEN),
        postal_code: c.text("location.postal_code", l.postal_code, 20),
        country: c.text("location.country", l.country, MAX_SHORT_LEN),
        formatted_address: c.text("location.formatted_address", l.formatted_address, MAX_FORMATTED_ADDRESS_LEN),
        latitude: l.latitude,
        longitude: l.longitude,
        approximate: l.approximate.unwrap_or(false),
        notes: c.text("location.notes", l.notes, MAX_NOTES_LEN),
        regions: Vec::new(),
    };
    match (l.latitude, l.longitude) {
        (Some(lat), Some(lng)) => {
            if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
                c.fail("location.latitude", format!("must be between -90 and 90, not {lat}"));
            }
            if !(lng.is_finite() && (-180.0..=180.0).contains(&lng)) {
                c.fail("location.longitude", format!("must be between -180 and 180, not {lng}"));
            }
        }
        (Some(_), None) => c.fail("location.longitude", "is required when latitude is given"),
        (None, Some(_)) => c.fail("location.latitude", "is required when longitude is given"),
        (None, None) => {}
    }
    let raw_regions = l.regions.unwrap_or_default();
    if raw_regions.len() > MAX_REGION_DEPTH {
        c.fail("location.regions", format!("at most {MAX_REGION_DEPTH} levels"));
    }
    for (i, region) in raw_regions.into_iter().take(MAX_REGION_DEPTH).enumerate() {
        match c.text(&format!("location.regions[{i}]"), Some(region), 100) {
            Some(r) => location.regions.push(r),
            None => c.fail(format!("location.regions[{i}]"), "must not be empty"),
        }
    }
    if location.formatted_address.is_none() {
        location.formatted_address = compose_address(&location);
        // Long parts can make a line the limit refuses: the meeting would be accepted now and
        // refused when read back as the base of its next PATCH.
        if location.formatted_address.as_ref().is_some_and(|a| a.chars().count() > MAX_FORMATTED_ADDRESS_LEN) {
            c.fail(
                "location.formatted_address",
                format!(
                    "made from the address parts it would be over {MAX_FORMATTED_ADDRESS_LEN} characters: send one, or shorter parts"
                ),
            );
        }
    }
    (location != Location::default()).then_some(location)
}

/// "123 Main St, New York, NY 10001, US" from the parts that are present.
fn compose_address(l: &Location) -> Option<String> {
    let state_zip = [l.state.as_deref(), l.postal_code.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let parts: Vec<&str> = [l.address.as_deref(), l.city.as_deref(), Some(state_zip.as_str()), l.country.as_deref()]
        .into_iter()
        .flatten()
        .filter(|p| !p.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
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

#[cfg(test)]
mod tests;
