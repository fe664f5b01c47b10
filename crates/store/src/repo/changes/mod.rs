//! The change log: appending entries inside write transactions, and reading them in order.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::Store;
use crate::connection::DbConnection;
use crate::connection::on_backend;
use crate::convert::{from_db_time, from_json};
use crate::error::StoreError;
use crate::repo::INSERT_BATCH;
use crate::rows::change::{ChangeRow, NewChangeRow};
use crate::schema::change_log;

/// What the change log calls a meeting.
pub(crate) const MEETING: &str = "meeting";
/// What the change log calls a staff user.
pub(crate) const USER: &str = "user";

/// One entry of the change log.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Change {
    /// Position in the log; strictly increasing in commit order.
    pub seq: i64,
    /// What kind of thing changed ("meeting", "user").
    pub entity: String,
    /// Its id.
    pub entity_id: String,
    /// "create", "update", "archive" or "delete".
    pub action: String,
    /// Who: a user id, or `system:<what>`.
    pub actor: String,
    /// When (UTC).
    pub at: DateTime<Utc>,
    /// The whole entity before the change (absent for a create).
    pub before: Option<serde_json::Value>,
    /// The whole entity after the change (absent for a delete).
    pub after: Option<serde_json::Value>,
}

impl Store {
    /// Up to `limit` entries with `seq` greater than `after_seq`, oldest first.
    pub fn changes_since(&self, after_seq: i64, limit: i64) -> Result<Vec<Change>, StoreError> {
        let rows: Vec<ChangeRow> = change_log::table
            .filter(change_log::seq.gt(after_seq))
            .order(change_log::seq.asc())
            .limit(limit.max(0))
            .select(ChangeRow::as_select())
            .load(&mut *self.conn()?)?;
        rows.into_iter().map(change_from_row).collect()
    }

    /// The newest entry's `seq`, or 0 when the log is empty.
    pub fn latest_change_seq(&self) -> Result<i64, StoreError> {
        let seq: Option<i64> = change_log::table.select(diesel::dsl::max(change_log::seq)).first(&mut *self.conn()?)?;
        Ok(seq.unwrap_or(0))
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
