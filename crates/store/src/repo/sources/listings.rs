//! What a source brought: its listings as a sync plans against them, one listing's
//! provenance, and the flagged listings staff should look at.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use recovery_domain::source::Existing;
use recovery_domain::{MeetingId, SourceId, Status};

use super::{FlaggedListing, Provenance};
use crate::Store;
use crate::convert::source::provenance_from_row;
use crate::error::StoreError;
use crate::rows::source::ProvenanceRow;
use crate::schema::{meeting_sources, meetings};

impl Store {
    /// Every listing source `id` imported, as a sync plans against them: one query, the
    /// provenance joined with each listing's status and `updated_at`.
    pub fn source_listings(&self, id: SourceId) -> Result<Vec<Existing>, StoreError> {
        type Listing = (String, String, String, NaiveDateTime, String, NaiveDateTime);
        let rows: Vec<Listing> = meeting_sources::table
            .inner_join(meetings::table)
            .filter(meeting_sources::source_id.eq(id.to_string()))
            .select((
                meeting_sources::meeting_id,
                meeting_sources::external_key,
                meeting_sources::content_hash,
                meeting_sources::synced_version,
                meetings::status,
                meetings::updated_at,
            ))
            .load(&mut *self.conn()?)?;
        rows.into_iter()
            .map(|(meeting_id, external_key, content_hash, synced_version, status, updated_at)| {
                let corrupt = |what: &str, value: &str| {
                    StoreError::Corrupt(format!("listing `{meeting_id}` of source {id}: bad {what} `{value}`"))
                };
                Ok(Existing {
                    meeting_id: meeting_id.parse().map_err(|_| corrupt("id", &meeting_id))?,
                    status: Status::parse(&status).ok_or_else(|| corrupt("status", &status))?,
                    locally_edited: updated_at != synced_version,
                    external_key,
                    content_hash,
                })
            })
            .collect()
    }

    /// Where listing `id` came from, if it was imported.
    pub fn meeting_provenance(&self, id: MeetingId) -> Result<Option<Provenance>, StoreError> {
        let row: Option<(ProvenanceRow, NaiveDateTime)> = meeting_sources::table
            .inner_join(meetings::table)
            .filter(meeting_sources::meeting_id.eq(id.to_string()))
            .select((ProvenanceRow::as_select(), meetings::updated_at))
            .first(&mut *self.conn()?)
            .optional()?;
        row.map(|(row, updated_at)| provenance_from_row(row, updated_at)).transpose()
    }

    /// Every imported listing with a flag, by name; archived listings are left out (nobody
    /// sees them, so there is nothing to fix).
    pub fn flagged_listings(&self) -> Result<Vec<FlaggedListing>, StoreError> {
        let rows: Vec<(ProvenanceRow, NaiveDateTime, String, String)> = meeting_sources::table
            .inner_join(meetings::table)
            .filter(meeting_sources::flags.ne("[]"))
            .filter(meetings::status.ne(Status::Archived.as_str()))
            .order((meetings::name.asc(), meetings::id.asc()))
            .select((ProvenanceRow::as_select(), meetings::updated_at, meetings::slug, meetings::name))
            .load(&mut *self.conn()?)?;
        rows.into_iter()
            .map(|(row, updated_at, slug, name)| {
                Ok(FlaggedListing { provenance: provenance_from_row(row, updated_at)?, slug, name })
            })
            .collect()
    }
}

impl Store {
    /// For every imported listing staff have not edited since its last sync, when its source
    /// says the record last changed (where the source says): what feeds give as `updated`.
    pub fn source_update_times(
        &self,
    ) -> Result<std::collections::HashMap<MeetingId, chrono::DateTime<chrono::Utc>>, StoreError> {
        let rows: Vec<(String, Option<NaiveDateTime>)> = meeting_sources::table
            .inner_join(meetings::table)
            .filter(meeting_sources::source_updated_at.is_not_null())
            .filter(meetings::updated_at.eq(meeting_sources::synced_version))
            .select((meeting_sources::meeting_id, meeting_sources::source_updated_at))
            .load(&mut *self.conn()?)?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, at)| Some((id.parse().ok()?, crate::convert::from_db_time(at?))))
            .collect())
    }
}
