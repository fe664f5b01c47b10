//! Creating one meeting.

use diesel::prelude::*;
use recovery_domain::{Actor, Meeting, MeetingData, MeetingId};

use super::slugs::SlugAllocator;
use super::{insert_contacts, meeting_change, prepare};
use crate::Store;
use crate::convert::now;
use crate::error::StoreError;
use crate::repo::changes;
use crate::schema::meetings;

impl Store {
    /// Stores a new meeting and logs it; returns it with the change's `seq`.
    ///
    /// A taken slug is `Conflict { field: "slug" }`, unless `slug_generated` (made from the
    /// name), in which case the first free of `slug-2`, `slug-3`, … is used instead.
    pub fn create_meeting(
        &self,
        mut data: MeetingData,
        slug_generated: bool,
        actor: &Actor,
    ) -> Result<(Meeting, i64), StoreError> {
        self.write(|conn| {
            if slug_generated {
                data.slug = SlugAllocator::default().allocate(conn, &data.slug)?;
            }
            let new = prepare(MeetingId::new(), &data, now())?;
            diesel::insert_into(meetings::table).values(&new.row).execute(conn)?;
            insert_contacts(conn, &new.contacts)?;
            let seq = changes::append(conn, meeting_change("create", actor, None, &new.meeting)?)?;
            Ok((new.meeting, seq))
        })
    }
}
