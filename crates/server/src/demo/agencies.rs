//! Demo agencies: a handful of fictional organizations around the demo meetings, with services
//! in each category (employment, education, family counseling, housing, recovery support).
//!
//! The file groups each organization with its locations (named by a local `key`) and its
//! services, which name their categories by term code and their locations by key; ids are
//! assigned here.

use std::collections::HashMap;

use chrono_tz::Tz;
use recovery_domain::agency::{
    LocationData, OrganizationData, ServiceAtLocation, ServiceData, validate_location, validate_organization,
    validate_service,
};
use recovery_domain::{LocationId, OrganizationId, ServiceId, TermId};
use recovery_store::{AgencyBatch, StoreError};
use serde::Deserialize;
use serde_json::{Map, Value};

const AGENCIES: &str = include_str!("../../demo/agencies.json");

/// One organization with its locations and services, as the demo file writes it.
#[derive(Deserialize)]
struct Bundle {
    organization: OrganizationData,
    locations: Vec<Map<String, Value>>,
    services: Vec<Map<String, Value>>,
}

fn demo_error(what: impl std::fmt::Display) -> StoreError {
    StoreError::Other(format!("demo agencies: {what}"))
}

/// The demo agencies as one batch; category codes are looked up in `terms` (code → id).
pub fn batch(default_timezone: Tz, terms: &HashMap<String, TermId>) -> Result<AgencyBatch, StoreError> {
    let bundles: Vec<Bundle> = serde_json::from_str(AGENCIES).map_err(demo_error)?;
    let mut batch = AgencyBatch::default();
    for bundle in bundles {
        let org_id = OrganizationId::new();
        let mut org = bundle.organization;
        validate_organization(&mut org).map_err(demo_error)?;
        batch.organizations.push((org_id, org));

        let mut keys = HashMap::new();
        for mut raw in bundle.locations {
            let key = raw.remove("key").and_then(|k| k.as_str().map(str::to_owned)).ok_or_else(|| demo_error("key"))?;
            raw.insert("organization_id".into(), Value::String(org_id.to_string()));
            let mut location: LocationData = serde_json::from_value(Value::Object(raw)).map_err(demo_error)?;
            validate_location(&mut location, default_timezone).map_err(demo_error)?;
            let id = LocationId::new();
            keys.insert(key, id);
            batch.locations.push((id, location));
        }

        for mut raw in bundle.services {
            let codes: Vec<String> = take_strings(&mut raw, "categories")?;
            let at: Vec<String> = take_strings(&mut raw, "at")?;
            raw.insert("organization_id".into(), Value::String(org_id.to_string()));
            let mut service: ServiceData = serde_json::from_value(Value::Object(raw)).map_err(demo_error)?;
            service.categories = codes
                .iter()
                .map(|code| terms.get(code).copied().ok_or_else(|| demo_error(format!("no term `{code}`"))))
                .collect::<Result<_, _>>()?;
            service.service_at_locations = at
                .iter()
                .map(|key| {
                    let location_id = *keys.get(key).ok_or_else(|| demo_error(format!("no location `{key}`")))?;
                    Ok(ServiceAtLocation {
                        id: uuid::Uuid::now_v7(),
                        location_id,
                        description: None,
                        phones: Vec::new(),
                        contacts: Vec::new(),
                        schedules: Vec::new(),
                    })
                })
                .collect::<Result<_, StoreError>>()?;
            validate_service(&mut service).map_err(demo_error)?;
            batch.services.push((ServiceId::new(), service));
        }
    }
    Ok(batch)
}

fn take_strings(raw: &mut Map<String, Value>, field: &str) -> Result<Vec<String>, StoreError> {
    serde_json::from_value(raw.remove(field).unwrap_or(Value::Array(Vec::new()))).map_err(demo_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The seeded category codes the demo uses, each under its top-level category.
    const CODES: [(&str, &str); 14] = [
        ("job-training", "employment"),
        ("job-placement", "employment"),
        ("supported-employment", "employment"),
        ("ged-adult-education", "education"),
        ("vocational-education", "education"),
        ("family-therapy", "family-counseling"),
        ("parenting-support", "family-counseling"),
        ("family-support-groups", "family-counseling"),
        ("emergency-shelter", "housing"),
        ("sober-living", "housing"),
        ("rental-assistance", "housing"),
        ("supportive-housing", "housing"),
        ("peer-recovery-support", "recovery-support"),
        ("mutual-aid-groups", "recovery-support"),
    ];

    #[test]
    fn demo_agencies_are_valid_and_cover_every_category() {
        let terms: HashMap<String, TermId> = CODES.iter().map(|(code, _)| (code.to_string(), TermId::new())).collect();
        let batch = batch(chrono_tz::America::New_York, &terms).unwrap();
        assert!(batch.organizations.len() >= 5);
        assert!(batch.services.len() >= 10);
        let top: std::collections::BTreeSet<&str> = batch
            .services
            .iter()
            .flat_map(|(_, s)| s.categories.iter())
            .filter_map(|id| CODES.iter().find(|(code, _)| terms[*code] == *id).map(|(_, top)| *top))
            .collect();
        assert_eq!(
            top.into_iter().collect::<Vec<_>>(),
            ["education", "employment", "family-counseling", "housing", "recovery-support"]
        );
        // Every service is somewhere with coordinates near the demo meetings, and has hours.
        let located: std::collections::HashMap<LocationId, &LocationData> =
            batch.locations.iter().map(|(id, l)| (*id, l)).collect();
        for (_, service) in &batch.services {
            assert!(!service.schedules.is_empty(), "{} has hours", service.name);
            assert!(
                service.location_ids().any(|id| located[&id].coordinates().is_some()),
                "{} has a place on the map",
                service.name
            );
        }
    }
}
