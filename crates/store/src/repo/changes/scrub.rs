//! Scrubbing a contact out of a meeting's change-log entries (see
//! [`recovery_domain::change::scrub`] for what is replaced).

use diesel::prelude::*;
use recovery_domain::change::{ContactMatch, SCRUB, ScrubReport};
use recovery_domain::{Actor, Meeting, MeetingId};
use serde_json::Value;

use super::{MEETING, append};
use crate::Store;
use crate::connection::DbConnection;
use crate::convert::meeting::meeting_from_rows;
use crate::convert::{from_json, now, to_db_time, to_json};
use crate::error::StoreError;
use crate::rows::change::{ChangeRow, NewChangeRow};
use crate::rows::meeting::{ContactRow, MeetingRow};
use crate::schema::{change_log, meeting_contacts, meetings};

impl Store {
    /// Replaces the details of every contact matching `target` in all of meeting `id`'s
    /// change-log entries, and logs that as one `scrub` entry (its `before` is
    /// `{"scrub": report}`, its `after` the meeting as it stands), all in one transaction.
    ///
    /// Answers the meeting, what was scrubbed and the new entry's `seq`. When nothing in the
    /// history matched, nothing is written and the `seq` is 0. A meeting that still shows the
    /// contact (a contact record, or its email or phone in another field) is a
    /// `Conflict { field: "contact" }`: remove it with an ordinary update first, or the next
    /// update would log it again.
    pub fn scrub_meeting_contact(
        &self,
        id: MeetingId,
        target: &ContactMatch,
        actor: &Actor,
    ) -> Result<(Meeting, ScrubReport, i64), StoreError> {
        let key = id.to_string();
        self.write(|conn| {
            let meeting = load_meeting(conn, &key)?;
            let mut current = serde_json::to_value(&meeting).map_err(|e| StoreError::Other(e.to_string()))?;
            if !target.scrub(&mut current).is_empty() {
                return Err(StoreError::Conflict {
                    field: "contact".into(),
                    message: "the meeting still shows this contact; remove it with an update first".into(),
                });
            }
            let mut report = ScrubReport { matched_by: target.matched_by(), ..ScrubReport::default() };
            for row in history(conn, &key)? {
                rewrite(conn, row, target, &mut report)?;
            }
            if report.entries == 0 {
                return Ok((meeting, report, 0));
            }
            let entry = NewChangeRow {
                entity: MEETING,
                entity_id: key.clone(),
                action: SCRUB,
                actor: actor.label(),
                at: to_db_time(now()),
                before: Some(to_json(&serde_json::json!({ SCRUB: &report }))?),
                after: Some(to_json(&meeting)?),
            };
            let seq = append(conn, entry)?;
            Ok((meeting, report, seq))
        })
    }
}

/// Meeting `key` as it stands, read inside the scrub's transaction.
fn load_meeting(conn: &mut DbConnection, key: &str) -> Result<Meeting, StoreError> {
    let row = meetings::table.find(key).select(MeetingRow::as_select()).first(conn)?;
    let contacts = meeting_contacts::table
        .filter(meeting_contacts::meeting_id.eq(key))
        .order(meeting_contacts::position.asc())
        .select(ContactRow::as_select())
        .load(conn)?;
    meeting_from_rows(row, contacts)
}

/// Every entry about meeting `key`, oldest first.
fn history(conn: &mut DbConnection, key: &str) -> Result<Vec<ChangeRow>, StoreError> {
    Ok(change_log::table
        .filter(change_log::entity.eq(MEETING).and(change_log::entity_id.eq(key)))
        .order(change_log::seq.asc())
        .select(ChangeRow::as_select())
        .load(conn)?)
}

/// Scrubs one entry's `before` and `after`, writing it back (and counting it) when either changed.
fn rewrite(
    conn: &mut DbConnection,
    row: ChangeRow,
    target: &ContactMatch,
    report: &mut ScrubReport,
) -> Result<(), StoreError> {
    let mut changed = false;
    let mut scrub = |text: Option<String>| -> Result<Option<String>, StoreError> {
        let Some(text) = text else { return Ok(None) };
        let mut doc: Value = from_json("change_log", &text)?;
        let done = target.scrub(&mut doc);
        if done.is_empty() {
            return Ok(Some(text));
        }
        changed = true;
        report.contacts += done.contacts;
        report.mentions += done.mentions;
        Ok(Some(to_json(&doc)?))
    };
    let before = scrub(row.before)?;
    let after = scrub(row.after)?;
    if changed {
        diesel::update(change_log::table.find(row.seq))
            .set((change_log::before.eq(before), change_log::after.eq(after)))
            .execute(conn)?;
        report.entries += 1;
    }
    Ok(())
}
