//! The search index of services that residents may be offered, one entry per
//! service-at-location.
//!
//! The catalog files every service here after each write, as the meetings index is kept. Only
//! active services (`is_offered`) are indexed. A service delivered at three locations has
//! three entries (each found at its own place, open by its own hours); a service with no
//! location has one entry, without a place. Entries live in numbered slots (freed slots are
//! reused) and places are in an R-tree of unit vectors, as for meetings (`index::geo`), so a
//! radius search reads only the places within the radius. Results are ordered by a total key
//! ending in the entry id, which makes keyset paging exact.

mod entry;
mod query;
mod search;

/// Fixtures shared with the nearby search's tests.
#[cfg(test)]
pub(crate) mod tests;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use chrono_tz::Tz;
use rstar::RTree;
use rstar::primitives::GeomWithData;
use uuid::Uuid;

pub use query::{OpenWindow, ServiceCursor, ServiceHit, ServicePage, ServiceQuery};

use self::entry::Entry;
use super::location::Location;
use super::service::Service;
use super::taxonomy::Taxonomies;
use crate::ids::ServiceId;

/// A place in the R-tree: a unit vector and the slot of its entry.
type Place = GeomWithData<[f64; 3], u32>;

/// The searchable services (public views), one entry per service-at-location. `Send + Sync`.
#[derive(Debug, Default)]
pub struct ServiceIndex {
    /// The zone of locations stored without one (only unvalidated data); UTC when unset.
    fallback_tz: Option<Tz>,
    /// The entry in each slot; `None` for free slots.
    entries: Vec<Option<Entry>>,
    /// Each slot's place as a unit vector, as filed in the R-tree.
    points: Vec<Option<[f64; 3]>>,
    free: Vec<u32>,
    /// The slots of each indexed service.
    by_service: HashMap<ServiceId, Vec<u32>>,
    /// Every entry in name order `(folded name, entry id, slot)`, for searches without `near`.
    by_name: BTreeSet<(Box<str>, Uuid, u32)>,
    places: RTree<Place>,
}

impl ServiceIndex {
    /// An empty index; locations without a zone are read in `fallback_tz`.
    pub fn new(fallback_tz: Tz) -> Self {
        ServiceIndex { fallback_tz: Some(fallback_tz), ..ServiceIndex::default() }
    }

    /// Adds or replaces a service's entries; `locations[i]` is the location of its i-th
    /// service-at-location (`None` when unknown). A service that is not offered (not active)
    /// is removed instead. Entries that keep their id keep their slot, and their place in the
    /// R-tree when it did not move, so re-filing every service is cheap.
    pub fn upsert(&mut self, service: Arc<Service>, locations: &[Option<Arc<Location>>], taxonomies: &Taxonomies) {
        let mut old = self.by_service.remove(&service.id).unwrap_or_default();
        let mut slots = Vec::new();
        if service.data.is_offered() {
            let tz = self.fallback_tz.unwrap_or(Tz::UTC);
            let links = service.data.service_at_locations.len();
            let entries: Vec<Entry> = if links == 0 {
                vec![Entry::new(&service, None, None, taxonomies, tz)]
            } else {
                (0..links)
                    .map(|i| Entry::new(&service, Some(i), locations.get(i).and_then(Option::as_ref), taxonomies, tz))
                    .collect()
            };
            for entry in entries {
                let reused = old.iter().position(|&slot| self.entry(slot).is_some_and(|e| e.id == entry.id));
                let slot = match reused {
                    Some(i) => old.swap_remove(i),
                    None => self.allocate(),
                };
                self.set(slot, Some(entry));
                slots.push(slot);
            }
        }
        for slot in old {
            self.set(slot, None);
        }
        if !slots.is_empty() {
            self.by_service.insert(service.id, slots);
        }
    }

    /// Removes a service's entries.
    pub fn remove(&mut self, id: ServiceId) {
        for slot in self.by_service.remove(&id).unwrap_or_default() {
            self.set(slot, None);
        }
    }

    /// How many entries (service-at-locations of offered services) are indexed.
    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    fn entry(&self, slot: u32) -> Option<&Entry> {
        self.entries.get(slot as usize).and_then(Option::as_ref)
    }

    fn allocate(&mut self) -> u32 {
        self.free.pop().unwrap_or_else(|| {
            self.entries.push(None);
            self.points.push(None);
            (self.entries.len() - 1) as u32
        })
    }

    /// Puts `entry` in `slot` (`None` frees it), updating the name order and the R-tree only
    /// where they change.
    fn set(&mut self, slot: u32, entry: Option<Entry>) {
        let i = slot as usize;
        let point = entry.as_ref().and_then(|e| e.place).and_then(|p| p.unit_vector());
        if self.points[i] != point {
            if let Some(old) = self.points[i] {
                self.places.remove(&Place::new(old, slot));
            }
            if let Some(new) = point {
                self.places.insert(Place::new(new, slot));
            }
            self.points[i] = point;
        }
        let old_key = self.entries[i].take().map(|e| (e.name, e.id, slot));
        let new_key = entry.as_ref().map(|e| (e.name.clone(), e.id, slot));
        if old_key != new_key {
            if let Some(key) = old_key {
                self.by_name.remove(&key);
            }
            if let Some(key) = new_key {
                self.by_name.insert(key);
            }
        }
        if entry.is_none() {
            self.free.push(slot);
        }
        self.entries[i] = entry;
    }
}
