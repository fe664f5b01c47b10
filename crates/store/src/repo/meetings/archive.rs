//! Archiving a meeting: withdrawn from the public, kept for history.

use diesel::prelude::*;
use recovery_domain::{Actor, Meeting, MeetingId, Status};

use super::{load_rows, meeting_change};
use crate::Store;
use crate::convert::meeting::meeting_from_rows;
use crate::convert::{now, to_db_time};
use crate::error::StoreError;
use crate::repo::changes::{self, MEETING};
use crate::schema::meetings;

impl Store {
    /// Sets meeting `id`'s status to archived and logs it; returns it with the change's `seq`.
    /// Archiving an archived meeting changes nothing and returns the latest `seq` about it.
    pub fn archive_meeting(&self, id: MeetingId, actor: &Actor) -> Result<(Meeting, i64), StoreError> {
        let key = id.to_string();
        self.write(|conn| {
            let (row, contacts) = load_rows(conn, &key)?;
            let before = meeting_from_rows(row, contacts)?;
            if before.data.status == Status::Archived {
                return Ok((before, changes::latest_seq_for(conn, MEETING, &key)?));
            }
            let mut after = before.clone();
            after.data.status = Status::Archived;
            after.updated_at = now();
            diesel::update(meetings::table.find(&key))
                .set((
                    meetings::status.eq(Status::Archived.as_str()),
                    meetings::updated_at.eq(to_db_time(after.updated_at)),
                ))
                .execute(conn)?;
            let seq = changes::append(conn, meeting_change("archive", actor, Some(&before), &after)?)?;
            Ok((after, seq))
        })
    }
}
