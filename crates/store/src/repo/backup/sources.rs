//! Import sources in backups: the sources, where each imported listing came from, the runs and
//! the geocoding cache, read for an export and written back on a restore.
//!
//! They are what lets a restored directory follow its sources where it left off: the next
//! sync finds each listing by its source's key, compares the content hash it was last written
//! from and the `updated_at` that sync wrote (`synced_version`), and so sees an unchanged
//! listing as unchanged rather than importing it again. Leases are not carried: they belong to
//! the processes that held them.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use recovery_domain::source::{ImportRun, ListingFlag, Source};
use recovery_domain::{MeetingId, SourceId};
use serde::{Deserialize, Serialize};

use super::Backup;
use crate::connection::{DbConnection, on_backend};
use crate::convert::source::{flags_json, run_from_row, run_row, source_from_row, source_row};
use crate::convert::{from_db_time, from_json, to_db_time};
use crate::error::StoreError;
use crate::repo::INSERT_BATCH;
use crate::rows::source::{GeocodeRow, ProvenanceRow, RunRow, SourceRow};
use crate::schema::{geocode_cache, import_runs, meeting_sources, sources};

/// Where one imported listing came from, as backed up: its provenance row exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupProvenance {
    /// The listing (a meeting in the same backup).
    pub meeting_id: MeetingId,
    /// The source that brought it (a source in the same backup).
    pub source_id: SourceId,
    /// Its identity in that source.
    pub external_key: String,
    /// The hash of the source record it was last written from.
    pub content_hash: String,
    /// When the source last gave it with this content (UTC).
    pub fetched_at: DateTime<Utc>,
    /// The listing's `updated_at` as the last sync wrote it (UTC): when they differ, staff
    /// edited the listing here since.
    pub synced_version: DateTime<Utc>,
    /// When the source said the record last changed (UTC), if it said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_updated_at: Option<DateTime<Utc>>,
    /// Why staff should look at it.
    pub flags: Vec<ListingFlag>,
}

/// One remembered geocoder answer, as backed up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupGeocode {
    /// The normalized query.
    pub query: String,
    /// Latitude (`None` when the geocoder found nothing).
    pub latitude: Option<f64>,
    /// Longitude (`None` when the geocoder found nothing).
    pub longitude: Option<f64>,
    /// True when only the town (or coarser) was found.
    pub approximate: bool,
    /// When the geocoder answered (UTC).
    pub fetched_at: DateTime<Utc>,
}

/// Every source record, each list ordered by id (the cache by query).
pub(super) struct Sources {
    pub sources: Vec<Source>,
    pub provenance: Vec<BackupProvenance>,
    pub import_runs: Vec<ImportRun>,
    pub geocode_cache: Vec<BackupGeocode>,
}

/// Reads every source record (inside the export's snapshot). Sorted here rather than by the
/// database, whose text collation differs between backends.
pub(super) fn load_sources(conn: &mut DbConnection) -> Result<Sources, StoreError> {
    let rows: Vec<SourceRow> = sources::table.select(SourceRow::as_select()).load(conn)?;
    let mut sources = rows.into_iter().map(source_from_row).collect::<Result<Vec<_>, _>>()?;
    sources.sort_unstable_by_key(|s| s.id);
    let rows: Vec<ProvenanceRow> = meeting_sources::table.select(ProvenanceRow::as_select()).load(conn)?;
    let mut provenance = rows.into_iter().map(provenance_from_row).collect::<Result<Vec<_>, _>>()?;
    provenance.sort_unstable_by_key(|p| p.meeting_id);
    let rows: Vec<RunRow> = import_runs::table.select(RunRow::as_select()).load(conn)?;
    let mut import_runs = rows.into_iter().map(run_from_row).collect::<Result<Vec<_>, _>>()?;
    import_runs.sort_unstable_by_key(|r| r.id);
    let rows: Vec<GeocodeRow> = geocode_cache::table.select(GeocodeRow::as_select()).load(conn)?;
    let mut geocode_cache: Vec<BackupGeocode> = rows.into_iter().map(geocode_from_row).collect();
    geocode_cache.sort_unstable_by(|a, b| a.query.cmp(&b.query));
    Ok(Sources { sources, provenance, import_runs, geocode_cache })
}

/// How many sources, provenance rows, import runs and cached geocoder answers are stored.
pub(super) fn stored_sources(conn: &mut DbConnection) -> Result<[i64; 4], StoreError> {
    Ok([
        sources::table.count().get_result(conn)?,
        meeting_sources::table.count().get_result(conn)?,
        import_runs::table.count().get_result(conn)?,
        geocode_cache::table.count().get_result(conn)?,
    ])
}

/// Writes the backup's sources, then the provenance of their listings and their runs (both
/// reference a source; provenance also a meeting, written before), then the geocoding cache.
pub(super) fn insert_sources(conn: &mut DbConnection, backup: &Backup) -> Result<(), StoreError> {
    let rows = backup
        .sources
        .iter()
        .map(|s| source_row(s.id, &s.data, s.created_at, s.updated_at, s.next_sync_at))
        .collect::<Result<Vec<_>, _>>()?;
    for batch in rows.chunks(INSERT_BATCH) {
        on_backend!(conn, c => diesel::insert_into(sources::table).values(batch).execute(c))?;
    }
    let rows = backup.provenance.iter().map(provenance_row).collect::<Result<Vec<_>, _>>()?;
    for batch in rows.chunks(INSERT_BATCH) {
        on_backend!(conn, c => diesel::insert_into(meeting_sources::table).values(batch).execute(c))?;
    }
    let rows = backup.import_runs.iter().map(run_row).collect::<Result<Vec<_>, _>>()?;
    for batch in rows.chunks(INSERT_BATCH) {
        on_backend!(conn, c => diesel::insert_into(import_runs::table).values(batch).execute(c))?;
    }
    let rows: Vec<GeocodeRow> = backup.geocode_cache.iter().map(geocode_row).collect();
    for batch in rows.chunks(INSERT_BATCH) {
        on_backend!(conn, c => diesel::insert_into(geocode_cache::table).values(batch).execute(c))?;
    }
    Ok(())
}

fn provenance_from_row(row: ProvenanceRow) -> Result<BackupProvenance, StoreError> {
    let corrupt = |what: &str, value: &str| {
        StoreError::Corrupt(format!("provenance of meeting `{}`: bad {what} `{value}`", row.meeting_id))
    };
    Ok(BackupProvenance {
        meeting_id: row.meeting_id.parse().map_err(|_| corrupt("meeting_id", &row.meeting_id))?,
        source_id: row.source_id.parse().map_err(|_| corrupt("source_id", &row.source_id))?,
        flags: from_json(&format!("provenance of meeting {} flags", row.meeting_id), &row.flags)?,
        external_key: row.external_key,
        content_hash: row.content_hash,
        fetched_at: from_db_time(row.fetched_at),
        synced_version: from_db_time(row.synced_version),
        source_updated_at: row.source_updated_at.map(from_db_time),
    })
}

fn provenance_row(p: &BackupProvenance) -> Result<ProvenanceRow, StoreError> {
    Ok(ProvenanceRow {
        meeting_id: p.meeting_id.to_string(),
        source_id: p.source_id.to_string(),
        external_key: p.external_key.clone(),
        content_hash: p.content_hash.clone(),
        fetched_at: to_db_time(p.fetched_at),
        synced_version: to_db_time(p.synced_version),
        flags: flags_json(&p.flags)?,
        source_updated_at: p.source_updated_at.map(to_db_time),
    })
}

fn geocode_from_row(row: GeocodeRow) -> BackupGeocode {
    BackupGeocode {
        query: row.query,
        latitude: row.latitude,
        longitude: row.longitude,
        approximate: row.approximate,
        fetched_at: from_db_time(row.fetched_at),
    }
}

fn geocode_row(g: &BackupGeocode) -> GeocodeRow {
    GeocodeRow {
        query: g.query.clone(),
        latitude: g.latitude,
        longitude: g.longitude,
        approximate: g.approximate,
        fetched_at: to_db_time(g.fetched_at),
    }
}

impl Backup {
    /// Source records that cannot be restored as they are: an id (or a listing, a source's
    /// key, a geocoder query) twice, or a reference to a meeting or source the backup lacks.
    pub(super) fn source_problems(&self, problems: &mut Vec<String>) {
        let mut sources = HashSet::new();
        for (i, source) in self.sources.iter().enumerate() {
            if !sources.insert(source.id) {
                problems.push(format!("sources[{i}].id: {} appears twice", source.id));
            }
        }
        let meetings: HashSet<MeetingId> = self.meetings.iter().map(|m| m.id).collect();
        let (mut listings, mut keys) = (HashSet::new(), HashSet::new());
        for (i, p) in self.provenance.iter().enumerate() {
            if !meetings.contains(&p.meeting_id) {
                problems.push(format!("provenance[{i}].meeting_id: {} is not a meeting in the backup", p.meeting_id));
            } else if !listings.insert(p.meeting_id) {
                problems.push(format!("provenance[{i}].meeting_id: {} appears twice", p.meeting_id));
            }
            if !sources.contains(&p.source_id) {
                problems.push(format!("provenance[{i}].source_id: {} is not a source in the backup", p.source_id));
            } else if !keys.insert((p.source_id, p.external_key.as_str())) {
                problems.push(format!(
                    "provenance[{i}].external_key: `{}` appears twice for source {}",
                    p.external_key, p.source_id
                ));
            }
        }
        let mut runs = HashSet::new();
        for (i, run) in self.import_runs.iter().enumerate() {
            if !runs.insert(run.id) {
                problems.push(format!("import_runs[{i}].id: {} appears twice", run.id));
            }
            if let Some(source) = run.source_id.filter(|s| !sources.contains(s)) {
                problems.push(format!("import_runs[{i}].source_id: {source} is not a source in the backup"));
            }
        }
        let mut queries = HashSet::new();
        for (i, answer) in self.geocode_cache.iter().enumerate() {
            if !queries.insert(answer.query.as_str()) {
                problems.push(format!("geocode_cache[{i}].query: `{}` appears twice", answer.query));
            }
        }
    }
}
