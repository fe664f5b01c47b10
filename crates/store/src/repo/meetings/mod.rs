//! Meetings: one file per verb, and the pieces they share.

mod archive;
mod bulk;
mod create;
mod read;
pub(crate) mod slugs;
mod update;
mod verify;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use recovery_domain::{Actor, Meeting, MeetingData, MeetingId};

use crate::connection::DbConnection;
use crate::connection::on_backend;
use crate::convert::meeting::{contact_rows, meeting_from_rows, meeting_row};
use crate::convert::{to_db_time, to_json};
use crate::error::StoreError;
use crate::repo::INSERT_BATCH;
use crate::repo::changes::MEETING;
use crate::rows::change::NewChangeRow;
use crate::rows::meeting::{ContactRow, MeetingContent, MeetingRow, NewMeetingRow};
use crate::schema::{meeting_contacts, meetings};

/// A meeting ready to insert: its rows, and the domain value a later read will return.
pub(crate) struct Prepared {
    pub(crate) row: NewMeetingRow,
    pub(crate) contacts: Vec<ContactRow>,
    pub(crate) meeting: Meeting,
}

/// Builds the rows of a new meeting. The returned [`Meeting`] is read back from those rows, so
/// it is exactly what `get_meeting` will answer (empty sections normalized the same way).
pub(crate) fn prepare(id: MeetingId, data: &MeetingData, at: DateTime<Utc>) -> Result<Prepared, StoreError> {
    let content = MeetingContent::from_data(data);
    let contacts = contact_rows(id, &data.contacts);
    let meeting = meeting_from_rows(meeting_row(id, content.clone(), at, at), contacts.clone())?;
    let row = NewMeetingRow {
        id: id.to_string(),
        content,
        created_at: to_db_time(at),
        updated_at: to_db_time(at),
        verified_at: None,
        verified_by: None,
    };
    Ok(Prepared { row, contacts, meeting })
}

/// The stored rows of meeting `id`.
pub(crate) fn load_rows(conn: &mut DbConnection, id: &str) -> Result<(MeetingRow, Vec<ContactRow>), StoreError> {
    let row = meetings::table.find(id).select(MeetingRow::as_select()).first(conn)?;
    let contacts = load_contacts(conn, id)?;
    Ok((row, contacts))
}

/// The contacts of meeting `id`, in order.
fn load_contacts(conn: &mut DbConnection, id: &str) -> Result<Vec<ContactRow>, StoreError> {
    Ok(meeting_contacts::table
        .filter(meeting_contacts::meeting_id.eq(id))
        .order(meeting_contacts::position.asc())
        .select(ContactRow::as_select())
        .load(conn)?)
}

/// Inserts contact rows in batches.
pub(crate) fn insert_contacts(conn: &mut DbConnection, contacts: &[ContactRow]) -> Result<(), StoreError> {
    for batch in contacts.chunks(INSERT_BATCH) {
        on_backend!(conn, c => diesel::insert_into(meeting_contacts::table).values(batch).execute(c))?;
    }
    Ok(())
}

/// The change-log entry of `action` turning `before` into `after`, both as full JSON (private
/// contacts included: the log is for staff), dated when `after` was last updated.
pub(crate) fn meeting_change(
    action: &'static str,
    actor: &Actor,
    before: Option<&Meeting>,
    after: &Meeting,
) -> Result<NewChangeRow, StoreError> {
    Ok(NewChangeRow {
        entity: MEETING,
        entity_id: after.id.to_string(),
        action,
        actor: actor.label(),
        at: to_db_time(after.updated_at),
        before: before.map(to_json).transpose()?,
        after: Some(to_json(after)?),
    })
}
