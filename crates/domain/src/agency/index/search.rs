//! Answering a services query: candidates, per-entry checks, ordering and keyset paging.
//!
//! With `near`, candidates come from the R-tree walk of the radius, and only those whose chord
//! falls near a boundary (the radius, the cursor, the last place on the page) get an exact
//! haversine distance; only the first `limit` after the cursor are put in order (partial
//! selection). Without `near`, the name-ordered set is read from the start: every entry is
//! checked for `total`, and the page is the first `limit` matches after the cursor.

use std::ops::Bound;

use super::entry::{Entry, Filter};
use super::query::{ServiceCursor, ServiceHit, ServicePage, ServiceQuery};
use super::{ServiceIndex, Taxonomies};
use crate::agency::schedule::next_open;
use crate::index::{GeoPoint, QueryError};

/// A match of a radius search; `km` is filled in only when needed (boundary, cursor, page).
struct Near {
    chord2: f64,
    slot: u32,
    km: Option<f64>,
}

impl ServiceIndex {
    /// One page of the entries matching `q`, nearest first with `near`, else by name (see
    /// [`ServiceQuery`]). Category terms match the services filed under them or any term
    /// below (the index files each service under its terms' ancestors).
    pub fn search(&self, q: &ServiceQuery, _taxonomies: &Taxonomies) -> Result<ServicePage, QueryError> {
        let mut filter = Filter::of(q);
        match (q.near, &q.after) {
            (Some(near), None) => Ok(self.search_near(q, near, &mut filter, None)),
            (Some(near), Some(ServiceCursor::Distance { km, id })) => {
                let km: f64 = km.parse().map_err(|_| QueryError::CursorMismatch)?;
                Ok(self.search_near(q, near, &mut filter, Some((km, *id))))
            }
            (None, None) => Ok(self.search_by_name(q, &mut filter, None)),
            (None, Some(ServiceCursor::Name { name, id })) => {
                Ok(self.search_by_name(q, &mut filter, Some((name, *id))))
            }
            _ => Err(QueryError::CursorMismatch),
        }
    }

    fn search_near(
        &self,
        q: &ServiceQuery,
        near: GeoPoint,
        filter: &mut Filter,
        after: Option<(f64, uuid::Uuid)>,
    ) -> ServicePage {
        let radius = q.radius_km;
        let Some(target) = near.unit_vector().filter(|_| radius >= 0.0) else {
            return ServicePage { items: Vec::new(), next: None, total: 0 };
        };
        // Squared chords below `inside` are surely within the radius, above `reach` surely not.
        let (inside, reach) = GeoPoint::chord2_band_of_km(radius);
        let cursor = after.map(|(km, id)| (km, id, GeoPoint::chord2_band_of_km(km)));
        let mut total = 0;
        let mut found: Vec<Near> = Vec::new();
        for place in self.places.locate_within_distance(target, reach) {
            let slot = place.data;
            let Some(entry) = self.entry(slot) else { continue };
            let chord2 = GeoPoint::chord2_between(place.geom(), &target);
            let mut km = None;
            if chord2 > inside {
                let distance = distance_km(entry, near);
                if distance > radius {
                    continue;
                }
                km = Some(distance);
            }
            if !filter.pass(entry) {
                continue;
            }
            total += 1;
            if let Some((cursor_km, cursor_id, (before, beyond))) = cursor {
                if chord2 < before {
                    continue;
                }
                if chord2 <= beyond {
                    let distance = km.unwrap_or_else(|| distance_km(entry, near));
                    if distance.total_cmp(&cursor_km).then(entry.id.cmp(&cursor_id)).is_le() {
                        continue;
                    }
                    km = Some(distance);
                }
            }
            found.push(Near { chord2, slot, km });
        }
        let more = q.limit > 0 && found.len() > q.limit;
        if more {
            // Only near-ties of the limit-th chord can still swap places by exact distance.
            found.select_nth_unstable_by(q.limit - 1, |a, b| a.chord2.total_cmp(&b.chord2));
            let (_, cutoff) = GeoPoint::chord2_band_of_chord(found[q.limit - 1].chord2.sqrt());
            found.retain(|n| n.chord2 <= cutoff);
        }
        let mut keyed: Vec<(f64, &Entry)> = found
            .iter()
            .filter_map(|n| {
                let entry = self.entry(n.slot)?;
                Some((n.km.unwrap_or_else(|| distance_km(entry, near)), entry))
            })
            .collect();
        let order = |a: &(f64, &Entry), b: &(f64, &Entry)| a.0.total_cmp(&b.0).then(a.1.id.cmp(&b.1.id));
        if q.limit > 0 && keyed.len() > q.limit {
            keyed.select_nth_unstable_by(q.limit - 1, order);
            keyed.truncate(q.limit);
        }
        keyed.sort_unstable_by(order);
        let next = keyed.last().filter(|_| more).map(|&(km, e)| ServiceCursor::at_distance(km, e.id));
        let items = keyed.iter().map(|&(km, entry)| hit(entry, Some(km), q)).collect();
        ServicePage { items, next, total }
    }

    fn search_by_name(
        &self,
        q: &ServiceQuery,
        filter: &mut Filter,
        after: Option<(&String, uuid::Uuid)>,
    ) -> ServicePage {
        let wanted = if q.limit == 0 { usize::MAX } else { q.limit + 1 };
        let mut page: Vec<&Entry> = Vec::new();
        let total;
        if filter.is_empty() {
            // Nothing to check: the page is read after the cursor, the total is the index's size.
            total = self.len();
            let from = match after {
                Some((name, id)) => Bound::Excluded((name.as_str().into(), id, u32::MAX)),
                None => Bound::Unbounded,
            };
            let range = self.by_name.range::<(Box<str>, uuid::Uuid, u32), _>((from, Bound::Unbounded));
            page.extend(range.filter_map(|(_, _, slot)| self.entry(*slot)).take(wanted));
        } else {
            let mut count = 0;
            for (name, id, slot) in &self.by_name {
                let Some(entry) = self.entry(*slot) else { continue };
                if !filter.pass(entry) {
                    continue;
                }
                count += 1;
                let past = after.is_none_or(|(n, i)| (&**name, *id) > (n.as_str(), i));
                if past && page.len() < wanted {
                    page.push(entry);
                }
            }
            total = count;
        }
        let more = q.limit > 0 && page.len() > q.limit;
        if more {
            page.truncate(q.limit);
        }
        let next = page.last().filter(|_| more).map(|e| ServiceCursor::Name { name: e.name.to_string(), id: e.id });
        let items = page.iter().map(|entry| hit(entry, None, q)).collect();
        ServicePage { items, next, total }
    }
}

/// The haversine distance from `near` to the entry's place (infinite without one), computed
/// as the meetings index does, so equal places give bit-equal distances across both kinds.
fn distance_km(entry: &Entry, near: GeoPoint) -> f64 {
    entry.place.map_or(f64::INFINITY, |place| near.distance_km(place))
}

fn hit(entry: &Entry, distance_km: Option<f64>, q: &ServiceQuery) -> ServiceHit {
    let schedules = entry.schedules();
    let next_open =
        q.open.filter(|_| !schedules.is_empty()).and_then(|window| next_open(schedules, entry.tz, window.at));
    ServiceHit {
        entry_id: entry.id,
        service: entry.service.clone(),
        location: entry.location.clone(),
        distance_km,
        next_open,
    }
}
