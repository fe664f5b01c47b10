//! What an HSDS import would write, for dry runs (the `/v1/imports/hsds` route and HSDS
//! source runs).

use recovery_domain::agency::AgencyCatalog;
use recovery_store::{AgencyBatch, BatchOutcome};

/// What writing `batch` would do, judged against the published listings (the catalog holds
/// public views, so a record differing only in private contacts counts as updated).
pub fn estimate(catalog: &AgencyCatalog, batch: &AgencyBatch) -> BatchOutcome {
    let mut outcome = BatchOutcome::default();
    let mut count = |found: Option<bool>| match found {
        None => outcome.created += 1,
        Some(true) => outcome.unchanged += 1,
        Some(false) => outcome.updated += 1,
    };
    for (id, data) in &batch.organizations {
        count(catalog.organization(*id).map(|o| o.data == data.public_view()));
    }
    for (id, data) in &batch.locations {
        count(catalog.location(*id).map(|l| l.data == data.public_view()));
    }
    for (id, data) in &batch.terms {
        count(catalog.taxonomies().term(*id).map(|t| t.data == *data));
    }
    for (id, data) in &batch.services {
        count(catalog.service(*id).map(|s| s.data == data.public_view()));
    }
    outcome
}
