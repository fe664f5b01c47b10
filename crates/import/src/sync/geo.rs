//! Geocoding the records a sync is about to write that have an address but no coordinates.
//! A geocoder that fails costs the run warnings, never the run: the listing is imported
//! without coordinates and flagged.

use std::collections::HashMap;

use recovery_domain::source::{Incoming, RunItem, SyncPlan};
use recovery_store::Store;

use super::records::address_to_geocode;
use crate::geocode::{Geocoded, Geocoder, normalize};

/// After this many failures in one run the geocoder is not asked again until the next run:
/// a provider that is down would otherwise cost a timeout per record.
const MAX_FAILURES: usize = 3;

/// Fills in coordinates of the created and updated records of `plan`; the warnings to report.
/// New answers are cached in `store` when `remember` (not in a dry run).
pub(super) async fn geocode(geocoder: &Geocoder, store: &Store, plan: &mut SyncPlan, remember: bool) -> Vec<RunItem> {
    let mut warnings = Vec::new();
    if geocoder.is_none() {
        return warnings;
    }
    let mut known: HashMap<String, Option<Geocoded>> = HashMap::new();
    let mut failures = 0;
    let records = plan.create.iter_mut().chain(plan.update.iter_mut().map(|(_, r)| r));
    for record in records {
        let Some(address) = address_to_geocode(&record.data) else { continue };
        let key = normalize(&address);
        let found = match known.get(&key) {
            Some(found) => *found,
            None if failures >= MAX_FAILURES => continue,
            None => match geocoder.geocode(store, &address, remember).await {
                Ok(found) => {
                    known.insert(key, found);
                    found
                }
                Err(e) => {
                    failures += 1;
                    warnings.push(warning(record, e.to_string()));
                    if failures == MAX_FAILURES {
                        warnings
                            .push(warning(record, "the geocoder failed too often: not asked again in this run".into()));
                    }
                    continue;
                }
            },
        };
        place(record, found);
    }
    warnings
}

/// Puts the geocoder's answer on the record's location.
fn place(record: &mut Incoming, found: Option<Geocoded>) {
    let (Some(found), Some(location)) = (found, record.data.location.as_mut()) else { return };
    location.latitude = Some(found.latitude);
    location.longitude = Some(found.longitude);
    location.approximate |= found.approximate;
}

fn warning(record: &Incoming, reason: String) -> RunItem {
    RunItem { position: Some(record.position as u64), key: Some(record.external_key.clone()), listing_id: None, reason }
}
