//! `/v1/locations`.

mod lifecycle;
