//! Problem reports: a member of the public telling staff that a listing is wrong (the time, the
//! address, the online link, or that it no longer meets), and staff closing the report.
//!
//! A reporter may leave an email so staff can ask back. That email is private: only staff read
//! it, it is never copied into the change log, and it is erased after a retention period.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ids::{ReportId, UserId};
use crate::validation::{FieldError, ValidationErrors, is_plausible_email};

/// The longest report message or staff note, in characters.
pub const MAX_REPORT_TEXT_LEN: usize = 2_000;
/// The longest reporter email, in characters (the longest an address can be).
pub const MAX_REPORT_EMAIL_LEN: usize = 254;

/// What kind of listing a report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ListingKind {
    /// A 12-step meeting.
    Meeting,
    /// An agency's service (not listed yet: reports about services are refused for now).
    Service,
}

impl ListingKind {
    /// The wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            ListingKind::Meeting => "meeting",
            ListingKind::Service => "service",
        }
    }

    /// Reads a wire or storage name.
    pub fn parse(s: &str) -> Option<ListingKind> {
        match s {
            "meeting" => Some(ListingKind::Meeting),
            "service" => Some(ListingKind::Service),
            _ => None,
        }
    }
}

/// What the reporter says is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ReportReason {
    /// The day or time is wrong.
    WrongTime,
    /// The address or venue is wrong.
    WrongAddress,
    /// It no longer meets (or the service closed).
    Closed,
    /// The video-conference link or dial-in does not work.
    OnlineLinkBroken,
    /// Something else; the message says what.
    Other,
}

impl ReportReason {
    /// Every reason, in a fixed order.
    pub const ALL: [ReportReason; 5] = [
        ReportReason::WrongTime,
        ReportReason::WrongAddress,
        ReportReason::Closed,
        ReportReason::OnlineLinkBroken,
        ReportReason::Other,
    ];

    /// The wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportReason::WrongTime => "wrong_time",
            ReportReason::WrongAddress => "wrong_address",
            ReportReason::Closed => "closed",
            ReportReason::OnlineLinkBroken => "online_link_broken",
            ReportReason::Other => "other",
        }
    }

    /// Reads a wire or storage name.
    pub fn parse(s: &str) -> Option<ReportReason> {
        ReportReason::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// Where a report is in the staff queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ReportStatus {
    /// Waiting for staff.
    Open,
    /// Staff fixed the listing (or found it right after all and said so).
    Resolved,
    /// Staff decided there was nothing to do.
    Dismissed,
}

impl ReportStatus {
    /// The wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportStatus::Open => "open",
            ReportStatus::Resolved => "resolved",
            ReportStatus::Dismissed => "dismissed",
        }
    }

    /// Reads a wire or storage name.
    pub fn parse(s: &str) -> Option<ReportStatus> {
        match s {
            "open" => Some(ReportStatus::Open),
            "resolved" => Some(ReportStatus::Resolved),
            "dismissed" => Some(ReportStatus::Dismissed),
            _ => None,
        }
    }
}

/// A stored problem report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    /// The report's id.
    pub id: ReportId,
    /// What kind of listing it is about.
    pub listing_kind: ListingKind,
    /// The listing's id.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub listing_id: Uuid,
    /// What is wrong.
    pub reason: ReportReason,
    /// The reporter's words.
    pub message: String,
    /// The reporter's email, if they left one (staff only; erased after the retention period).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_email: Option<String>,
    /// Open, resolved or dismissed.
    pub status: ReportStatus,
    /// Staff's note on closing it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The change-log `seq` of the change that fixed the listing, when resolved with one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_seq: Option<i64>,
    /// When it was sent (UTC).
    pub created_at: DateTime<Utc>,
    /// When staff last resolved or dismissed it (UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<DateTime<Utc>>,
    /// Who resolved or dismissed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Uuid))]
    pub closed_by: Option<UserId>,
}

/// A problem report as the public sends it (`POST /v1/reports`). Every field is optional
/// here so that validation can name each one that is missing or wrong.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportInput {
    /// `meeting` or `service`.
    #[cfg_attr(feature = "openapi", schema(value_type = ListingKind, required = true, example = "meeting"))]
    #[serde(default)]
    pub listing_kind: Option<String>,
    /// The id of a published listing.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid, required = true))]
    #[serde(default)]
    pub listing_id: Option<String>,
    /// `wrong_time`, `wrong_address`, `closed`, `online_link_broken` or `other`.
    #[cfg_attr(feature = "openapi", schema(value_type = ReportReason, required = true, example = "wrong_time"))]
    #[serde(default)]
    pub reason: Option<String>,
    /// What is wrong, in the reporter's words (at most 2,000 characters, not only spaces).
    #[cfg_attr(
        feature = "openapi",
        schema(value_type = String, required = true, min_length = 1, max_length = 2000, pattern = r"\S")
    )]
    #[serde(default)]
    pub message: Option<String>,
    /// An email staff may write back to (optional; private, and erased after a while).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Email, max_length = 254))]
    #[serde(default)]
    pub contact_email: Option<String>,
}

/// A validated report, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReport {
    /// What kind of listing.
    pub listing_kind: ListingKind,
    /// The listing's id (whether it exists is for the caller to check).
    pub listing_id: Uuid,
    /// What is wrong.
    pub reason: ReportReason,
    /// The reporter's words, trimmed.
    pub message: String,
    /// The reporter's email, trimmed.
    pub contact_email: Option<String>,
}

/// How staff close a report (`PATCH /v1/reports/{id}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportUpdateInput {
    /// `resolved` or `dismissed` (required).
    #[cfg_attr(feature = "openapi", schema(example = "resolved"))]
    #[serde(default)]
    pub status: Option<String>,
    /// A note for other staff (at most 2,000 characters); replaces any earlier note.
    #[serde(default)]
    pub note: Option<String>,
    /// The change-log `seq` of the change that fixed the listing (resolved reports only).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub change_seq: Option<i64>,
}

/// A validated way of closing a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportClosing {
    /// Resolved or dismissed, never open.
    pub status: ReportStatus,
    /// Staff's note, trimmed.
    pub note: Option<String>,
    /// The fixing change (whether it exists is for the caller to check).
    pub change_seq: Option<i64>,
}

/// Validates a report sent by the public. The listing's existence is not checked here.
pub fn validate_report(input: ReportInput) -> Result<NewReport, ValidationErrors> {
    let mut errors = Vec::new();
    let mut fail = |field: &str, message: String| errors.push(FieldError { field: field.to_string(), message });

    let listing_kind = match input.listing_kind.as_deref().map(str::trim) {
        None | Some("") => {
            fail("listing_kind", "is required: `meeting` or `service`".into());
            None
        }
        Some(kind) => {
            let parsed = ListingKind::parse(kind);
            if parsed.is_none() {
                fail("listing_kind", "must be `meeting` or `service`".into());
            }
            parsed
        }
    };
    let listing_id = match input.listing_id.as_deref().map(str::trim) {
        None | Some("") => {
            fail("listing_id", "is required".into());
            None
        }
        Some(id) => {
            let parsed = Uuid::parse_str(id).ok();
            if parsed.is_none() {
                fail("listing_id", "is not the id of a published listing".into());
            }
            parsed
        }
    };
    let reason = match input.reason.as_deref().map(str::trim) {
        None | Some("") => {
            fail("reason", format!("is required: one of {}", reason_names()));
            None
        }
        Some(reason) => {
            let parsed = ReportReason::parse(reason);
            if parsed.is_none() {
                fail("reason", format!("must be one of {}", reason_names()));
            }
            parsed
        }
    };
    let message = match text(input.message, MAX_REPORT_TEXT_LEN) {
        Ok(Some(message)) => Some(message),
        Ok(None) => {
            fail("message", "is required: say what is wrong".into());
            None
        }
        Err(problem) => {
            fail("message", problem);
            None
        }
    };
    let contact_email = match text(input.contact_email, MAX_REPORT_EMAIL_LEN) {
        Ok(Some(email)) if !is_plausible_email(&email) => {
            fail("contact_email", "must be an email address".into());
            None
        }
        Ok(email) => email,
        Err(problem) => {
            fail("contact_email", problem);
            None
        }
    };

    match (listing_kind, listing_id, reason, message) {
        (Some(listing_kind), Some(listing_id), Some(reason), Some(message)) if errors.is_empty() => {
            Ok(NewReport { listing_kind, listing_id, reason, message, contact_email })
        }
        _ => Err(ValidationErrors(errors)),
    }
}

/// Validates how staff close a report. Whether `change_seq` exists is not checked here.
pub fn validate_report_update(input: ReportUpdateInput) -> Result<ReportClosing, ValidationErrors> {
    let mut errors = Vec::new();
    let mut fail = |field: &str, message: &str| {
        errors.push(FieldError { field: field.to_string(), message: message.to_string() });
    };
    let status = match input.status.as_deref().map(str::trim).map(ReportStatus::parse) {
        Some(Some(status @ (ReportStatus::Resolved | ReportStatus::Dismissed))) => Some(status),
        None => {
            fail("status", "is required: `resolved` or `dismissed`");
            None
        }
        Some(_) => {
            fail("status", "must be `resolved` or `dismissed`");
            None
        }
    };
    let note = match text(input.note, MAX_REPORT_TEXT_LEN) {
        Ok(note) => note,
        Err(problem) => {
            fail("note", &problem);
            None
        }
    };
    if let Some(seq) = input.change_seq {
        if seq <= 0 {
            fail("change_seq", "must be the seq of a change-log entry (a positive number)");
        } else if status == Some(ReportStatus::Dismissed) {
            fail("change_seq", "only a resolved report names the change that fixed it");
        }
    }
    match status {
        Some(status) if errors.is_empty() => Ok(ReportClosing { status, note, change_seq: input.change_seq }),
        _ => Err(ValidationErrors(errors)),
    }
}

/// Trims free text; empty becomes absent. Too long, or carrying control characters other than
/// line breaks and tabs, is a problem.
fn text(value: Option<String>, max: usize) -> Result<Option<String>, String> {
    let Some(value) = value else { return Ok(None) };
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    if trimmed.chars().count() > max {
        return Err(format!("must be at most {max} characters"));
    }
    if trimmed.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err("must not contain control characters".to_string());
    }
    Ok(Some(trimmed.to_string()))
}

fn reason_names() -> String {
    ReportReason::ALL.iter().map(|r| format!("`{}`", r.as_str())).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests;
