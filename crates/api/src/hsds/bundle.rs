//! What rendering one service needs, taken from the catalog under the read lock: `Arc`s of the
//! service, its organization and locations, and its category terms. Rendering a bundle needs
//! no lock, so ndjson streams render item by item.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use recovery_domain::Meeting;
use recovery_domain::agency::{AgencyCatalog, Location, Organization, Service};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::meeting::MeetingBundle;
use super::render::{self, Form};
use super::term::TermRef;
use super::value::{last_modified, object_of, strip_nulls};

/// An agency's service and what rendering it needs.
#[derive(Debug, Clone)]
pub struct ServiceBundle {
    /// The service (public view).
    pub service: Arc<Service>,
    /// Its organization.
    pub organization: Option<Arc<Organization>>,
    /// The location of each of its `service_at_locations`, in order (`None` if gone).
    pub locations: Vec<Option<Arc<Location>>>,
    /// Its categories.
    pub terms: Vec<TermRef>,
    /// The zone of locations stored without one.
    pub fallback_tz: Tz,
}

impl ServiceBundle {
    /// Takes what `service` needs from the catalog.
    pub fn of(catalog: &AgencyCatalog, service: &Arc<Service>, fallback_tz: Tz) -> ServiceBundle {
        let data = &service.data;
        ServiceBundle {
            service: service.clone(),
            organization: catalog.organization(data.organization_id).cloned(),
            locations: data.location_ids().map(|id| catalog.location(id).cloned()).collect(),
            terms: data.categories.iter().filter_map(|id| TermRef::of(catalog.taxonomies(), *id)).collect(),
            fallback_tz,
        }
    }

    /// The zone of the service's own schedules: its first location's.
    fn zone(&self) -> Tz {
        self.locations.iter().flatten().next().map_or(self.fallback_tz, |l| l.data.zone(self.fallback_tz))
    }

    /// The service as HSDS.
    pub fn render(&self, form: Form, now: DateTime<Utc>) -> Value {
        let service = &self.service;
        let mut out = Map::new();
        out.insert("id".into(), json!(service.id));
        out.insert("last_modified".into(), json!(last_modified(service.updated_at)));
        if form == Form::Minimal {
            return Value::Object(out);
        }
        let mut fields = object_of(&service.data);
        fields.retain(|_, v| !v.is_array() && !v.is_object());
        out.extend(fields);
        if form == Form::Full {
            let data = &service.data;
            out.insert("phones".into(), render::phones(&data.phones));
            out.insert("contacts".into(), render::contacts(&data.contacts));
            out.insert("schedules".into(), render::schedules(&data.schedules, self.zone(), now));
            out.insert("languages".into(), render::plain(&data.languages));
            out.insert("service_areas".into(), render::plain(&data.service_areas));
            let sals = (0..data.service_at_locations.len()).filter_map(|i| self.sal(i, Form::Full, now)).collect();
            out.insert("service_at_locations".into(), Value::Array(sals));
            if let Some(org) = &self.organization {
                out.insert("organization".into(), Value::Object(render::organization(org)));
            }
            let attributes = self.terms.iter().map(|t| t.attribute(service.id.0)).collect();
            out.insert("attributes".into(), Value::Array(attributes));
        }
        let mut value = Value::Object(out);
        strip_nulls(&mut value);
        value
    }

    /// The `i`th service-at-location as HSDS (`Full` nests the location).
    pub fn sal(&self, i: usize, form: Form, now: DateTime<Utc>) -> Option<Value> {
        let sal = self.service.data.service_at_locations.get(i)?;
        let location = self.locations.get(i).cloned().flatten();
        let mut out = Map::new();
        out.insert("id".into(), json!(sal.id));
        out.insert("service_id".into(), json!(self.service.id));
        out.insert("location_id".into(), json!(sal.location_id));
        if let Some(d) = &sal.description {
            out.insert("description".into(), json!(d));
        }
        if form == Form::Full {
            let tz = location.as_ref().map_or(self.fallback_tz, |l| l.data.zone(self.fallback_tz));
            out.insert("phones".into(), render::phones(&sal.phones));
            out.insert("contacts".into(), render::contacts(&sal.contacts));
            out.insert("schedules".into(), render::schedules(&sal.schedules, tz, now));
            if let Some(l) = &location {
                out.insert("location".into(), render::location(l, self.fallback_tz, now));
            }
        }
        let mut value = Value::Object(out);
        strip_nulls(&mut value);
        Some(value)
    }
}

/// An HSDS service: an agency's, or a published meeting's.
#[derive(Debug, Clone)]
pub enum ServiceItem {
    /// An agency's service.
    Agency(Box<ServiceBundle>),
    /// A published 12-step meeting.
    Meeting(MeetingBundle),
}

impl ServiceItem {
    /// Its id.
    pub fn id(&self) -> Uuid {
        match self {
            ServiceItem::Agency(b) => b.service.id.0,
            ServiceItem::Meeting(m) => m.meeting.id.0,
        }
    }

    /// The service as HSDS.
    pub fn render(&self, form: Form, now: DateTime<Utc>) -> Value {
        match self {
            ServiceItem::Agency(b) => b.render(form, now),
            ServiceItem::Meeting(m) => m.render(form, now),
        }
    }

    /// Its `i`th service-at-location as HSDS.
    pub fn sal(&self, i: usize, form: Form, now: DateTime<Utc>) -> Option<Value> {
        match self {
            ServiceItem::Agency(b) => b.sal(i, form, now),
            ServiceItem::Meeting(m) => m.places().get(i).map(|p| m.sal(*p, form, now)),
        }
    }

    /// A meeting as an item (with the seeded mutual-aid term, when present).
    pub fn meeting(meeting: Arc<Meeting>, term: Option<Arc<TermRef>>) -> ServiceItem {
        ServiceItem::Meeting(MeetingBundle { meeting, term })
    }
}
