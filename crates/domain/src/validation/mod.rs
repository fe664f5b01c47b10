//! Turning what staff send into a valid meeting, or saying exactly which fields are wrong.
//!
//! [`input`] holds the shapes staff send, [`meeting`] the rules, and the private `checker`
//! the field-by-field reading that collects every error at once.

mod checker;
pub mod input;
mod meeting;

pub use input::{ContactInput, GroupInput, LocationInput, MeetingInput, OnlineInput};
pub use meeting::validate_meeting;

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

#[cfg(test)]
mod tests;
