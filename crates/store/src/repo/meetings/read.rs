//! Reading meetings: one by id or slug, all of them (to build the search index), a count.

use std::collections::HashMap;

use diesel::prelude::*;
use recovery_domain::{Meeting, MeetingId, Status};

use super::{load_contacts, load_rows};
use crate::Store;
use crate::convert::meeting::meeting_from_rows;
use crate::error::StoreError;
use crate::rows::meeting::{ContactRow, MeetingRow};
use crate::schema::{meeting_contacts, meetings};

impl Store {
    /// The meeting `id`.
    pub fn get_meeting(&self, id: MeetingId) -> Result<Meeting, StoreError> {
        self.read(|conn| {
            let (row, contacts) = load_rows(conn, &id.to_string())?;
            meeting_from_rows(row, contacts)
        })
    }

    /// The meeting with this slug.
    pub fn get_meeting_by_slug(&self, slug: &str) -> Result<Meeting, StoreError> {
        self.read(|conn| {
            let row: MeetingRow =
                meetings::table.filter(meetings::slug.eq(slug)).select(MeetingRow::as_select()).first(conn)?;
            let contacts = load_contacts(conn, &row.id)?;
            meeting_from_rows(row, contacts)
        })
    }

    /// Every meeting (with `status`, when given), ordered by id, from one consistent snapshot.
    /// Two queries whatever the count: meetings, then all their contacts, grouped in memory.
    pub fn all_meetings(&self, status: Option<Status>) -> Result<Vec<Meeting>, StoreError> {
        self.read(|conn| {
            let mut query = meetings::table.select(MeetingRow::as_select()).order(meetings::id.asc()).into_boxed();
            if let Some(status) = status {
                query = query.filter(meetings::status.eq(status.as_str()));
            }
            let rows: Vec<MeetingRow> = query.load(conn)?;
            let contact_rows: Vec<ContactRow> = match status {
                None => meeting_contacts::table.select(ContactRow::as_select()).load(conn)?,
                Some(status) => meeting_contacts::table
                    .inner_join(meetings::table)
                    .filter(meetings::status.eq(status.as_str()))
                    .select(ContactRow::as_select())
                    .load(conn)?,
            };
            let mut contacts: HashMap<String, Vec<ContactRow>> = HashMap::with_capacity(rows.len());
            for contact in contact_rows {
                contacts.entry(contact.meeting_id.clone()).or_default().push(contact);
            }
            rows.into_iter()
                .map(|row| {
                    let mut mine = contacts.remove(&row.id).unwrap_or_default();
                    mine.sort_unstable_by_key(|c| c.position);
                    meeting_from_rows(row, mine)
                })
                .collect()
        })
    }

    /// How many meetings are stored, whatever their status.
    pub fn count_meetings(&self) -> Result<i64, StoreError> {
        Ok(meetings::table.count().get_result(&mut *self.conn()?)?)
    }
}
