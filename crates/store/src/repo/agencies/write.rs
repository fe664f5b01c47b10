//! The one way agencies are written, shared by single writes and batches: each item is
//! created, replaced or left alone, its change-log entry prepared, and rows written in bulk.

use std::collections::HashMap;
use std::fmt::Display;

use chrono::{DateTime, NaiveDateTime, Utc};
use recovery_domain::Actor;
use serde::Serialize;

use crate::connection::DbConnection;
use crate::convert::{from_db_time, now, to_db_time, to_json};
use crate::error::StoreError;
use crate::repo::changes;
use crate::rows::change::NewChangeRow;

/// Most ids per `IN (…)` lookup: well under either backend's bound-parameter limit.
pub(super) const LOOKUP_BATCH: usize = 1_000;

/// One kind of agency record (organization, location, service, taxonomy term) as the generic
/// write path needs it: its row, its domain value, and the statements that store it.
pub(super) trait Kind {
    /// Its id type.
    type Id: Copy + Display;
    /// What staff write.
    type Data;
    /// The stored row (also the insert form).
    type Row: Clone;
    /// The domain value read back.
    type Entity: Serialize;
    /// What the change log calls it.
    const ENTITY: &'static str;

    /// The row storing `data` as `id`.
    fn row(
        id: Self::Id,
        data: &Self::Data,
        created_at: DateTime<Utc>,
        updated_at: DateTime<Utc>,
    ) -> Result<Self::Row, StoreError>;
    /// When a stored row was created.
    fn created_at(row: &Self::Row) -> NaiveDateTime;
    /// True when `new` holds the same content as `stored`.
    fn same(stored: &Self::Row, new: &Self::Row) -> bool;
    /// The domain value of a row.
    fn entity(row: Self::Row) -> Result<Self::Entity, StoreError>;
    /// The stored rows among `ids` (at most [`LOOKUP_BATCH`] of them).
    fn load(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<(String, Self::Row)>, StoreError>;
    /// Inserts rows, in order, several per statement.
    fn insert(conn: &mut DbConnection, rows: &[Self::Row]) -> Result<(), StoreError>;
    /// Replaces a stored row's content (its id and `created_at` stay).
    fn update(conn: &mut DbConnection, row: Self::Row) -> Result<(), StoreError>;
    /// Deletes the row `id`.
    fn remove(conn: &mut DbConnection, id: &str) -> Result<(), StoreError>;
    /// Rewrites what hangs off the rows just written (`replaced`: the ids of those updated).
    fn relink(
        conn: &mut DbConnection,
        written: &[(Self::Id, &Self::Data)],
        replaced: &[String],
    ) -> Result<(), StoreError> {
        let _ = (conn, written, replaced);
        Ok(())
    }
}

/// What a write may do with each item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// Only create: an id already stored is `Conflict { field: "id" }`.
    Create,
    /// Only replace: an id not stored is `NotFound`.
    Update,
    /// Create or replace, whichever applies.
    Upsert,
}

/// What [`write_all`] did.
pub(super) struct Written<E> {
    /// The values now stored, in the order given.
    pub entities: Vec<E>,
    /// One change-log entry per item created or replaced, in the order given.
    pub entries: Vec<NewChangeRow>,
    /// How many were created.
    pub created: usize,
    /// How many were replaced.
    pub updated: usize,
    /// How many were already as given.
    pub unchanged: usize,
}

/// Writes `items` (their references already checked) and prepares their change-log entries;
/// appending those is the caller's business. Items whose content is what is stored are left
/// alone and get no entry.
pub(super) fn write_all<K: Kind>(
    conn: &mut DbConnection,
    items: &[(K::Id, K::Data)],
    mode: Mode,
    actor: &Actor,
) -> Result<Written<K::Entity>, StoreError> {
    let keys: Vec<String> = items.iter().map(|(id, _)| id.to_string()).collect();
    let mut stored: HashMap<String, K::Row> = HashMap::with_capacity(items.len());
    for chunk in keys.chunks(LOOKUP_BATCH) {
        stored.extend(K::load(conn, chunk)?);
    }
    let at = now();
    let mut written = Written {
        entities: Vec::with_capacity(items.len()),
        entries: Vec::new(),
        created: 0,
        updated: 0,
        unchanged: 0,
    };
    let (mut creates, mut updates, mut linked, mut replaced) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for ((id, data), key) in items.iter().zip(keys) {
        match stored.remove(&key) {
            None if mode == Mode::Update => return Err(StoreError::NotFound),
            None => {
                let row = K::row(*id, data, at, at)?;
                let entity = K::entity(row.clone())?;
                written.entries.push(entry::<K>(key, "create", actor, at, None, Some(&entity))?);
                written.entities.push(entity);
                written.created += 1;
                creates.push(row);
                linked.push((*id, data));
            }
            Some(_) if mode == Mode::Create => return Err(StoreError::conflict("id")),
            Some(old) => {
                let row = K::row(*id, data, from_db_time(K::created_at(&old)), at)?;
                if K::same(&old, &row) {
                    written.entities.push(K::entity(old)?);
                    written.unchanged += 1;
                    continue;
                }
                let before = K::entity(old)?;
                let after = K::entity(row.clone())?;
                written.entries.push(entry::<K>(key.clone(), "update", actor, at, Some(&before), Some(&after))?);
                written.entities.push(after);
                written.updated += 1;
                updates.push(row);
                linked.push((*id, data));
                replaced.push(key);
            }
        }
    }
    K::insert(conn, &creates)?;
    for row in updates {
        K::update(conn, row)?;
    }
    K::relink(conn, &linked, &replaced)?;
    Ok(written)
}

/// Writes one item, logs it, and answers with the value stored and the `seq` of its entry
/// (when nothing changed: the latest `seq` about it, 0 if none).
pub(super) fn write_one<K: Kind>(
    conn: &mut DbConnection,
    item: &(K::Id, K::Data),
    mode: Mode,
    actor: &Actor,
) -> Result<(K::Entity, i64), StoreError> {
    let id = item.0;
    let Written { entities, entries, .. } = write_all::<K>(conn, std::slice::from_ref(item), mode, actor)?;
    let entity = entities.into_iter().next().ok_or_else(|| StoreError::Other("nothing written".to_string()))?;
    let seq = match entries.into_iter().next() {
        Some(entry) => changes::append(conn, entry)?,
        None => changes::latest_seq_for(conn, K::ENTITY, &id.to_string())?,
    };
    Ok((entity, seq))
}

/// Deletes `id` and logs it with its last content; `in_use` says why it may not go (a
/// `Conflict { field: "id" }`), given the connection and the id.
pub(super) fn delete_one<K: Kind>(
    conn: &mut DbConnection,
    id: K::Id,
    actor: &Actor,
    in_use: impl FnOnce(&mut DbConnection, &str) -> Result<Option<&'static str>, StoreError>,
) -> Result<i64, StoreError> {
    let key = id.to_string();
    let (_, row) = K::load(conn, std::slice::from_ref(&key))?.into_iter().next().ok_or(StoreError::NotFound)?;
    if let Some(reason) = in_use(conn, &key)? {
        return Err(StoreError::Conflict { field: "id".to_string(), message: reason.to_string() });
    }
    let before = K::entity(row)?;
    K::remove(conn, &key)?;
    changes::append(conn, entry::<K>(key, "delete", actor, now(), Some(&before), None)?)
}

/// The change-log entry of `action` on `id`, with the full JSON of the values before and after.
fn entry<K: Kind>(
    id: String,
    action: &'static str,
    actor: &Actor,
    at: DateTime<Utc>,
    before: Option<&K::Entity>,
    after: Option<&K::Entity>,
) -> Result<NewChangeRow, StoreError> {
    Ok(NewChangeRow {
        entity: K::ENTITY,
        entity_id: id,
        action,
        actor: actor.label(),
        at: to_db_time(at),
        before: before.map(to_json).transpose()?,
        after: after.map(to_json).transpose()?,
    })
}
