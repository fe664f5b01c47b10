//! The part of a sync that rewrites listings it brought before: updates (restores included)
//! and archives, each checked again against a local edit made since the plan.

use std::collections::HashMap;

use diesel::prelude::*;
use recovery_domain::Status;
use recovery_domain::source::{Existing, Incoming, ListingFlag, merge};

use super::writing::Sync;
use crate::connection::DbConnection;
use crate::convert::meeting::{contact_rows, meeting_from_rows, meeting_row};
use crate::convert::source::flags_json;
use crate::convert::{from_db_time, to_db_time};
use crate::error::StoreError;
use crate::repo::meetings::{insert_contacts, meeting_change};
use crate::rows::meeting::{ContactRow, MeetingChangeset, MeetingContent, MeetingRow};
use crate::rows::source::ProvenanceRow;
use crate::schema::{meeting_contacts, meeting_sources, meetings};

/// Most ids per `IN (…)` list: well under either backend's bound-parameter limit.
const LOOKUP_BATCH: usize = 1_000;

/// A listing as stored now, with its provenance.
pub(super) struct Current {
    row: MeetingRow,
    contacts: Vec<ContactRow>,
    provenance: ProvenanceRow,
}

impl Current {
    /// True when the last sync of `source` wrote it and nobody changed it since.
    fn untouched_since_sync(&self, source: &str) -> bool {
        merge::untouched_since_sync(
            source,
            &self.provenance.source_id,
            from_db_time(self.provenance.synced_version),
            from_db_time(self.row.updated_at),
        )
    }
}

/// The listings `ids` that are stored with a provenance, by id: three queries per
/// [`LOOKUP_BATCH`] ids (meetings, contacts, provenance).
pub(super) fn load_current(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, Current>, StoreError> {
    let mut current = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(LOOKUP_BATCH) {
        let rows: Vec<MeetingRow> =
            meetings::table.filter(meetings::id.eq_any(chunk)).select(MeetingRow::as_select()).load(conn)?;
        let contact_rows: Vec<ContactRow> = meeting_contacts::table
            .filter(meeting_contacts::meeting_id.eq_any(chunk))
            .order((meeting_contacts::meeting_id.asc(), meeting_contacts::position.asc()))
            .select(ContactRow::as_select())
            .load(conn)?;
        let provenance: Vec<ProvenanceRow> = meeting_sources::table
            .filter(meeting_sources::meeting_id.eq_any(chunk))
            .select(ProvenanceRow::as_select())
            .load(conn)?;
        let mut contacts: HashMap<String, Vec<ContactRow>> = HashMap::new();
        for contact in contact_rows {
            contacts.entry(contact.meeting_id.clone()).or_default().push(contact);
        }
        let mut provenance: HashMap<String, ProvenanceRow> =
            provenance.into_iter().map(|p| (p.meeting_id.clone(), p)).collect();
        for row in rows {
            if let Some(provenance) = provenance.remove(&row.id) {
                let contacts = contacts.remove(&row.id).unwrap_or_default();
                current.insert(row.id.clone(), Current { row, contacts, provenance });
            }
        }
    }
    Ok(current)
}

/// Rewrites each listing from its changed record (status published: a listing archived by an
/// earlier sync comes back), keeping its id, slug, `created_at` and verification.
pub(super) fn update(
    conn: &mut DbConnection,
    sync: &mut Sync<'_>,
    items: Vec<(Existing, Incoming)>,
    current: &mut HashMap<String, Current>,
) -> Result<(), StoreError> {
    let at = to_db_time(sync.at);
    let mut replaced: Vec<String> = Vec::new();
    let mut new_contacts: Vec<ContactRow> = Vec::new();
    for (old, record) in items {
        let key = old.meeting_id.to_string();
        let Some(cur) = current.remove(&key).filter(|c| c.untouched_since_sync(&sync.source)) else {
            sync.run.counts.updated = sync.run.counts.updated.saturating_sub(1);
            sync.conflict(old.meeting_id, old.external_key, Some(record.position));
            continue;
        };
        let data = merge::record_content(record.data, cur.row.content.slug.clone());
        let content = MeetingContent::from_data(&data);
        let contacts = contact_rows(old.meeting_id, &data.contacts);
        let flags = flags_json(&ListingFlag::of(&data))?;
        let provenance = meeting_sources::table.find(&key);
        if content == cur.row.content && contacts == cur.contacts {
            // The record changed only in what a listing does not keep: remember its new hash,
            // and report the listing as unchanged, since it is.
            diesel::update(provenance)
                .set((
                    meeting_sources::content_hash.eq(record.content_hash),
                    meeting_sources::fetched_at.eq(at),
                    meeting_sources::flags.eq(flags),
                ))
                .execute(conn)?;
            let counts = &mut sync.run.counts;
            counts.updated = counts.updated.saturating_sub(1);
            counts.unchanged += 1;
            continue;
        }
        let before = meeting_from_rows(cur.row, cur.contacts)?;
        let after = meeting_from_rows(
            meeting_row(old.meeting_id, content.clone(), before.created_at, sync.at),
            contacts.clone(),
        )?;
        let after = merge::keep_verification(&before, after);
        diesel::update(meetings::table.find(&key)).set(MeetingChangeset { content, updated_at: at }).execute(conn)?;
        diesel::update(provenance)
            .set((
                meeting_sources::content_hash.eq(record.content_hash),
                meeting_sources::fetched_at.eq(at),
                meeting_sources::synced_version.eq(at),
                meeting_sources::flags.eq(flags),
                meeting_sources::source_updated_at.eq(record.updated.map(to_db_time)),
            ))
            .execute(conn)?;
        sync.entries.push(meeting_change("update", sync.actor, Some(&before), &after)?);
        sync.written.push(after);
        replaced.push(key);
        new_contacts.extend(contacts);
    }
    for chunk in replaced.chunks(LOOKUP_BATCH) {
        diesel::delete(meeting_contacts::table.filter(meeting_contacts::meeting_id.eq_any(chunk))).execute(conn)?;
    }
    insert_contacts(conn, &new_contacts)
}

/// Archives each listing whose record is gone from the source, as staff archiving does.
pub(super) fn archive(
    conn: &mut DbConnection,
    sync: &mut Sync<'_>,
    items: Vec<Existing>,
    current: &mut HashMap<String, Current>,
) -> Result<(), StoreError> {
    let at = to_db_time(sync.at);
    for old in items {
        let key = old.meeting_id.to_string();
        let Some(cur) = current.remove(&key).filter(|c| c.untouched_since_sync(&sync.source)) else {
            sync.run.counts.archived = sync.run.counts.archived.saturating_sub(1);
            sync.conflict(old.meeting_id, old.external_key, None);
            continue;
        };
        let before = meeting_from_rows(cur.row, cur.contacts)?;
        if before.data.status == Status::Archived {
            let counts = &mut sync.run.counts;
            counts.archived = counts.archived.saturating_sub(1);
            counts.unchanged += 1;
            continue;
        }
        let mut after = before.clone();
        after.data.status = Status::Archived;
        after.updated_at = sync.at;
        diesel::update(meetings::table.find(&key))
            .set((meetings::status.eq(Status::Archived.as_str()), meetings::updated_at.eq(at)))
            .execute(conn)?;
        diesel::update(meeting_sources::table.find(&key)).set(meeting_sources::synced_version.eq(at)).execute(conn)?;
        sync.entries.push(meeting_change("archive", sync.actor, Some(&before), &after)?);
        sync.written.push(after);
    }
    Ok(())
}
