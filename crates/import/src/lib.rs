//! Reading the feeds meetings already live in, as untrusted bytes, into meeting inputs.
//!
//! Each format module (`meeting_guide`, `tsml_csv`, `bmlt`) turns one source document into a
//! [`Parsed`]: every source record ends up either as an [`ImportedMeeting`] (already checked by
//! [`recovery_domain::validate_meeting`], so a sync can store it as is) or as a [`Rejection`]
//! with its reason and position, never silently dropped, plus [`Warning`]s for what was
//! repaired or ignored. A document that cannot be read at all is a [`FormatError`].
//!
//! Each record carries a stable external key so a sync can match it across runs, and
//! [`content_hash`] tells it whether a record changed.
//!
//! The crate also runs meeting-source syncs end to end: [`fetch`] gets a feed over HTTP(S)
//! with timeouts, a size cap and (for staff-registered URLs) no reach into private networks;
//! [`geocode`] fills in coordinates from a Nominatim-compatible server, cached in the store;
//! [`sync`] ties them together ([`sync::Importer::run`]: fetch, read, plan, geocode, apply in
//! one store transaction, report), and [`hsds`] reads the agency directories' HSDS 3.0 services
//! the same way. The format modules themselves stay pure; scheduling runs belongs to the
//! application layer.

pub mod bmlt;
mod build;
mod clock;
pub mod fetch;
pub mod geocode;
mod hash;
pub mod hsds;
mod json;
pub mod meeting_guide;
mod record;
pub mod sync;
mod text;
pub mod tsml_csv;
mod types;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use recovery_domain::MeetingInput;
use recovery_domain::vocabulary::Programs;

pub use clock::{parse_day, parse_time};
pub use hash::content_hash;
pub use text::strip_html;

/// What a source says about the records it does not say themselves.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportOptions {
    /// Program id of every record ("aa", "na"); its vocabulary maps the type codes.
    pub program: String,
    /// The time zone of records that name none.
    pub default_timezone: Tz,
    /// Region levels put in front of every record's own regions (widest first).
    pub region_prefix: Vec<String>,
}

impl ImportOptions {
    /// Options for `program` in `default_timezone`, with no region prefix.
    pub fn new(program: impl Into<String>, default_timezone: Tz) -> ImportOptions {
        ImportOptions { program: program.into(), default_timezone, region_prefix: Vec::new() }
    }
}

/// The outcome of reading one source document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    /// How many records the source holds (before a multi-day record is split).
    pub source_records: usize,
    /// The valid records, in source order.
    pub records: Vec<ImportedMeeting>,
    /// The records that could not be imported, with why.
    pub rejected: Vec<Rejection>,
    /// What was repaired, dropped or ignored in records that may still have been imported.
    pub warnings: Vec<Warning>,
}

/// One valid meeting read from a source.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedMeeting {
    /// The record's identity in its source, stable across runs: the feed's slug (with
    /// "-d{day}" when a multi-day record is split), the BMLT `id_bigint`, or, for a CSV row
    /// without a slug, its name, day and time.
    pub external_key: String,
    /// The 0-based index of the record in the source (the data row for CSV).
    pub position: usize,
    /// The meeting, normalized and known to pass `validate_meeting` with these options.
    pub input: MeetingInput,
    /// True when the source says the address is only approximate.
    pub approximate: bool,
    /// When the source says the record last changed.
    pub updated: Option<DateTime<Utc>>,
}

/// A source record that was not imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// The 0-based index of the record in the source.
    pub position: usize,
    /// Its external key, when it has one.
    pub key: Option<String>,
    /// Why, for people (field errors joined by "; ").
    pub reason: String,
}

/// Something repaired or ignored in a source record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The 0-based index of the record in the source.
    pub position: usize,
    /// Its external key, when it has one.
    pub key: Option<String>,
    /// What happened, for people.
    pub message: String,
}

/// Why a whole source document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    /// The body is empty.
    #[error("the {format} source is empty")]
    Empty {
        /// The format expected.
        format: &'static str,
    },
    /// The body is an HTML page (a login, error or bot-challenge page) instead of data.
    #[error("expected {format} but the source is an HTML page (an error, login or challenge page?)")]
    Html {
        /// The format expected.
        format: &'static str,
    },
    /// The body is not valid JSON.
    #[error("the {format} source is not valid JSON: {message}")]
    Json {
        /// The format expected.
        format: &'static str,
        /// The parser's message, with line and column.
        message: String,
    },
    /// The JSON is valid but not shaped like the format.
    #[error("the {format} source is not shaped as expected: {message}")]
    Shape {
        /// The format expected.
        format: &'static str,
        /// What was found instead.
        message: String,
    },
    /// The CSV could not be read, or lacks a required column.
    #[error("the CSV source cannot be read: {0}")]
    Csv(String),
    /// The options name a program the directory does not know.
    #[error("unknown program `{0}`")]
    UnknownProgram(String),
}

/// The programs and the check every record passes, shared by the format modules.
pub(crate) fn program_checked(opts: &ImportOptions) -> Result<&'static recovery_domain::Program, FormatError> {
    Programs::builtin().get(opts.program.trim()).ok_or_else(|| FormatError::UnknownProgram(opts.program.clone()))
}
