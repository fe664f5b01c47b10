//! `/v1/taxonomy_terms` and `/v1/taxonomies`.

mod lifecycle;
