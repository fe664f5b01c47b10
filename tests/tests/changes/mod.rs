//! `/v1/changes`: the staff audit trail and the public sync feed.

mod list;
