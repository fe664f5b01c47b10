//! Inserting many meetings at once (demo data, imports): all or nothing.

use diesel::prelude::*;
use recovery_domain::{Actor, Meeting, MeetingData, MeetingId};

use super::slugs::SlugAllocator;
use super::{insert_contacts, meeting_change, prepare};
use crate::Store;
use crate::connection::DbConnection;
use crate::connection::on_backend;
use crate::convert::now;
use crate::error::StoreError;
use crate::repo::{INSERT_BATCH, changes};
use crate::schema::meetings;

impl Store {
    /// Stores every `(data, slug_generated)` in ONE transaction, with one change-log entry
    /// each, in order; any failure (such as a taken explicit slug) stores none of them.
    ///
    /// Generated slugs are suffixed as in [`Store::create_meeting`], avoiding the stored slugs
    /// and every explicit slug of the batch.
    pub fn insert_meetings(&self, items: Vec<(MeetingData, bool)>, actor: &Actor) -> Result<Vec<Meeting>, StoreError> {
        self.write(|conn| insert_all(conn, items, actor))
    }

    /// [`Store::insert_meetings`], only when the database holds no meeting at all, checked in
    /// the same serialized write: of two servers loading demo data at once, one loads it and the
    /// other finds it there (`None`).
    pub fn insert_meetings_into_empty(
        &self,
        items: Vec<(MeetingData, bool)>,
        actor: &Actor,
    ) -> Result<Option<Vec<Meeting>>, StoreError> {
        self.write(|conn| {
            let stored: i64 = meetings::table.count().get_result(conn)?;
            if stored > 0 { Ok(None) } else { insert_all(conn, items, actor).map(Some) }
        })
    }
}

/// Inserts every `(data, slug_generated)` with its change-log entry, in the caller's transaction.
fn insert_all(
    conn: &mut DbConnection,
    items: Vec<(MeetingData, bool)>,
    actor: &Actor,
) -> Result<Vec<Meeting>, StoreError> {
    let mut slugs = SlugAllocator::default();
    for (data, _) in items.iter().filter(|(_, generated)| !generated) {
        slugs.reserve(&data.slug);
    }
    let at = now();
    let mut rows = Vec::with_capacity(items.len());
    let mut contacts = Vec::new();
    let mut entries = Vec::with_capacity(items.len());
    let mut stored = Vec::with_capacity(items.len());
    for (mut data, generated) in items {
        if generated {
            data.slug = slugs.allocate(conn, &data.slug)?;
        }
        let new = prepare(MeetingId::new(), &data, at)?;
        entries.push(meeting_change("create", actor, None, &new.meeting)?);
        rows.push(new.row);
        contacts.extend(new.contacts);
        stored.push(new.meeting);
    }
    for batch in rows.chunks(INSERT_BATCH) {
        on_backend!(conn, c => diesel::insert_into(meetings::table).values(batch).execute(c))?;
    }
    insert_contacts(conn, &contacts)?;
    changes::append_all(conn, &entries)?;
    Ok(stored)
}
