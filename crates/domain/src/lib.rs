//! The pure core of recovery-directory.
//!
//! Listings (12-step meetings), their weekly schedules in IANA time zones, the type
//! vocabularies of each program, validation of what staff send, and the in-memory search index
//! that answers public searches. Nothing here does I/O or knows about HTTP or databases: the
//! `store` crate persists these types and the `api` crate serves them.

pub mod agency;
pub mod api_key;
pub mod change;
pub mod diff;
pub mod duplicates;
pub mod ids;
pub mod index;
pub mod meeting;
pub mod nearby;
pub mod projection;
pub mod report;
pub mod schedule;
pub mod slug;
pub mod source;
// In this crate's own unit tests always; for other crates' tests behind the feature.
#[cfg(any(test, feature = "test-support"))]
pub mod testing;
pub mod user;
pub mod validation;
pub mod vocabulary;

pub use change::Change;
pub use ids::{LocationId, MeetingId, OrganizationId, ServiceId, TaxonomyId, TermId, UserId};
pub use ids::{ReportId, RunId, SourceId};
pub use index::{Cursor, GeoPoint, Hit, MeetingQuery, QueryError, RegionNode, SearchIndex, SearchPage, StartsWithin};
pub use meeting::{AttendanceOption, Contact, Group, Location, Meeting, MeetingData, Online, Status};
pub use report::{
    ListingKind, NewReport, Report, ReportClosing, ReportInput, ReportReason, ReportStatus, ReportUpdateInput,
    validate_report, validate_report_update,
};
pub use schedule::{Day, TimeOfDay};
pub use user::{Actor, Role, User};
pub use validation::{FieldError, MeetingInput, ValidationContext, ValidationErrors, validate_meeting};
pub use vocabulary::{Program, Programs, TypeDef, Vocabulary};
