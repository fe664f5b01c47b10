//! Applying a sync plan in one transaction: new listings in batches, changed and vanished
//! ones one statement each, their change-log entries and provenance, and the run's report.
//!
//! Between planning and this transaction staff may have edited a listing the plan updates or
//! archives. Each such listing is checked again here, under the write lock: when its
//! `updated_at` is no longer the `synced_version` the last sync wrote, the edit wins and the
//! item becomes a conflict in the report.

use std::collections::{HashMap, HashSet};

use chrono::SubsecRound;
use diesel::prelude::*;
use recovery_domain::source::{ImportRun, Incoming, ListingFlag, SyncPlan, merge};
use recovery_domain::{Actor, MeetingId, SourceId};
use uuid::Uuid;

use super::SyncApplied;
use super::existing::{Current, archive, load_current, update};
use super::runs::insert_run;
use super::writing::Sync;
use crate::Store;
use crate::connection::{DbConnection, on_backend};
use crate::convert::source::{flags_json, run_row};
use crate::convert::{now, to_db_time};
use crate::error::StoreError;
use crate::repo::INSERT_BATCH;
use crate::repo::meetings::slugs::SlugAllocator;
use crate::repo::meetings::{insert_contacts, meeting_change, prepare};
use crate::rows::change::NewChangeRow;
use crate::rows::source::ProvenanceRow;
use crate::schema::{change_log, meeting_sources, meetings, sources};

impl Store {
    /// Applies `plan` for source `source` and records `run`, all in ONE transaction: creates
    /// (slugs suffixed on collision), updates (slug and id kept), archives, provenance, one
    /// change-log entry per listing written, and the run. Unchanged listings are not touched.
    ///
    /// `NotFound` when the source is gone. Any failure writes nothing at all, run included.
    pub fn apply_sync(
        &self,
        source: SourceId,
        plan: SyncPlan,
        run: ImportRun,
        actor: &Actor,
    ) -> Result<SyncApplied, StoreError> {
        let source_key = source.to_string();
        // Whole microseconds, as both backends store them, so the run returned is the run stored.
        let mut run = run;
        run.started_at = run.started_at.trunc_subsecs(6);
        run.finished_at = run.finished_at.trunc_subsecs(6);
        self.write(|conn| {
            let exists: i64 = sources::table.filter(sources::id.eq(&source_key)).count().get_result(conn)?;
            if exists == 0 {
                return Err(StoreError::NotFound);
            }
            let mut sync = Sync { source: source_key, actor, at: now(), entries: Vec::new(), written: Vec::new(), run };
            let touched: Vec<String> = plan
                .update
                .iter()
                .map(|(old, _)| old.meeting_id.to_string())
                .chain(plan.archive.iter().map(|old| old.meeting_id.to_string()))
                .collect();
            let mut current: HashMap<String, Current> = load_current(conn, &touched)?;
            create(conn, &mut sync, plan.create)?;
            update(conn, &mut sync, plan.update, &mut current)?;
            archive(conn, &mut sync, plan.archive, &mut current)?;
            let seqs = append_entries(conn, &sync.entries)?;
            insert_run(conn, &run_row(&sync.run)?)?;
            let changed = sync
                .written
                .into_iter()
                .map(|meeting| {
                    let seq = seqs.get(&meeting.id.to_string()).copied().ok_or_else(|| {
                        StoreError::Other(format!("no change-log entry was written for meeting {}", meeting.id))
                    })?;
                    Ok((meeting, seq))
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            Ok(SyncApplied { run: sync.run, changed })
        })
    }
}

/// Inserts the new listings, their contacts and provenance, several rows per statement. Every
/// slug goes through one allocator, so a slug taken here or earlier in the batch gets a
/// suffix instead of failing the sync.
fn create(conn: &mut DbConnection, sync: &mut Sync<'_>, records: Vec<Incoming>) -> Result<(), StoreError> {
    let at = to_db_time(sync.at);
    let mut slugs = SlugAllocator::default();
    let mut stored = stored_slugs(conn, records.iter().map(|r| r.data.slug.clone()).collect())?;
    let mut rows = Vec::with_capacity(records.len());
    let mut contacts = Vec::new();
    let mut provenance = Vec::with_capacity(records.len());
    let mut ids: HashMap<String, Uuid> = HashMap::with_capacity(records.len());
    for record in records {
        let mut data = record.data;
        data.status = merge::record_status(data.status);
        // A slug neither stored nor handed out in this sync is free as it is: no query. The
        // allocator asks the database about the others (a range scan per slug).
        if stored.insert(data.slug.clone()) {
            slugs.reserve(&data.slug);
        } else {
            data.slug = slugs.allocate(conn, &data.slug)?;
            stored.insert(data.slug.clone());
        }
        let id = MeetingId::new();
        let new = prepare(id, &data, sync.at)?;
        sync.entries.push(meeting_change("create", sync.actor, None, &new.meeting)?);
        ids.insert(record.external_key.clone(), id.0);
        provenance.push(ProvenanceRow {
            meeting_id: id.to_string(),
            source_id: sync.source.clone(),
            external_key: record.external_key,
            content_hash: record.content_hash,
            fetched_at: at,
            synced_version: at,
            flags: flags_json(&ListingFlag::of(&data))?,
            source_updated_at: record.updated.map(to_db_time),
        });
        rows.push(new.row);
        contacts.extend(new.contacts);
        sync.written.push(new.meeting);
    }
    for batch in rows.chunks(INSERT_BATCH) {
        on_backend!(conn, c => diesel::insert_into(meetings::table).values(batch).execute(c))?;
    }
    insert_contacts(conn, &contacts)?;
    for batch in provenance.chunks(INSERT_BATCH) {
        on_backend!(conn, c => diesel::insert_into(meeting_sources::table).values(batch).execute(c))?;
    }
    // The planner could not know the ids of new listings: name them in the flagged items.
    for item in sync.run.flagged.iter_mut().filter(|item| item.listing_id.is_none()) {
        if let Some(id) = item.key.as_ref().and_then(|key| ids.get(key)) {
            item.listing_id = Some(*id);
        }
    }
    Ok(())
}

/// Which of `slugs` are stored already: one query per [`INSERT_BATCH`] slugs.
fn stored_slugs(conn: &mut DbConnection, mut slugs: Vec<String>) -> Result<HashSet<String>, StoreError> {
    slugs.sort_unstable();
    slugs.dedup();
    let mut stored = HashSet::new();
    for chunk in slugs.chunks(INSERT_BATCH) {
        let found: Vec<String> =
            meetings::table.filter(meetings::slug.eq_any(chunk)).select(meetings::slug).load(conn)?;
        stored.extend(found);
    }
    Ok(stored)
}

/// Appends the entries, several per statement, and returns each one's `seq` by the id of the
/// listing it is about (each listing is written once per sync).
fn append_entries(conn: &mut DbConnection, entries: &[NewChangeRow]) -> Result<HashMap<String, i64>, StoreError> {
    let mut seqs = HashMap::with_capacity(entries.len());
    for batch in entries.chunks(INSERT_BATCH) {
        let got: Vec<(i64, String)> = on_backend!(conn, c => diesel::insert_into(change_log::table)
            .values(batch)
            .returning((change_log::seq, change_log::entity_id))
            .get_results(c))?;
        seqs.extend(got.into_iter().map(|(seq, id)| (id, seq)));
    }
    Ok(seqs)
}
