//! Replacing a meeting's content.

use diesel::prelude::*;
use recovery_domain::{Actor, Meeting, MeetingData, MeetingId};

use super::{insert_contacts, load_rows, meeting_change};
use crate::Store;
use crate::convert::meeting::{contact_rows, meeting_from_rows, meeting_row};
use crate::convert::{now, to_db_time};
use crate::error::StoreError;
use crate::repo::changes::{self, MEETING};
use crate::rows::meeting::{MeetingChangeset, MeetingContent};
use crate::schema::{meeting_contacts, meetings};

impl Store {
    /// Replaces meeting `id`'s content (contacts included), keeps `created_at`, sets
    /// `updated_at` to now and logs the change; returns it with the change's `seq`.
    ///
    /// When `data` is what is stored already nothing is written or logged, and the answer is
    /// the stored meeting with the latest `seq` about it (0 if none).
    pub fn update_meeting(
        &self,
        id: MeetingId,
        data: MeetingData,
        actor: &Actor,
    ) -> Result<(Meeting, i64), StoreError> {
        let key = id.to_string();
        self.write(|conn| {
            let (row, contacts) = load_rows(conn, &key)?;
            let content = MeetingContent::from_data(&data);
            let new_contacts = contact_rows(id, &data.contacts);
            let unchanged = content == row.content && new_contacts == contacts;
            let before = meeting_from_rows(row, contacts)?;
            if unchanged {
                return Ok((before, changes::latest_seq_for(conn, MEETING, &key)?));
            }

            let at = now();
            let after =
                meeting_from_rows(meeting_row(id, content.clone(), before.created_at, at), new_contacts.clone())?;
            // Verification is not content: an edit keeps it.
            let after = Meeting { verified_at: before.verified_at, verified_by: before.verified_by, ..after };
            diesel::update(meetings::table.find(&key))
                .set(MeetingChangeset { content, updated_at: to_db_time(at) })
                .execute(conn)?;
            diesel::delete(meeting_contacts::table.filter(meeting_contacts::meeting_id.eq(&key))).execute(conn)?;
            insert_contacts(conn, &new_contacts)?;
            let seq = changes::append(conn, meeting_change("update", actor, Some(&before), &after)?)?;
            Ok((after, seq))
        })
    }
}
