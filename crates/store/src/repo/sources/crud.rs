//! Registering, changing, deleting and finding sources, and their schedule.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use recovery_domain::source::{SOURCE, Source, SourceData, SourceKind};
use recovery_domain::{Actor, SourceId};

use crate::Store;
use crate::connection::DbConnection;
use crate::convert::source::{source_from_row, source_row};
use crate::convert::{now, to_db_time, to_json};
use crate::error::StoreError;
use crate::repo::changes;
use crate::rows::change::NewChangeRow;
use crate::rows::source::SourceRow;
use crate::schema::{import_runs, meeting_sources, sources};

impl Store {
    /// Registers a source (one change-log entry, entity `source`). A source with an interval
    /// is due at once, so the scheduler syncs it on its next tick.
    pub fn create_source(&self, data: SourceData, actor: &Actor) -> Result<Source, StoreError> {
        self.write(|conn| {
            let at = now();
            let next = data.interval_minutes.map(|_| at);
            let row = source_row(SourceId::new(), &data, at, at, next)?;
            diesel::insert_into(sources::table).values(&row).execute(conn)?;
            let source = source_from_row(row)?;
            changes::append(conn, source_change("create", actor, None, Some(&source), at)?)?;
            Ok(source)
        })
    }

    /// Replaces source `id`'s settings (one change-log entry); an interval change reschedules it.
    ///
    /// A changed interval or URL makes the source due at once (or unscheduled, with no
    /// interval). Settings equal to the stored ones write and log nothing.
    pub fn update_source(&self, id: SourceId, data: SourceData, actor: &Actor) -> Result<Source, StoreError> {
        self.write(|conn| {
            let before = source_from_row(load(conn, id)?)?;
            if before.data == data {
                return Ok(before);
            }
            let at = now();
            let reschedule = before.data.interval_minutes != data.interval_minutes || before.data.url != data.url;
            let next = match data.interval_minutes {
                None => None,
                Some(_) if reschedule => Some(at),
                Some(_) => before.next_sync_at,
            };
            let row = source_row(id, &data, before.created_at, at, next)?;
            diesel::update(sources::table.find(id.to_string())).set(row.clone().changeset()).execute(conn)?;
            let after = source_from_row(row)?;
            changes::append(conn, source_change("update", actor, Some(&before), Some(&after), at)?)?;
            Ok(after)
        })
    }

    /// Deletes source `id` and the provenance of its listings (the listings stay, as staff's
    /// own now); its runs stay with no source. One change-log entry.
    pub fn delete_source(&self, id: SourceId, actor: &Actor) -> Result<(), StoreError> {
        let key = id.to_string();
        self.write(|conn| {
            let before = source_from_row(load(conn, id)?)?;
            diesel::delete(meeting_sources::table.filter(meeting_sources::source_id.eq(&key))).execute(conn)?;
            diesel::update(import_runs::table.filter(import_runs::source_id.eq(&key)))
                .set(import_runs::source_id.eq(None::<String>))
                .execute(conn)?;
            diesel::delete(sources::table.find(&key)).execute(conn)?;
            changes::append(conn, source_change("delete", actor, Some(&before), None, now())?)?;
            Ok(())
        })
    }

    /// Source `id`, or `NotFound`.
    pub fn get_source(&self, id: SourceId) -> Result<Source, StoreError> {
        source_from_row(load(&mut *self.conn()?, id)?)
    }

    /// Every source, by name.
    pub fn list_sources(&self) -> Result<Vec<Source>, StoreError> {
        let rows: Vec<SourceRow> = sources::table
            .order((sources::name.asc(), sources::id.asc()))
            .select(SourceRow::as_select())
            .load(&mut *self.conn()?)?;
        rows.into_iter().map(source_from_row).collect()
    }

    /// The source of `kind` whose URL is `origin`, or, for a file-fed source, whose name is.
    /// When several match, the oldest.
    pub fn find_source(&self, kind: SourceKind, origin: &str) -> Result<Option<Source>, StoreError> {
        let row: Option<SourceRow> = sources::table
            .filter(sources::kind.eq(kind.as_str()))
            .filter(sources::url.eq(origin).or(sources::url.is_null().and(sources::name.eq(origin))))
            .order((sources::created_at.asc(), sources::id.asc()))
            .select(SourceRow::as_select())
            .first(&mut *self.conn()?)
            .optional()?;
        row.map(source_from_row).transpose()
    }

    /// The enabled sources with a URL and an interval whose next sync is due at `now` (or was
    /// never scheduled), those waiting longest first.
    pub fn due_sources(&self, now: DateTime<Utc>) -> Result<Vec<Source>, StoreError> {
        let rows: Vec<SourceRow> = sources::table
            .filter(sources::enabled.eq(true))
            .filter(sources::url.is_not_null())
            .filter(sources::interval_minutes.is_not_null())
            .filter(sources::next_sync_at.is_null().or(sources::next_sync_at.le(to_db_time(now))))
            .order((sources::created_at.asc(), sources::id.asc()))
            .select(SourceRow::as_select())
            .load(&mut *self.conn()?)?;
        rows.into_iter().map(source_from_row).collect()
    }

    /// Sets when the scheduler runs source `id` next (no change-log entry: not content).
    pub fn set_next_sync(&self, id: SourceId, at: Option<DateTime<Utc>>) -> Result<(), StoreError> {
        let n = diesel::update(sources::table.find(id.to_string()))
            .set(sources::next_sync_at.eq(at.map(to_db_time)))
            .execute(&mut *self.conn()?)?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}

/// The stored row of source `id`, or `NotFound`.
fn load(conn: &mut DbConnection, id: SourceId) -> Result<SourceRow, StoreError> {
    Ok(sources::table.find(id.to_string()).select(SourceRow::as_select()).first(conn)?)
}

/// The change-log entry of `action` on a source.
fn source_change(
    action: &'static str,
    actor: &Actor,
    before: Option<&Source>,
    after: Option<&Source>,
    at: DateTime<Utc>,
) -> Result<NewChangeRow, StoreError> {
    let id = after.or(before).map(|s| s.id.to_string()).unwrap_or_default();
    Ok(NewChangeRow {
        entity: SOURCE,
        entity_id: id,
        action,
        actor: actor.label(),
        at: to_db_time(at),
        before: before.map(to_json).transpose()?,
        after: after.map(to_json).transpose()?,
    })
}
