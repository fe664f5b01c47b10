//! From parsed records to what a sync plans with, and from the plan to the run's report:
//! counts and the items staff read (rejections, conflicts, flagged listings, warnings).

use recovery_domain::source::{Incoming, ListingFlag, RunCounts, RunItem, SyncPlan, merge};
use recovery_domain::{MeetingData, ValidationContext, validate_meeting};

use crate::{Parsed, content_hash};

/// The run's records as the plan takes them, and the records that still failed validation.
pub(super) fn incoming(parsed: &Parsed, ctx: &ValidationContext<'_>) -> (Vec<Incoming>, Vec<RunItem>) {
    let mut records = Vec::with_capacity(parsed.records.len());
    let mut rejected = Vec::new();
    for record in &parsed.records {
        // Hashed before geocoding, so coordinates found later never make a record look changed.
        let hash = content_hash(&record.input);
        match validate_meeting(record.input.clone(), ctx) {
            Ok(valid) => {
                let mut data = valid.data;
                // The reader's status: published, or a draft when the source does not publish
                // the meeting (BMLT's `published` "0"); a feed never archives a listing.
                data.status = merge::record_status(data.status);
                if record.approximate {
                    if let Some(location) = data.location.as_mut() {
                        location.approximate = true;
                    }
                }
                records.push(Incoming {
                    external_key: record.external_key.clone(),
                    position: record.position,
                    content_hash: hash,
                    data,
                    updated: record.updated,
                    slug_derived: valid.slug_generated,
                });
            }
            // The parsers validate already; this only guards against a context that differs.
            Err(errors) => rejected.push(RunItem {
                position: Some(record.position as u64),
                key: Some(record.external_key.clone()),
                listing_id: None,
                reason: errors.0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "),
            }),
        }
    }
    (records, rejected)
}

/// The parser's rejections, the records `validate_meeting` refused, and repeated keys.
pub(super) fn rejections(parsed: &Parsed, invalid: Vec<RunItem>, plan: &SyncPlan) -> Vec<RunItem> {
    let mut items: Vec<RunItem> = parsed
        .rejected
        .iter()
        .map(|r| RunItem {
            position: Some(r.position as u64),
            key: r.key.clone(),
            listing_id: None,
            reason: r.reason.clone(),
        })
        .collect();
    items.extend(invalid);
    items.extend(plan.repeated.iter().map(|r| RunItem {
        position: Some(r.position as u64),
        key: Some(r.external_key.clone()),
        listing_id: None,
        reason: format!("the source has the key `{}` twice; only its first record is imported", r.external_key),
    }));
    items.sort_by_key(|i| i.position);
    items
}

/// The conflicts of `plan`, as report items.
pub(super) fn conflicts(plan: &SyncPlan) -> Vec<RunItem> {
    plan.conflicts
        .iter()
        .map(|c| RunItem {
            position: c.position.map(|p| p as u64),
            key: Some(c.external_key.clone()),
            listing_id: Some(c.meeting_id.0),
            reason: c.reason.clone(),
        })
        .collect()
}

/// The listings this run adds or updates that staff should look at, and why.
pub(super) fn flagged(plan: &SyncPlan) -> Vec<RunItem> {
    let created = plan.create.iter().map(|r| (r, None));
    let updated = plan.update.iter().map(|(old, r)| (r, Some(old.meeting_id.0)));
    created
        .chain(updated)
        .filter_map(|(record, listing_id)| {
            let flags = ListingFlag::of(&record.data);
            (!flags.is_empty()).then(|| RunItem {
                position: Some(record.position as u64),
                key: Some(record.external_key.clone()),
                listing_id,
                reason: flags.iter().map(|f| f.reason()).collect::<Vec<_>>().join("; "),
            })
        })
        .collect()
}

/// The parser's warnings, as report items.
pub(super) fn warnings(parsed: &Parsed) -> Vec<RunItem> {
    parsed
        .warnings
        .iter()
        .map(|w| RunItem {
            position: Some(w.position as u64),
            key: w.key.clone(),
            listing_id: None,
            reason: w.message.clone(),
        })
        .collect()
}

/// The counts of a planned run.
pub(super) fn counts(source_records: usize, plan: &SyncPlan, rejected: usize, flagged: usize) -> RunCounts {
    RunCounts {
        source_records: source_records as u64,
        added: plan.create.len() as u64,
        updated: plan.update.len() as u64,
        unchanged: plan.unchanged.len() as u64,
        archived: plan.archive.len() as u64,
        rejected: rejected as u64,
        conflicts: plan.conflicts.len() as u64,
        flagged: flagged as u64,
    }
}

/// The one-line address a geocoder is asked about, when `data` is placed by an address but
/// has no coordinates.
pub(super) fn address_to_geocode(data: &MeetingData) -> Option<String> {
    let location = data.location.as_ref()?;
    if location.coordinates().is_some() || (location.address.is_none() && location.formatted_address.is_none()) {
        return None;
    }
    if let Some(formatted) = &location.formatted_address {
        return Some(formatted.clone());
    }
    let parts = [&location.address, &location.city, &location.state, &location.postal_code, &location.country];
    let line: Vec<&str> = parts.iter().filter_map(|p| p.as_deref()).collect();
    Some(line.join(", "))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use recovery_domain::Programs;

    use super::*;
    use crate::{ImportOptions, meeting_guide};

    #[test]
    fn repeated_keys_and_parser_rejections_are_reported_in_source_order() {
        let feed = br#"[{"slug": "a", "name": "A", "day": 1, "time": "19:00", "formatted_address": "1 Main St, Town"},
                        {"slug": "b", "day": 1, "time": "19:00"}]"#;
        let tz = chrono_tz::America::Chicago;
        let parsed = meeting_guide::parse(feed, &ImportOptions::new("aa", tz)).unwrap();
        let ctx = ValidationContext { programs: Programs::builtin(), default_timezone: tz, default_program: "aa" };
        let (records, invalid) = incoming(&parsed, &ctx);
        assert_eq!((records.len(), invalid.len()), (1, 0));
        assert_eq!(address_to_geocode(&records[0].data).as_deref(), Some("1 Main St, Town"));

        let mut repeat = records[0].clone();
        repeat.position = 5;
        let plan = SyncPlan { repeated: vec![repeat], create: records, ..SyncPlan::default() };
        let items = rejections(&parsed, invalid, &plan);
        let positions: Vec<Option<u64>> = items.iter().map(|i| i.position).collect();
        assert_eq!(positions, [Some(1), Some(5)]);
        assert_eq!(items[1].reason, "the source has the key `a` twice; only its first record is imported");
        assert_eq!(flagged(&plan).len(), 1, "no coordinates");
        let c = counts(parsed.source_records, &plan, items.len(), 1);
        assert_eq!((c.source_records, c.added, c.rejected, c.flagged), (2, 1, 2, 1));
    }
}
