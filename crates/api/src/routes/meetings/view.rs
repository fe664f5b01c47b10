//! The JSON shape of a meeting in responses.

use std::sync::Arc;

use chrono::SecondsFormat;
use recovery_domain::index::Hit;
use recovery_domain::{AttendanceOption, Meeting};
use serde::Serialize;
use utoipa::ToSchema;

/// A meeting as the API returns it: its content, its id and times, and what is derived.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingView {
    /// The stored meeting.
    #[serde(flatten)]
    #[schema(value_type = Meeting)]
    pub meeting: Arc<Meeting>,
    /// How a person can attend (derived from location, online fields and closure).
    pub attendance_option: AttendanceOption,
    /// Kilometres from the searched point (searches with `lat`/`lng` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    /// The start being matched, RFC 3339 with the meeting's UTC offset (searches with
    /// `starts_within` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_start: Option<String>,
}

impl MeetingView {
    /// A meeting on its own.
    pub fn of(meeting: Arc<Meeting>) -> MeetingView {
        let attendance_option = meeting.data.attendance_option();
        MeetingView { meeting, attendance_option, distance_km: None, next_start: None }
    }

    /// A search hit.
    pub fn hit(hit: &Hit) -> MeetingView {
        MeetingView {
            distance_km: hit.distance_km.map(|d| (d * 1000.0).round() / 1000.0),
            next_start: hit.next_start.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, false)),
            ..MeetingView::of(hit.meeting.clone())
        }
    }
}
