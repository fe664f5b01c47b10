//! An organization as HSDS, with its locations and services, from a snapshot of the catalog.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use recovery_domain::agency::{AgencyCatalog, Location, Organization};
use serde_json::{Value, json};

use super::bundle::{Form, ServiceBundle};
use super::render;
use super::value::strip_nulls;

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
        OrgBundle {
            org: org.clone(),
            locations: catalog.locations().filter(|l| l.data.organization_id == Some(org.id)).cloned().collect(),
            services: catalog
                .services()
                .filter(|s| s.data.organization_id == org.id)
                .map(|s| ServiceBundle::of(catalog, s, fallback_tz))
                .collect(),
            fallback_tz,
        }
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

    /// The words the `search` filter finds it by.
    pub fn words(&self) -> Vec<String> {
        let data = &self.org.data;
        [Some(&data.name), data.alternate_name.as_ref(), Some(&data.description)]
            .into_iter()
            .flatten()
            .flat_map(|t| super::value::words(t))
            .collect()
    }
}
