//! Free slugs for meetings whose slug was made from their name: `name`, then `name-2`,
//! `name-3`, … — the first one not taken, so the same state always gives the same answer.

use std::collections::HashSet;

use diesel::prelude::*;
use recovery_domain::slug::MAX_SLUG_LEN;

use crate::connection::DbConnection;
use crate::error::StoreError;
use crate::schema::meetings;

/// Hands out free slugs within one write transaction, remembering what it handed out and what
/// the caller reserved (explicit slugs of the same batch), so no two answers collide.
#[derive(Debug, Default)]
pub(crate) struct SlugAllocator {
    taken: HashSet<String>,
    fetched: HashSet<String>,
}

impl SlugAllocator {
    /// Marks `slug` as taken without asking the database.
    pub(crate) fn reserve(&mut self, slug: &str) {
        self.taken.insert(slug.to_string());
    }

    /// The first free slug of `base`, `base-2`, `base-3`, …, now taken.
    pub(crate) fn allocate(&mut self, conn: &mut DbConnection, base: &str) -> Result<String, StoreError> {
        self.fetch_family(conn, base)?;
        let mut n: u32 = 1;
        let mut candidate = base.to_string();
        loop {
            if !self.taken.contains(&candidate) {
                // A candidate shortened to fit MAX_SLUG_LEN is outside the fetched family.
                let in_family = candidate == base || candidate.strip_prefix(base).is_some_and(|s| s.starts_with('-'));
                if in_family || !exists(conn, &candidate)? {
                    break;
                }
            }
            n += 1;
            candidate = with_suffix(base, n);
        }
        self.taken.insert(candidate.clone());
        Ok(candidate)
    }

    /// Loads every stored slug that is `base` or `base-…`, in one index range scan: in byte
    /// order they are exactly those from `base` up to (not including) `base.` ('.' follows '-').
    fn fetch_family(&mut self, conn: &mut DbConnection, base: &str) -> Result<(), StoreError> {
        if !self.fetched.insert(base.to_string()) {
            return Ok(());
        }
        let family: Vec<String> = meetings::table
            .filter(meetings::slug.ge(base).and(meetings::slug.lt(format!("{base}."))))
            .select(meetings::slug)
            .load(conn)?;
        self.taken.extend(family);
        Ok(())
    }
}

fn exists(conn: &mut DbConnection, slug: &str) -> Result<bool, StoreError> {
    let n: i64 = meetings::table.filter(meetings::slug.eq(slug)).count().get_result(conn)?;
    Ok(n > 0)
}

/// `base-n`, shortening `base` when needed to stay within [`MAX_SLUG_LEN`].
fn with_suffix(base: &str, n: u32) -> String {
    let suffix = format!("-{n}");
    let mut keep = MAX_SLUG_LEN.saturating_sub(suffix.len()).min(base.len());
    while !base.is_char_boundary(keep) {
        keep -= 1;
    }
    format!("{}{suffix}", base[..keep].trim_end_matches('-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_fit_the_length_limit() {
        assert_eq!(with_suffix("step", 2), "step-2");
        let long = "a".repeat(MAX_SLUG_LEN);
        let s = with_suffix(&long, 12);
        assert_eq!(s.len(), MAX_SLUG_LEN);
        assert!(s.ends_with("a-12"));
        let hyphen_at_cut = format!("{}-b", "a".repeat(MAX_SLUG_LEN - 3));
        assert_eq!(with_suffix(&hyphen_at_cut, 2), format!("{}-2", "a".repeat(MAX_SLUG_LEN - 3)));
    }
}
