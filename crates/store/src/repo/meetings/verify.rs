//! Verifying a meeting: staff confirm it is still right, without changing it.

use diesel::prelude::*;
use recovery_domain::{Actor, Meeting, MeetingId, UserId};

use super::load_rows;
use crate::Store;
use crate::convert::meeting::meeting_from_rows;
use crate::convert::{now, to_db_time, to_json};
use crate::error::StoreError;
use crate::repo::changes::{self, MEETING};
use crate::rows::change::NewChangeRow;
use crate::schema::meetings;

impl Store {
    /// Records that `by` confirmed meeting `id` just now (`verified_at`, `verified_by`) and logs
    /// it as action `verify`, dated then; returns it with the change's `seq`. The content and
    /// `updated_at` stay as they are. Every status may be verified; each call is a new entry.
    pub fn verify_meeting(&self, id: MeetingId, by: UserId) -> Result<(Meeting, i64), StoreError> {
        let key = id.to_string();
        self.write(|conn| {
            let (row, contacts) = load_rows(conn, &key)?;
            let before = meeting_from_rows(row, contacts)?;
            let at = now();
            let after = Meeting { verified_at: Some(at), verified_by: Some(by), ..before.clone() };
            diesel::update(meetings::table.find(&key))
                .set((meetings::verified_at.eq(Some(to_db_time(at))), meetings::verified_by.eq(Some(by.to_string()))))
                .execute(conn)?;
            let entry = NewChangeRow {
                entity: MEETING,
                entity_id: key.clone(),
                action: "verify",
                actor: Actor::User(by).label(),
                at: to_db_time(at),
                before: Some(to_json(&before)?),
                after: Some(to_json(&after)?),
            };
            let seq = changes::append(conn, entry)?;
            Ok((after, seq))
        })
    }
}
