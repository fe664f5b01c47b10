//! The seeded categories: the directory's taxonomy and its terms, with fixed ids.

use std::collections::BTreeMap;

use super::*;

/// (code, parent code) of every seeded term.
const SEEDED: [(&str, Option<&str>); 19] = [
    ("employment", None),
    ("job-training", Some("employment")),
    ("job-placement", Some("employment")),
    ("supported-employment", Some("employment")),
    ("education", None),
    ("ged-adult-education", Some("education")),
    ("vocational-education", Some("education")),
    ("family-counseling", None),
    ("family-therapy", Some("family-counseling")),
    ("parenting-support", Some("family-counseling")),
    ("family-support-groups", Some("family-counseling")),
    ("housing", None),
    ("emergency-shelter", Some("housing")),
    ("sober-living", Some("housing")),
    ("rental-assistance", Some("housing")),
    ("supportive-housing", Some("housing")),
    ("recovery-support", None),
    ("peer-recovery-support", Some("recovery-support")),
    ("mutual-aid-groups", Some("recovery-support")),
];

on_both_backends! {
    fn the_directory_taxonomy_is_seeded(db) {
        let taxonomies = db.store.all_taxonomies().unwrap();
        assert_eq!(taxonomies.len(), 1);
        assert_eq!(taxonomies[0].id, taxonomy_id(DIRECTORY_TAXONOMY));
        assert_eq!(taxonomies[0].name, "Recovery Directory categories");
        assert!(!taxonomies[0].description.is_empty());

        let terms = db.store.all_taxonomy_terms().unwrap();
        let by_id: BTreeMap<_, _> = terms.iter().map(|t| (t.id, t.data.code.as_str())).collect();
        let mut found: Vec<(&str, Option<&str>)> =
            terms.iter().map(|t| (t.data.code.as_str(), t.data.parent_id.map(|p| by_id[&p]))).collect();
        found.sort_unstable();
        let mut expected = SEEDED.to_vec();
        expected.sort_unstable();
        assert_eq!(found, expected);
        for t in &terms {
            assert_eq!(t.data.taxonomy_id, Some(taxonomy_id(DIRECTORY_TAXONOMY)), "{}", t.data.code);
            assert_eq!(t.data.language.as_deref(), Some("en"));
            assert!(!t.data.name.is_empty() && t.data.description.ends_with('.'), "{}", t.data.code);
        }
        let fixed = [(HOUSING, "housing"), (SOBER_LIVING, "sober-living"), (RECOVERY_SUPPORT, "recovery-support"), (MUTUAL_AID_GROUPS, "mutual-aid-groups")];
        for (id, code) in fixed {
            assert_eq!(db.store.get_taxonomy_term(term_id(id)).unwrap().data.code, code);
        }
        assert_eq!(db.store.get_taxonomy_term(term_id(RECOVERY_SUPPORT)).unwrap().data.name, "Recovery support (12-step and peer groups)");
        // Seeding is not a change anyone made.
        assert!(log(db).is_empty());
    }
}
