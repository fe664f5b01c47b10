//! The report every import run leaves: what it found, what it did, what it refused and why.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::SourceKind;
use crate::ids::{RunId, SourceId};

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum RunStatus {
    /// The source was read and its changes applied (or, for a dry run, planned).
    Succeeded,
    /// The source could not be fetched or read, or the write failed; nothing was changed.
    Failed,
}

impl RunStatus {
    /// The status's name on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Succeeded => "succeeded",
            RunStatus::Failed => "failed",
        }
    }

    /// The status named `s`, if any.
    pub fn parse(s: &str) -> Option<RunStatus> {
        [RunStatus::Succeeded, RunStatus::Failed].into_iter().find(|r| r.as_str() == s)
    }
}

/// What started a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum RunTrigger {
    /// `POST /v1/sources/{id}/sync`.
    Api,
    /// The server's scheduler, on the source's interval.
    Schedule,
    /// `recovery-directory import` on the command line.
    Cli,
}

impl RunTrigger {
    /// The trigger's name on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            RunTrigger::Api => "api",
            RunTrigger::Schedule => "schedule",
            RunTrigger::Cli => "cli",
        }
    }

    /// The trigger named `s`, if any.
    pub fn parse(s: &str) -> Option<RunTrigger> {
        [RunTrigger::Api, RunTrigger::Schedule, RunTrigger::Cli].into_iter().find(|r| r.as_str() == s)
    }
}

/// How many records a run saw and what became of them.
///
/// For a meeting source each count is of meetings. For an HSDS source `added`, `updated` and
/// `unchanged` count records of every kind written (organizations, locations, taxonomy terms
/// and services), while `source_records` and `rejected` count services; HSDS sources never
/// archive.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunCounts {
    /// Records in the source document (before a multi-day record is split).
    pub source_records: u64,
    /// Listings created.
    pub added: u64,
    /// Listings changed (or restored after being archived) to match the source.
    pub updated: u64,
    /// Listings already as the source says.
    pub unchanged: u64,
    /// Listings archived because the source no longer has them.
    pub archived: u64,
    /// Records refused, each in `rejected` with its reason.
    pub rejected: u64,
    /// Listings edited here that the source changed or dropped; the local edit was kept.
    pub conflicts: u64,
    /// Listings added or updated that staff should look at (no coordinates, no way to attend,
    /// an online meeting without its link, unpublished in the source), each in `flagged`.
    pub flagged: u64,
}

/// One record a run reports on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunItem {
    /// Its 0-based position in the source (the data row for CSV), when it came from it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<u64>,
    /// Its identity in the source (slug, id), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The listing here it is about, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listing_id: Option<Uuid>,
    /// What happened, for people.
    pub reason: String,
}

/// One import run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRun {
    /// Its id.
    pub id: RunId,
    /// The source it synced (`None` once that source was deleted).
    pub source_id: Option<SourceId>,
    /// The format read.
    pub kind: SourceKind,
    /// Where the data came from: the URL fetched or the file's name.
    pub origin: String,
    /// What started it.
    pub trigger: RunTrigger,
    /// True when nothing was written (the counts say what would have been done).
    pub dry_run: bool,
    /// How it ended.
    pub status: RunStatus,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// When it ended.
    pub finished_at: DateTime<Utc>,
    /// The counts.
    pub counts: RunCounts,
    /// Why it failed, for people (`None` when it succeeded).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Every refused record and why.
    pub rejected: Vec<RunItem>,
    /// Every conflict between the source and a local edit.
    pub conflicts: Vec<RunItem>,
    /// Every flagged listing and why.
    pub flagged: Vec<RunItem>,
    /// What was repaired or ignored in records that were imported.
    pub warnings: Vec<RunItem>,
}
