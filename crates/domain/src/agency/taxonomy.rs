//! Categories: taxonomies and their hierarchical terms (HSDS `taxonomy`, `taxonomy_term`).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{TaxonomyId, TermId};

/// A category vocabulary (HSDS `taxonomy`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Taxonomy {
    /// Its id.
    pub id: TaxonomyId,
    /// Its name.
    pub name: String,
    /// What it is.
    pub description: String,
    /// Where it is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Its version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// What staff write about a taxonomy term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaxonomyTermData {
    /// A short unique code ("housing-sober-living"): lowercase letters, digits and hyphens.
    pub code: String,
    /// Its name ("Transitional and sober living").
    pub name: String,
    /// What it covers.
    pub description: String,
    /// The broader term it belongs under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<TermId>,
    /// The taxonomy it belongs to (the directory's own when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taxonomy_id: Option<TaxonomyId>,
    /// The language of `name` and `description` (ISO 639, "en").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// A URI identifying the term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_uri: Option<String>,
}

/// A stored taxonomy term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaxonomyTerm {
    /// Its id.
    pub id: TermId,
    /// The content.
    #[serde(flatten)]
    pub data: TaxonomyTermData,
    /// When it was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When its content last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

/// Every taxonomy and term, with the hierarchy at hand: a category search includes the
/// descendants of the term asked for.
#[derive(Debug, Clone, Default)]
pub struct Taxonomies {
    taxonomies: BTreeMap<TaxonomyId, Taxonomy>,
    terms: BTreeMap<TermId, TaxonomyTerm>,
    by_code: HashMap<String, TermId>,
    children: HashMap<TermId, Vec<TermId>>,
}

impl Taxonomies {
    /// A set of taxonomies and terms.
    pub fn new(taxonomies: impl IntoIterator<Item = Taxonomy>, terms: impl IntoIterator<Item = TaxonomyTerm>) -> Self {
        let mut this =
            Taxonomies { taxonomies: taxonomies.into_iter().map(|t| (t.id, t)).collect(), ..Default::default() };
        for term in terms {
            this.terms.insert(term.id, term);
        }
        this.reindex();
        this
    }

    fn reindex(&mut self) {
        self.by_code = self.terms.values().map(|t| (t.data.code.clone(), t.id)).collect();
        self.children.clear();
        for term in self.terms.values() {
            if let Some(parent) = term.data.parent_id {
                self.children.entry(parent).or_default().push(term.id);
            }
        }
    }

    /// Adds or replaces a term.
    pub fn upsert_term(&mut self, term: TaxonomyTerm) {
        self.terms.insert(term.id, term);
        self.reindex();
    }

    /// Removes a term.
    pub fn remove_term(&mut self, id: TermId) {
        self.terms.remove(&id);
        self.reindex();
    }

    /// Every taxonomy, by id.
    pub fn taxonomies(&self) -> impl Iterator<Item = &Taxonomy> {
        self.taxonomies.values()
    }

    /// One taxonomy.
    pub fn taxonomy(&self, id: TaxonomyId) -> Option<&Taxonomy> {
        self.taxonomies.get(&id)
    }

    /// Every term, by id.
    pub fn terms(&self) -> impl Iterator<Item = &TaxonomyTerm> {
        self.terms.values()
    }

    /// One term.
    pub fn term(&self, id: TermId) -> Option<&TaxonomyTerm> {
        self.terms.get(&id)
    }

    /// A term named by its id or its code.
    pub fn resolve(&self, id_or_code: &str) -> Option<&TaxonomyTerm> {
        match id_or_code.parse::<TermId>() {
            Ok(id) => self.terms.get(&id),
            Err(_) => self.by_code.get(id_or_code).and_then(|id| self.terms.get(id)),
        }
    }

    /// The terms directly under `id`.
    pub fn children(&self, id: TermId) -> &[TermId] {
        self.children.get(&id).map(Vec::as_slice).unwrap_or_default()
    }

    /// `id` and every term below it (each once, even if the hierarchy had a cycle).
    pub fn with_descendants(&self, id: TermId) -> Vec<TermId> {
        let mut out = vec![id];
        let mut i = 0;
        while i < out.len() {
            for child in self.children(out[i]) {
                if !out.contains(child) {
                    out.push(*child);
                }
            }
            i += 1;
        }
        out
    }

    /// `id` and the terms above it, nearest first (each once).
    pub fn ancestors(&self, id: TermId) -> Vec<TermId> {
        let mut out = vec![id];
        while let Some(parent) = out.last().and_then(|t| self.terms.get(t)).and_then(|t| t.data.parent_id) {
            if out.contains(&parent) {
                break;
            }
            out.push(parent);
        }
        out
    }
}
