//! Writing many agency records at once (the demo data, imports): all or nothing.

use std::collections::HashMap;
use std::hash::Hash;

use diesel::prelude::*;
use recovery_domain::Actor;

use super::checks::{Fields, check};
use super::location::Locations;
use super::organization::Organizations;
use super::service::Services;
use super::term::Terms;
use super::write::{Kind, Mode, Written, write_all};
use super::{AgencyBatch, BatchOutcome};
use crate::Store;
use crate::connection::DbConnection;
use crate::error::StoreError;
use crate::repo::changes;
use crate::rows::change::NewChangeRow;
use crate::schema::change_log;

impl Store {
    /// Writes `batch` in ONE transaction: organizations, then terms (broader before narrower),
    /// locations and services; each created when its id is new, replaced when its content
    /// differs (and logged either way), left alone when unchanged. A reference to something
    /// neither stored nor in the batch is `Reference` naming the item (`services[3].categories[0]`),
    /// and nothing at all is written.
    pub fn write_agencies(&self, batch: AgencyBatch, actor: &Actor) -> Result<BatchOutcome, StoreError> {
        self.write(|conn| write_batch(conn, batch, actor))
    }

    /// [`Store::write_agencies`], only when the database holds no organization at all, checked
    /// in the same serialized write (`None` when it holds some): demo data loads once.
    pub fn write_agencies_into_empty(
        &self,
        batch: AgencyBatch,
        actor: &Actor,
    ) -> Result<Option<BatchOutcome>, StoreError> {
        self.write(|conn| {
            let stored: i64 = crate::schema::organizations::table.count().get_result(conn)?;
            if stored > 0 { Ok(None) } else { write_batch(conn, batch, actor).map(Some) }
        })
    }
}

/// Writes `batch` in the caller's transaction.
fn write_batch(conn: &mut DbConnection, batch: AgencyBatch, actor: &Actor) -> Result<BatchOutcome, StoreError> {
    check(conn, &batch, Fields::Positioned)?;
    let AgencyBatch { organizations, locations, terms, services } = batch;
    let organizations = parents_first(organizations, |d| d.parent_organization_id);
    let terms = parents_first(terms, |d| d.parent_id);
    let mut outcome = BatchOutcome::default();
    let mut entries = Vec::new();
    run::<Organizations>(conn, &organizations, actor, &mut outcome, &mut entries)?;
    run::<Terms>(conn, &terms, actor, &mut outcome, &mut entries)?;
    run::<Locations>(conn, &locations, actor, &mut outcome, &mut entries)?;
    run::<Services>(conn, &services, actor, &mut outcome, &mut entries)?;
    if !entries.is_empty() {
        changes::append_all(conn, &entries)?;
        // Writers are serialized, so the newest entry is ours.
        let last: Option<i64> = change_log::table.select(diesel::dsl::max(change_log::seq)).first(conn)?;
        outcome.last_seq = last.unwrap_or(0);
    }
    Ok(outcome)
}

/// Writes one kind's items and adds up what happened.
fn run<K: Kind>(
    conn: &mut DbConnection,
    items: &[(K::Id, K::Data)],
    actor: &Actor,
    outcome: &mut BatchOutcome,
    entries: &mut Vec<NewChangeRow>,
) -> Result<(), StoreError> {
    let Written { entries: mine, created, updated, unchanged, .. } = write_all::<K>(conn, items, Mode::Upsert, actor)?;
    outcome.created += created;
    outcome.updated += updated;
    outcome.unchanged += unchanged;
    entries.extend(mine);
    Ok(())
}

/// `items` reordered so that an item whose parent is also in the batch comes after it (the
/// order is otherwise kept). Cycles were refused by the checks; a walk is bounded regardless.
pub(crate) fn parents_first<I: Copy + Eq + Hash, D>(
    items: Vec<(I, D)>,
    parent: impl Fn(&D) -> Option<I>,
) -> Vec<(I, D)> {
    let parents: HashMap<I, Option<I>> = items.iter().map(|(id, d)| (*id, parent(d))).collect();
    let depth = |id: I| {
        let mut n = 0;
        let mut current = id;
        while let Some(Some(p)) = parents.get(&current) {
            if !parents.contains_key(p) || n > parents.len() {
                break;
            }
            n += 1;
            current = *p;
        }
        n
    };
    let mut keyed: Vec<(usize, (I, D))> = items.into_iter().map(|item| (depth(item.0), item)).collect();
    keyed.sort_by_key(|(d, _)| *d);
    keyed.into_iter().map(|(_, item)| item).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_come_first_and_order_is_otherwise_kept() {
        let items = vec![(3, Some(2)), (1, None), (2, Some(1)), (4, Some(9)), (5, None)];
        let sorted: Vec<i32> = parents_first(items, |p| *p).into_iter().map(|(id, _)| id).collect();
        assert_eq!(sorted, vec![1, 4, 5, 2, 3]);
    }
}
