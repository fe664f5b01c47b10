//! Every public agency listing in memory: what the HSDS API and the services search read.
//!
//! The api loads it from the store at start and applies every agency write after it commits,
//! as it does for meetings. It holds public views only (private contacts and phones removed),
//! so nothing private can leak through it. Services are searchable per service-at-location;
//! a location or taxonomy change re-indexes the services that use it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use chrono_tz::Tz;
use uuid::Uuid;

use super::index::{ServiceIndex, ServicePage, ServiceQuery};
use super::location::Location;
use super::organization::Organization;
use super::service::{Service, ServiceAtLocation};
use super::taxonomy::{Taxonomies, TaxonomyTerm};
use crate::ids::{LocationId, OrganizationId, ServiceId, TermId};
use crate::index::QueryError;

/// The public agency listings and their search index.
#[derive(Debug, Default)]
pub struct AgencyCatalog {
    organizations: BTreeMap<OrganizationId, Arc<Organization>>,
    services: BTreeMap<ServiceId, Arc<Service>>,
    locations: BTreeMap<LocationId, Arc<Location>>,
    taxonomies: Taxonomies,
    /// Which services are delivered at each location.
    services_at: HashMap<LocationId, HashSet<ServiceId>>,
    /// Service-at-location id → service.
    sal_owner: HashMap<Uuid, ServiceId>,
    index: ServiceIndex,
}

impl AgencyCatalog {
    /// A catalog of these listings (public views are taken here). Locations stored without a
    /// time zone are read in `fallback_tz`.
    pub fn build(
        organizations: impl IntoIterator<Item = Organization>,
        locations: impl IntoIterator<Item = Location>,
        services: impl IntoIterator<Item = Service>,
        taxonomies: Taxonomies,
        fallback_tz: Tz,
    ) -> AgencyCatalog {
        let mut catalog = AgencyCatalog { taxonomies, index: ServiceIndex::new(fallback_tz), ..Default::default() };
        for org in organizations {
            catalog.organizations.insert(org.id, Arc::new(org.public_view()));
        }
        for location in locations {
            catalog.locations.insert(location.id, Arc::new(location.public_view()));
        }
        for service in services {
            catalog.put_service(service);
        }
        catalog.reindex_all();
        catalog
    }

    /// Adds or replaces an organization.
    pub fn upsert_organization(&mut self, org: &Organization) {
        self.organizations.insert(org.id, Arc::new(org.public_view()));
        let ids: Vec<ServiceId> =
            self.services.values().filter(|s| s.data.organization_id == org.id).map(|s| s.id).collect();
        for id in ids {
            self.reindex_service(id);
        }
    }

    /// Removes an organization.
    pub fn remove_organization(&mut self, id: OrganizationId) {
        self.organizations.remove(&id);
    }

    /// Adds or replaces a location, re-indexing the services delivered there.
    pub fn upsert_location(&mut self, location: &Location) {
        self.locations.insert(location.id, Arc::new(location.public_view()));
        let ids: Vec<ServiceId> = self.services_at.get(&location.id).into_iter().flatten().copied().collect();
        for id in ids {
            self.reindex_service(id);
        }
    }

    /// Removes a location (services still naming it are re-indexed without it).
    pub fn remove_location(&mut self, id: LocationId) {
        self.locations.remove(&id);
        let ids: Vec<ServiceId> = self.services_at.get(&id).into_iter().flatten().copied().collect();
        for id in ids {
            self.reindex_service(id);
        }
    }

    /// Adds or replaces a service.
    pub fn upsert_service(&mut self, service: &Service) {
        self.forget_links(service.id);
        let id = service.id;
        self.put_service(service.clone());
        self.reindex_service(id);
    }

    /// Removes a service.
    pub fn remove_service(&mut self, id: ServiceId) {
        self.forget_links(id);
        self.services.remove(&id);
        self.index.remove(id);
    }

    /// Adds or replaces a taxonomy term (services are re-indexed: their categories' ancestors
    /// may have changed).
    pub fn upsert_term(&mut self, term: TaxonomyTerm) {
        self.taxonomies.upsert_term(term);
        self.reindex_all();
    }

    /// Removes a taxonomy term.
    pub fn remove_term(&mut self, id: TermId) {
        self.taxonomies.remove_term(id);
        self.reindex_all();
    }

    /// The taxonomies and their terms.
    pub fn taxonomies(&self) -> &Taxonomies {
        &self.taxonomies
    }

    /// One organization.
    pub fn organization(&self, id: OrganizationId) -> Option<&Arc<Organization>> {
        self.organizations.get(&id)
    }

    /// Every organization, in id order.
    pub fn organizations(&self) -> impl Iterator<Item = &Arc<Organization>> {
        self.organizations.values()
    }

    /// One service (of any status).
    pub fn service(&self, id: ServiceId) -> Option<&Arc<Service>> {
        self.services.get(&id)
    }

    /// Every service (of any status), in id order.
    pub fn services(&self) -> impl Iterator<Item = &Arc<Service>> {
        self.services.values()
    }

    /// One location.
    pub fn location(&self, id: LocationId) -> Option<&Arc<Location>> {
        self.locations.get(&id)
    }

    /// Every location, in id order.
    pub fn locations(&self) -> impl Iterator<Item = &Arc<Location>> {
        self.locations.values()
    }

    /// The service and its link to a location, by the link's id.
    pub fn service_at_location(&self, id: Uuid) -> Option<(&Arc<Service>, &ServiceAtLocation)> {
        let service = self.services.get(self.sal_owner.get(&id)?)?;
        let sal = service.data.service_at_locations.iter().find(|sal| sal.id == id)?;
        Some((service, sal))
    }

    /// How many services (of any status) there are.
    pub fn service_count(&self) -> usize {
        self.services.len()
    }

    /// One page of the services matching `q` (see [`ServiceQuery`]).
    pub fn search(&self, q: &ServiceQuery) -> Result<ServicePage, QueryError> {
        self.index.search(q, &self.taxonomies)
    }

    fn put_service(&mut self, service: Service) {
        let public = service.public_view();
        for sal in &public.data.service_at_locations {
            self.services_at.entry(sal.location_id).or_default().insert(public.id);
            self.sal_owner.insert(sal.id, public.id);
        }
        self.services.insert(public.id, Arc::new(public));
    }

    fn forget_links(&mut self, id: ServiceId) {
        let Some(old) = self.services.get(&id) else { return };
        for sal in &old.data.service_at_locations {
            if let Some(set) = self.services_at.get_mut(&sal.location_id) {
                set.remove(&id);
            }
            self.sal_owner.remove(&sal.id);
        }
    }

    fn reindex_service(&mut self, id: ServiceId) {
        match self.services.get(&id) {
            Some(service) => {
                let locations: Vec<Option<Arc<Location>>> = service
                    .data
                    .service_at_locations
                    .iter()
                    .map(|sal| self.locations.get(&sal.location_id).cloned())
                    .collect();
                self.index.upsert(service.clone(), &locations, &self.taxonomies);
            }
            None => self.index.remove(id),
        }
    }

    fn reindex_all(&mut self) {
        let ids: Vec<ServiceId> = self.services.keys().copied().collect();
        for id in ids {
            self.reindex_service(id);
        }
    }
}
