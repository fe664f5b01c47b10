//! An organization as HSDS, with its locations and services, from a snapshot of the catalog.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use recovery_domain::OrganizationId;
use recovery_domain::agency::{AgencyCatalog, Location, Organization};
use serde_json::{Value, json};

use super::bundle::ServiceBundle;
use super::render;
use super::render::Form;
use super::value::strip_nulls;
use crate::state::AppState;

/// An organization and what rendering it needs.
#[derive(Debug, Clone)]
pub struct OrgBundle {
    /// The organization (public view).
    pub org: Arc<Organization>,
    /// Its locations.
    pub locations: Vec<Arc<Location>>,
    /// Its services.
    pub services: Vec<ServiceBundle>,
    /// The zone of locations stored without one.
    pub fallback_tz: Tz,
}

impl OrgBundle {
    /// Takes what `org` needs from the catalog.
    pub fn of(catalog: &AgencyCatalog, org: &Arc<Organization>, fallback_tz: Tz) -> OrgBundle {
        Self::many(catalog, std::slice::from_ref(org), fallback_tz).pop().unwrap_or_else(|| OrgBundle {
            org: org.clone(),
            locations: Vec::new(),
            services: Vec::new(),
            fallback_tz,
        })
    }

    /// Takes what each of `orgs` needs from the catalog, in one pass over its locations and
    /// services (not one per organization).
    pub fn many(catalog: &AgencyCatalog, orgs: &[Arc<Organization>], fallback_tz: Tz) -> Vec<OrgBundle> {
        let position: HashMap<OrganizationId, usize> = orgs.iter().enumerate().map(|(i, o)| (o.id, i)).collect();
        let mut out: Vec<OrgBundle> = orgs
            .iter()
            .map(|org| OrgBundle { org: org.clone(), locations: Vec::new(), services: Vec::new(), fallback_tz })
            .collect();
        for location in catalog.locations() {
            let at = location.data.organization_id.and_then(|o| position.get(&o));
            if let Some(bundle) = at.and_then(|i| out.get_mut(*i)) {
                bundle.locations.push(location.clone());
            }
        }
        for service in catalog.services() {
            if let Some(bundle) = position.get(&service.data.organization_id).and_then(|i| out.get_mut(*i)) {
                bundle.services.push(ServiceBundle::of(catalog, service, fallback_tz));
            }
        }
        out
    }

    /// The organization as HSDS: one-to-one fields (`full` false), or nested with phones,
    /// contacts, locations and services (each service's one-to-one fields, or fully nested
    /// with `full_service`).
    pub fn render(&self, full: bool, full_service: bool, now: DateTime<Utc>) -> Value {
        if !full && !full_service {
            return Value::Object(render::organization_fields(&self.org));
        }
        let mut out = render::organization(&self.org);
        let locations = self.locations.iter().map(|l| render::location(l, self.fallback_tz, now)).collect();
        out.insert("locations".into(), Value::Array(locations));
        let form = if full_service { Form::Full } else { Form::List };
        let services = self
            .services
            .iter()
            .map(|s| {
                let mut v = s.render(form, now);
                if let Value::Object(map) = &mut v {
                    // The organization is the parent here: not repeated inside each service.
                    map.remove("organization");
                }
                v
            })
            .collect();
        out.insert("services".into(), Value::Array(services));
        let mut value = json!(out);
        strip_nulls(&mut value);
        value
    }
}

/// The words the `search` filter finds an organization by.
pub fn words(org: &Organization) -> Vec<String> {
    let data = &org.data;
    [Some(&data.name), data.alternate_name.as_ref(), Some(&data.description)]
        .into_iter()
        .flatten()
        .flat_map(|t| super::value::words(t))
        .collect()
}

/// Renders a chunk of organizations: one-to-one fields need nothing else; nested forms take
/// their locations and services under one read lock, released before rendering.
pub fn render_chunk(
    state: &AppState,
    chunk: &[Arc<Organization>],
    full: bool,
    full_service: bool,
    now: DateTime<Utc>,
) -> Vec<Value> {
    if !full && !full_service {
        return chunk.iter().map(|o| Value::Object(render::organization_fields(o))).collect();
    }
    let bundles = OrgBundle::many(&state.index().agencies, chunk, state.defaults().timezone);
    bundles.iter().map(|b| b.render(full, full_service, now)).collect()
}
