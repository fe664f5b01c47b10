//! The change log: appending entries inside write transactions, and reading them in order.
//!
//! Readers page by `seq` ("everything after N"). That is exact while writes continue because
//! writers are serialized (see [`crate::transaction`]): a `seq` is taken inside the write
//! transaction, under PostgreSQL's advisory write lock or SQLite's single writer, so entries
//! become visible in `seq` order and a reader that has seen N never later finds a new entry
//! below N. Rolled-back writes leave holes in the numbering; holes are never filled.

mod scrub;

use diesel::prelude::*;
use recovery_domain::MeetingId;

use crate::Store;
use crate::connection::DbConnection;
use crate::connection::on_backend;
use crate::convert::{from_db_time, from_json};
use crate::error::StoreError;
use crate::repo::INSERT_BATCH;
use crate::rows::change::{ChangeRow, NewChangeRow};
use crate::schema::change_log;

pub use recovery_domain::change::Change;

/// What the change log calls a meeting.
pub(crate) const MEETING: &str = recovery_domain::change::MEETING;
/// What the change log calls a staff user.
pub(crate) const USER: &str = recovery_domain::change::USER;

/// A change-log row's `seq`, `before` and `after` as stored (tests only).
#[cfg(feature = "test-support")]
pub type RawChange = (i64, Option<String>, Option<String>);

/// Which entries to read: all, or only those about one kind of entity and/or one entity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeFilter {
    /// Only entries about this kind of entity ("meeting", "user", …).
    pub entity: Option<String>,
    /// Only entries about the entity with this id.
    pub entity_id: Option<String>,
}

impl Store {
    /// Up to `limit` entries with `seq` greater than `after_seq`, oldest first.
    pub fn changes_since(&self, after_seq: i64, limit: i64) -> Result<Vec<Change>, StoreError> {
        self.changes_after(after_seq, &ChangeFilter::default(), limit)
    }

    /// Up to `limit` entries matching `filter` with `seq` greater than `after_seq`, oldest
    /// first. Walking it (passing the last `seq` back) yields every matching entry once, in
    /// commit order, even while others write.
    pub fn changes_after(&self, after_seq: i64, filter: &ChangeFilter, limit: i64) -> Result<Vec<Change>, StoreError> {
        let mut query = change_log::table
            .filter(change_log::seq.gt(after_seq))
            .order(change_log::seq.asc())
            .limit(limit.max(0))
            .select(ChangeRow::as_select())
            .into_boxed();
        if let Some(entity) = &filter.entity {
            query = query.filter(change_log::entity.eq(entity));
        }
        if let Some(id) = &filter.entity_id {
            query = query.filter(change_log::entity_id.eq(id));
        }
        let rows: Vec<ChangeRow> = query.load(&mut *self.conn()?)?;
        rows.into_iter().map(change_from_row).collect()
    }

    /// Up to `limit` of the newest entries, newest first (what staff see as recent changes).
    pub fn recent_changes(&self, limit: i64) -> Result<Vec<Change>, StoreError> {
        let rows: Vec<ChangeRow> = change_log::table
            .order(change_log::seq.desc())
            .limit(limit.max(0))
            .select(ChangeRow::as_select())
            .load(&mut *self.conn()?)?;
        rows.into_iter().map(change_from_row).collect()
    }

    /// Up to `limit` entries about meeting `id` with `seq` below `before_seq` (all when `None`),
    /// newest first: its history, page by page.
    pub fn meeting_history(
        &self,
        id: MeetingId,
        before_seq: Option<i64>,
        limit: i64,
    ) -> Result<Vec<Change>, StoreError> {
        let mut query = change_log::table
            .filter(change_log::entity.eq(MEETING).and(change_log::entity_id.eq(id.to_string())))
            .order(change_log::seq.desc())
            .limit(limit.max(0))
            .select(ChangeRow::as_select())
            .into_boxed();
        if let Some(before) = before_seq {
            query = query.filter(change_log::seq.lt(before));
        }
        let rows: Vec<ChangeRow> = query.load(&mut *self.conn()?)?;
        rows.into_iter().map(change_from_row).collect()
    }

    /// The newest entry's `seq`, or 0 when the log is empty.
    pub fn latest_change_seq(&self) -> Result<i64, StoreError> {
        let seq: Option<i64> = change_log::table.select(diesel::dsl::max(change_log::seq)).first(&mut *self.conn()?)?;
        Ok(seq.unwrap_or(0))
    }

    /// The stored `(seq, before, after)` texts of every entry, by `seq`, exactly as the table
    /// holds them (for tests that check what is really on disk).
    #[cfg(feature = "test-support")]
    pub fn raw_change_log(&self) -> Result<Vec<RawChange>, StoreError> {
        Ok(change_log::table
            .order(change_log::seq.asc())
            .select((change_log::seq, change_log::before, change_log::after))
            .load(&mut *self.conn()?)?)
    }
}

/// Appends one entry and returns its `seq`.
pub(crate) fn append(conn: &mut DbConnection, entry: NewChangeRow) -> Result<i64, StoreError> {
    Ok(diesel::insert_into(change_log::table).values(entry).returning(change_log::seq).get_result(conn)?)
}

/// Appends many entries, in order.
pub(crate) fn append_all(conn: &mut DbConnection, entries: &[NewChangeRow]) -> Result<(), StoreError> {
    for batch in entries.chunks(INSERT_BATCH) {
        on_backend!(conn, c => diesel::insert_into(change_log::table).values(batch).execute(c))?;
    }
    Ok(())
}

/// The newest `seq` about one entity, or 0 when there is none.
pub(crate) fn latest_seq_for(conn: &mut DbConnection, entity: &str, entity_id: &str) -> Result<i64, StoreError> {
    let seq: Option<i64> = change_log::table
        .filter(change_log::entity.eq(entity).and(change_log::entity_id.eq(entity_id)))
        .select(diesel::dsl::max(change_log::seq))
        .first(conn)?;
    Ok(seq.unwrap_or(0))
}

fn change_from_row(row: ChangeRow) -> Result<Change, StoreError> {
    let json = |text: Option<String>| text.map(|t| from_json("change_log", &t)).transpose();
    Ok(Change {
        seq: row.seq,
        entity: row.entity,
        entity_id: row.entity_id,
        action: row.action,
        actor: row.actor,
        at: from_db_time(row.at),
        before: json(row.before)?,
        after: json(row.after)?,
    })
}
