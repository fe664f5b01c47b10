//! Category terms as a rendered service (or meeting) carries them: each with its taxonomy, and
//! the HSDS `attribute` that files the service under it.

use recovery_domain::TermId;
use recovery_domain::agency::{Taxonomies, Taxonomy, TaxonomyTerm};
use serde_json::{Value, json};
use uuid::Uuid;

use super::render;
use super::value::derived_id;

/// A category term with its taxonomy.
#[derive(Debug, Clone)]
pub struct TermRef {
    /// The term.
    pub term: TaxonomyTerm,
    /// Its taxonomy (the directory's own when the term names none).
    pub taxonomy: Option<Taxonomy>,
}

impl TermRef {
    /// The term `id` with its taxonomy, when the term exists.
    pub fn of(taxonomies: &Taxonomies, id: TermId) -> Option<TermRef> {
        let term = taxonomies.term(id)?.clone();
        let taxonomy = taxonomy_of(taxonomies, &term).cloned();
        Some(TermRef { term, taxonomy })
    }

    /// The HSDS `attribute` linking `owner` (a service) to this term, with a stable id.
    pub fn attribute(&self, owner: Uuid) -> Value {
        json!({
            "id": derived_id(owner, &format!("attribute:{}", self.term.id)),
            "link_id": owner,
            "link_type": "category",
            "link_entity": "service",
            "taxonomy_term_id": self.term.id,
            "taxonomy_term": render::term(&self.term, self.taxonomy.as_ref()),
        })
    }
}

/// The taxonomy a term belongs to: the one it names, or else the directory's own (the first).
pub fn taxonomy_of<'a>(taxonomies: &'a Taxonomies, term: &TaxonomyTerm) -> Option<&'a Taxonomy> {
    match term.data.taxonomy_id {
        Some(id) => taxonomies.taxonomy(id),
        None => taxonomies.taxonomies().next(),
    }
}
