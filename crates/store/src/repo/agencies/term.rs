//! Taxonomy terms (categories): create, replace, delete.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use recovery_domain::agency::{TAXONOMY_TERM, TaxonomyTerm, TaxonomyTermData};
use recovery_domain::{Actor, TermId};

use super::checks::{Fields, check};
use super::write::{Kind, Mode, delete_one, write_one};
use super::{AgencyBatch, DIRECTORY_TAXONOMY};
use crate::Store;
use crate::connection::{DbConnection, on_backend};
use crate::convert::agency::{term_from_row, term_row};
use crate::error::StoreError;
use crate::repo::INSERT_BATCH;
use crate::rows::agency::{TermContent, TermRow};
use crate::schema::{service_categories, taxonomy_terms};

/// The `taxonomy_terms` table for the generic write path.
pub(super) struct Terms;

impl Kind for Terms {
    type Id = TermId;
    type Data = TaxonomyTermData;
    type Row = TermRow;
    type Entity = TaxonomyTerm;
    const ENTITY: &'static str = TAXONOMY_TERM;

    /// A term without a taxonomy goes into the directory's own.
    fn row(
        id: TermId,
        data: &TaxonomyTermData,
        created_at: DateTime<Utc>,
        updated_at: DateTime<Utc>,
    ) -> Result<TermRow, StoreError> {
        Ok(term_row(id, TermContent::from_data(data, DIRECTORY_TAXONOMY), created_at, updated_at))
    }

    fn created_at(row: &TermRow) -> NaiveDateTime {
        row.created_at
    }

    fn same(stored: &TermRow, new: &TermRow) -> bool {
        stored.content == new.content
    }

    fn entity(row: TermRow) -> Result<TaxonomyTerm, StoreError> {
        term_from_row(row)
    }

    fn load(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<(String, TermRow)>, StoreError> {
        let rows: Vec<TermRow> =
            taxonomy_terms::table.filter(taxonomy_terms::id.eq_any(ids)).select(TermRow::as_select()).load(conn)?;
        Ok(rows.into_iter().map(|r| (r.id.clone(), r)).collect())
    }

    fn insert(conn: &mut DbConnection, rows: &[TermRow]) -> Result<(), StoreError> {
        for batch in rows.chunks(INSERT_BATCH) {
            on_backend!(conn, c => diesel::insert_into(taxonomy_terms::table).values(batch).execute(c))?;
        }
        Ok(())
    }

    fn update(conn: &mut DbConnection, row: TermRow) -> Result<(), StoreError> {
        let id = row.id.clone();
        diesel::update(taxonomy_terms::table.find(id)).set(row.changeset()).execute(conn)?;
        Ok(())
    }

    fn remove(conn: &mut DbConnection, id: &str) -> Result<(), StoreError> {
        diesel::delete(taxonomy_terms::table.find(id)).execute(conn)?;
        Ok(())
    }
}

impl Store {
    /// Stores a new taxonomy term and logs it; returns it with the change's `seq`. Without a
    /// `taxonomy_id` it joins the directory's own taxonomy (and reads back naming it).
    ///
    /// A taken id is `Conflict { field: "id" }`, a taken code `Conflict { field: "code" }`; a
    /// `parent_id` that is not stored, is the term itself or would make a cycle, or a
    /// `taxonomy_id` that is not stored, is `Reference`.
    pub fn create_taxonomy_term(
        &self,
        id: TermId,
        data: TaxonomyTermData,
        actor: &Actor,
    ) -> Result<(TaxonomyTerm, i64), StoreError> {
        let batch = AgencyBatch { terms: vec![(id, data)], ..AgencyBatch::default() };
        self.write(|conn| {
            check(conn, &batch, Fields::Plain)?;
            write_one::<Terms>(conn, &batch.terms[0], Mode::Create, actor)
        })
    }

    /// Replaces term `id`'s content (as [`Store::update_organization`] does).
    pub fn update_taxonomy_term(
        &self,
        id: TermId,
        data: TaxonomyTermData,
        actor: &Actor,
    ) -> Result<(TaxonomyTerm, i64), StoreError> {
        let batch = AgencyBatch { terms: vec![(id, data)], ..AgencyBatch::default() };
        self.write(|conn| {
            check(conn, &batch, Fields::Plain)?;
            write_one::<Terms>(conn, &batch.terms[0], Mode::Update, actor)
        })
    }

    /// Deletes term `id` and logs it; returns the change's `seq`. Refused with
    /// `Conflict { field: "id" }` while a service uses it or it has narrower terms.
    pub fn delete_taxonomy_term(&self, id: TermId, actor: &Actor) -> Result<i64, StoreError> {
        self.write(|conn| {
            delete_one::<Terms>(conn, id, actor, |conn, key| {
                let used: i64 =
                    service_categories::table.filter(service_categories::term_id.eq(key)).count().get_result(conn)?;
                if used > 0 {
                    return Ok(Some("services still use this category"));
                }
                let children: i64 =
                    taxonomy_terms::table.filter(taxonomy_terms::parent_id.eq(key)).count().get_result(conn)?;
                Ok((children > 0).then_some("the term still has narrower terms"))
            })
        })
    }
}
