//! Source, run, provenance and geocode rows ⇄ their domain values.
//!
//! A run's counts are integer columns (to sum and sort them in SQL some day); its items are
//! one JSON object in `report`, read and written only whole.

use chrono::{DateTime, Utc};
use recovery_domain::source::{ImportRun, ListingFlag, RunCounts, RunItem, RunStatus, RunTrigger, Source};
use recovery_domain::source::{SourceData, SourceKind};
use recovery_domain::{MeetingId, SourceId};
use serde::{Deserialize, Serialize};

use super::{from_db_time, from_json, to_db_time, to_json};
use crate::error::StoreError;
use crate::repo::sources::{CachedGeocode, Provenance};
use crate::rows::source::{GeocodeRow, ProvenanceRow, RunRow, SourceChangeset, SourceRow};

/// The items of a run, as stored in `import_runs.report`.
#[derive(Debug, Default, Serialize, Deserialize)]
struct RunReport {
    #[serde(default)]
    rejected: Vec<RunItem>,
    #[serde(default)]
    conflicts: Vec<RunItem>,
    #[serde(default)]
    flagged: Vec<RunItem>,
    #[serde(default)]
    warnings: Vec<RunItem>,
}

/// The row storing source `id`.
pub(crate) fn source_row(
    id: SourceId,
    data: &SourceData,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    next_sync_at: Option<DateTime<Utc>>,
) -> Result<SourceRow, StoreError> {
    Ok(SourceRow {
        id: id.to_string(),
        name: data.name.clone(),
        kind: data.kind.as_str().to_string(),
        url: data.url.clone(),
        program: data.program.clone(),
        default_timezone: data.default_timezone.name().to_string(),
        region_prefix: to_json(&data.region_prefix)?,
        interval_minutes: data.interval_minutes.map(|m| i32::try_from(m).unwrap_or(i32::MAX)),
        enabled: data.enabled,
        created_at: to_db_time(created_at),
        updated_at: to_db_time(updated_at),
        next_sync_at: next_sync_at.map(to_db_time),
    })
}

impl SourceRow {
    /// The update that makes a stored row equal to this one (its id and `created_at` aside).
    pub(crate) fn changeset(self) -> SourceChangeset {
        SourceChangeset {
            name: self.name,
            kind: self.kind,
            url: self.url,
            program: self.program,
            default_timezone: self.default_timezone,
            region_prefix: self.region_prefix,
            interval_minutes: self.interval_minutes,
            enabled: self.enabled,
            updated_at: self.updated_at,
            next_sync_at: self.next_sync_at,
        }
    }
}

/// The source stored as `row`.
pub(crate) fn source_from_row(row: SourceRow) -> Result<Source, StoreError> {
    let corrupt = |what: &str, value: &str| StoreError::Corrupt(format!("source `{}`: bad {what} `{value}`", row.id));
    Ok(Source {
        id: row.id.parse().map_err(|_| corrupt("id", &row.id))?,
        data: SourceData {
            kind: SourceKind::parse(&row.kind).ok_or_else(|| corrupt("kind", &row.kind))?,
            default_timezone: row
                .default_timezone
                .parse()
                .map_err(|_| corrupt("default_timezone", &row.default_timezone))?,
            region_prefix: from_json(&format!("source {} region_prefix", row.id), &row.region_prefix)?,
            interval_minutes: match row.interval_minutes {
                Some(m) => Some(u32::try_from(m).map_err(|_| corrupt("interval_minutes", &m.to_string()))?),
                None => None,
            },
            name: row.name,
            url: row.url,
            program: row.program,
            enabled: row.enabled,
        },
        created_at: from_db_time(row.created_at),
        updated_at: from_db_time(row.updated_at),
        next_sync_at: row.next_sync_at.map(from_db_time),
    })
}

/// A count as stored (counts never come near `i64::MAX`).
fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The row storing `run`.
pub(crate) fn run_row(run: &ImportRun) -> Result<RunRow, StoreError> {
    let report = RunReport {
        rejected: run.rejected.clone(),
        conflicts: run.conflicts.clone(),
        flagged: run.flagged.clone(),
        warnings: run.warnings.clone(),
    };
    let c = &run.counts;
    Ok(RunRow {
        id: run.id.to_string(),
        source_id: run.source_id.map(|s| s.to_string()),
        kind: run.kind.as_str().to_string(),
        origin: run.origin.clone(),
        trigger: run.trigger.as_str().to_string(),
        dry_run: run.dry_run,
        status: run.status.as_str().to_string(),
        started_at: to_db_time(run.started_at),
        finished_at: to_db_time(run.finished_at),
        source_records: count(c.source_records),
        added: count(c.added),
        updated: count(c.updated),
        unchanged: count(c.unchanged),
        archived: count(c.archived),
        rejected: count(c.rejected),
        conflicts: count(c.conflicts),
        flagged: count(c.flagged),
        error: run.error.clone(),
        report: to_json(&report)?,
    })
}

/// The run stored as `row`.
pub(crate) fn run_from_row(row: RunRow) -> Result<ImportRun, StoreError> {
    let corrupt =
        |what: &str, value: &str| StoreError::Corrupt(format!("import run `{}`: bad {what} `{value}`", row.id));
    let n = |what: &str, v: i64| u64::try_from(v).map_err(|_| corrupt(what, &v.to_string()));
    let counts = RunCounts {
        source_records: n("source_records", row.source_records)?,
        added: n("added", row.added)?,
        updated: n("updated", row.updated)?,
        unchanged: n("unchanged", row.unchanged)?,
        archived: n("archived", row.archived)?,
        rejected: n("rejected", row.rejected)?,
        conflicts: n("conflicts", row.conflicts)?,
        flagged: n("flagged", row.flagged)?,
    };
    let report: RunReport = from_json(&format!("import run {} report", row.id), &row.report)?;
    Ok(ImportRun {
        id: row.id.parse().map_err(|_| corrupt("id", &row.id))?,
        source_id: match &row.source_id {
            Some(s) => Some(s.parse().map_err(|_| corrupt("source_id", s))?),
            None => None,
        },
        kind: SourceKind::parse(&row.kind).ok_or_else(|| corrupt("kind", &row.kind))?,
        trigger: RunTrigger::parse(&row.trigger).ok_or_else(|| corrupt("trigger", &row.trigger))?,
        status: RunStatus::parse(&row.status).ok_or_else(|| corrupt("status", &row.status))?,
        origin: row.origin,
        dry_run: row.dry_run,
        started_at: from_db_time(row.started_at),
        finished_at: from_db_time(row.finished_at),
        counts,
        error: row.error,
        rejected: report.rejected,
        conflicts: report.conflicts,
        flagged: report.flagged,
        warnings: report.warnings,
    })
}

/// Flags as stored: a JSON array of their names.
pub(crate) fn flags_json(flags: &[ListingFlag]) -> Result<String, StoreError> {
    to_json(flags)
}

/// The provenance stored as `row`; `updated_at` is its meeting's, to tell a local edit.
pub(crate) fn provenance_from_row(
    row: ProvenanceRow,
    updated_at: chrono::NaiveDateTime,
) -> Result<Provenance, StoreError> {
    let corrupt = |what: &str, value: &str| {
        StoreError::Corrupt(format!("provenance of meeting `{}`: bad {what} `{value}`", row.meeting_id))
    };
    let meeting_id: MeetingId = row.meeting_id.parse().map_err(|_| corrupt("meeting_id", &row.meeting_id))?;
    Ok(Provenance {
        meeting_id,
        source_id: row.source_id.parse().map_err(|_| corrupt("source_id", &row.source_id))?,
        flags: from_json(&format!("provenance of meeting {} flags", row.meeting_id), &row.flags)?,
        locally_edited: updated_at != row.synced_version,
        external_key: row.external_key,
        content_hash: row.content_hash,
        fetched_at: from_db_time(row.fetched_at),
    })
}

/// The row remembering `answer` for `query`.
pub(crate) fn geocode_row(query: &str, answer: &CachedGeocode) -> GeocodeRow {
    GeocodeRow {
        query: query.to_string(),
        latitude: answer.point.map(|(lat, _)| lat),
        longitude: answer.point.map(|(_, lon)| lon),
        approximate: answer.approximate,
        fetched_at: to_db_time(answer.fetched_at),
    }
}

/// The answer stored as `row` (a point only when both coordinates are there).
pub(crate) fn geocode_from_row(row: GeocodeRow) -> CachedGeocode {
    CachedGeocode {
        point: row.latitude.zip(row.longitude),
        approximate: row.approximate,
        fetched_at: from_db_time(row.fetched_at),
    }
}
