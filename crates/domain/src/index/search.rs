//! Answering a query: candidates, per-meeting checks, ordering and keyset paging.
//!
//! Candidates come from the cheaper of two sources: with `near`, the R-tree's places within the
//! radius (testing the posting-list mask per place) unless the mask itself is small; without
//! `near`, the mask (or every slot). Every candidate is counted for `total`, except in a crowded
//! radius: there the tree is walked nearest first, and the walk stops once the page is settled
//! and `EXACT_TOTAL_UP_TO` matches are counted (then `total` is a lower bound). Only candidates
//! after the cursor are kept, and only the first `limit` of them are put in order (partial
//! selection).

use chrono::DateTime;

use super::SearchIndex;
use super::bitset::Bitset;
use super::geo::{GeoPoint, chord_of_km, chord2, chord2_band};
use super::query::{Cursor, Hit, MeetingQuery, Order, QueryError, SearchPage};
use super::window::StartWindows;
use crate::ids::MeetingId;
use crate::schedule::{Day, TimeOfDay};

/// Below this many mask members, a radius search tests the members instead of walking the tree.
/// Tests use a tiny limit so that their small indexes exercise both paths.
const MASK_WALK_LIMIT: usize = if cfg!(test) { 8 } else { 2_048 };

/// A radius search always counts its matches exactly up to this many. In a crowded radius
/// (see [`RANGE_FIRST_FACTOR`]), once the page is settled and this many are counted the walk
/// stops and `total` is this number as a lower bound (`total_exact` false), so a page at a
/// dense point costs a fixed amount plus the page, not every meeting in the radius.
pub const EXACT_TOTAL_UP_TO: usize = 1_000;

/// A radius search first tries the bulk range query, which counts exactly; when more than this
/// many times the count threshold of places pass the mask, it walks nearest first instead.
const RANGE_FIRST_FACTOR: usize = 4;

/// A schedule-ordered listing walks the ordered set when the mask holds at least one meeting in
/// this many (so a page is found after a few dozen steps); a rarer mask is scanned instead.
const UNSELECTIVE_SHARE: usize = if cfg!(test) { 2 } else { 16 };

/// The per-meeting checks that posting lists cannot answer: start time and `starts_within`.
struct Checks<'a> {
    index: &'a SearchIndex,
    q: &'a MeetingQuery,
    windows: Option<StartWindows>,
}

impl Checks<'_> {
    /// `None` when the meeting in `slot` fails; otherwise its start in the `starts_within`
    /// window (unix seconds), if the query has one.
    #[inline]
    fn pass(&mut self, slot: u32) -> Option<Option<i64>> {
        let i = slot as usize;
        let week_minute = self.index.week_minutes[i];
        let minute_of_day = (week_minute % (24 * 60)) as u16;
        if !self.q.time_matches(minute_of_day) {
            return None;
        }
        let Some(windows) = &mut self.windows else { return Some(None) };
        let zone = self.index.zone_of[i];
        let tz = *self.index.zones.get(usize::from(zone))?;
        let day = Day::from_index((week_minute / (24 * 60)) as u8)?;
        let time = TimeOfDay::from_minutes(minute_of_day)?;
        windows.start(zone, tz, day, time).map(Some)
    }
}

/// A match of a radius search; `km` is filled in only when needed (boundary, cursor, page).
struct Near {
    chord2: f64,
    slot: u32,
    km: Option<f64>,
    start: Option<i64>,
}

/// A match ordered by schedule or start: `(week minute or unix start, id)`.
struct Timed {
    key: (i64, MeetingId),
    slot: u32,
    start: Option<i64>,
}

impl SearchIndex {
    /// One page of the meetings matching `q`, in the query's order (see [`MeetingQuery`]).
    pub fn search(&self, q: &MeetingQuery) -> Result<SearchPage, QueryError> {
        self.search_counting_up_to(q, EXACT_TOTAL_UP_TO)
    }

    /// [`Self::search`], with a radius search counting exactly up to `exact_up_to` matches
    /// (tests use small numbers so that small indexes pass it).
    pub(crate) fn search_counting_up_to(&self, q: &MeetingQuery, exact_up_to: usize) -> Result<SearchPage, QueryError> {
        let order = q.order();
        if q.after.as_ref().is_some_and(|c| c.order() != order) {
            return Err(QueryError::CursorMismatch);
        }
        let mask = self.postings.mask(q);
        let windows = q.starts_within.map(|s| StartWindows::new(s, self.zones.len()));
        let mut checks = Checks { index: self, q, windows };
        Ok(match q.near {
            Some(near) => self.search_near(q, near, mask.as_ref(), &mut checks, exact_up_to),
            None => self.search_timed(q, order, mask.as_ref(), &mut checks),
        })
    }

    fn search_timed(
        &self,
        q: &MeetingQuery,
        order: Order,
        mask: Option<&Bitset>,
        checks: &mut Checks<'_>,
    ) -> SearchPage {
        let cursor = match q.after {
            Some(Cursor::Schedule { week_minute, id }) => Some((i64::from(week_minute), id)),
            Some(Cursor::Start { at, id }) => Some((at, id)),
            _ => None,
        };
        let unselective = mask.is_none_or(|m| m.count() * UNSELECTIVE_SHARE >= self.len());
        if order == Order::Schedule && q.time_from.is_none() && q.time_to.is_none() && unselective {
            return self.search_schedule_order(q, mask, cursor);
        }
        let mut total = 0;
        let mut after_cursor = 0;
        let mut found = Vec::new();
        // Keys at or past `bound` cannot make this page; it tightens as `found` is pruned.
        let mut bound = None;
        for slot in mask.unwrap_or(&self.live).iter() {
            let Some(start) = checks.pass(slot) else { continue };
            total += 1;
            let primary = match (order, start) {
                (Order::Start, Some(start)) => start,
                _ => i64::from(self.week_minutes[slot as usize]),
            };
            let key = (primary, self.ids[slot as usize]);
            if cursor.is_some_and(|c| key <= c) {
                continue;
            }
            after_cursor += 1;
            if bound.is_none_or(|b| key < b) {
                found.push(Timed { key, slot, start });
                if q.limit > 0 && found.len() >= 2 * q.limit + 64 {
                    found.select_nth_unstable_by(q.limit - 1, |a, b| a.key.cmp(&b.key));
                    found.truncate(q.limit);
                    bound = found.last().map(|t| t.key);
                }
            }
        }
        let more = q.limit > 0 && after_cursor > q.limit;
        first_in_order(&mut found, q.limit, |a, b| a.key.cmp(&b.key));
        let next = found.last().filter(|_| more).map(|last| match order {
            Order::Start => Cursor::Start { at: last.key.0, id: last.key.1 },
            _ => Cursor::Schedule { week_minute: last.key.0 as u32, id: last.key.1 },
        });
        let items = found.iter().filter_map(|t| self.hit(t.slot, None, t.start)).collect();
        SearchPage { items, next, total, total_exact: true }
    }

    /// Schedule order without per-meeting checks: `total` is the mask's size, and the page is
    /// read from the schedule-ordered set, starting after the cursor. Only used when the mask
    /// holds a good share of the index, so the walk finds a page's worth quickly.
    fn search_schedule_order(
        &self,
        q: &MeetingQuery,
        mask: Option<&Bitset>,
        cursor: Option<(i64, MeetingId)>,
    ) -> SearchPage {
        use std::ops::Bound;
        let total = mask.map_or(self.len(), Bitset::count);
        let from = match cursor {
            Some((week_minute, id)) => Bound::Excluded((u32::try_from(week_minute).unwrap_or(u32::MAX), id, u32::MAX)),
            None => Bound::Unbounded,
        };
        let wanted = if q.limit == 0 { usize::MAX } else { q.limit + 1 };
        let mut page: Vec<(u32, MeetingId, u32)> = self
            .by_schedule
            .range((from, Bound::Unbounded))
            .filter(|(_, _, slot)| mask.is_none_or(|m| m.contains(*slot)))
            .take(wanted)
            .copied()
            .collect();
        let more = q.limit > 0 && page.len() > q.limit;
        page.truncate(if q.limit == 0 { page.len() } else { q.limit });
        let next = page.last().filter(|_| more).map(|&(week_minute, id, _)| Cursor::Schedule { week_minute, id });
        let items = page.iter().filter_map(|&(_, _, slot)| self.hit(slot, None, None)).collect();
        SearchPage { items, next, total, total_exact: true }
    }

    fn search_near(
        &self,
        q: &MeetingQuery,
        near: GeoPoint,
        mask: Option<&Bitset>,
        checks: &mut Checks<'_>,
        exact_up_to: usize,
    ) -> SearchPage {
        let radius = q.radius_km;
        let Some(target) = near.unit_vector().filter(|_| radius >= 0.0) else {
            return SearchPage { items: Vec::new(), next: None, total: 0, total_exact: true };
        };
        // Squared chords below `inside` are surely within the radius, above `reach` surely not.
        let (inside, reach) = chord2_band(chord_of_km(radius));
        let cursor = match q.after {
            Some(Cursor::Distance { km, id }) => Some((km, id, chord2_band(chord_of_km(km)))),
            _ => None,
        };
        // `None`: not a match; `Some(None)`: a match at or before the cursor (counted only).
        let mut consider = |slot: u32, chord2: f64| -> Option<Option<Near>> {
            let start = checks.pass(slot)?;
            let mut km = None;
            if chord2 > inside {
                let distance = self.distance_km(slot, near);
                if distance > radius {
                    return None;
                }
                km = Some(distance);
            }
            if let Some((cursor_km, cursor_id, (before, after))) = cursor {
                if chord2 < before {
                    return Some(None);
                }
                if chord2 <= after {
                    let distance = km.unwrap_or_else(|| self.distance_km(slot, near));
                    let id = self.ids[slot as usize];
                    if distance.total_cmp(&cursor_km).then(id.cmp(&cursor_id)).is_le() {
                        return Some(None);
                    }
                    km = Some(distance);
                }
            }
            Some(Some(Near { chord2, slot, km, start }))
        };
        let mut total = 0;
        let mut examined = 0;
        let mut total_exact = true;
        let mut found: Vec<Near> = Vec::new();
        match mask.filter(|m| m.count() <= MASK_WALK_LIMIT) {
            Some(small) => {
                for slot in small.iter() {
                    examined += 1;
                    if let Some(point) = &self.points[slot as usize] {
                        let c2 = chord2(point, &target);
                        if c2 <= reach {
                            if let Some(matched) = consider(slot, c2) {
                                total += 1;
                                found.extend(matched);
                            }
                        }
                    }
                }
            }
            None => {
                // The bulk range query costs about half as much per place as the nearest-first
                // walk, and counts exactly: use it while the radius holds few places that pass
                // the mask. Past `RANGE_FIRST_FACTOR` times the threshold, give up on it.
                let cap = exact_up_to.saturating_mul(RANGE_FIRST_FACTOR);
                let mut passing = 0;
                for place in self.places.locate_within_distance(target, reach) {
                    examined += 1;
                    if mask.is_none_or(|m| m.contains(place.data)) {
                        passing += 1;
                        if passing > cap {
                            break;
                        }
                        if let Some(matched) = consider(place.data, chord2(place.geom(), &target)) {
                            total += 1;
                            found.extend(matched);
                        }
                    }
                }
                if passing > cap {
                    // Crowded: start again nearest first, so the walk can stop as soon as the
                    // page is settled and enough matches are counted. Its cost is the cap, the
                    // page and `exact_up_to`, not the number of meetings in the radius.
                    total = 0;
                    found.clear();
                    for place in self.places.nearest_neighbor_iter(&target) {
                        examined += 1;
                        let c2 = chord2(place.geom(), &target);
                        if c2 > reach {
                            break;
                        }
                        if total >= exact_up_to && page_settled(&found, q.limit, c2) {
                            total_exact = false;
                            break;
                        }
                        if mask.is_none_or(|m| m.contains(place.data)) {
                            if let Some(matched) = consider(place.data, c2) {
                                total += 1;
                                found.extend(matched);
                            }
                        }
                    }
                }
            }
        }
        self.examined.fetch_add(examined, std::sync::atomic::Ordering::Relaxed);
        if !total_exact {
            // A lower bound that stays the same on every page of the search.
            total = exact_up_to;
        }
        let more = q.limit > 0 && found.len() > q.limit;
        if more {
            // Only near-ties of the limit-th chord can still swap places by exact distance.
            found.select_nth_unstable_by(q.limit - 1, |a, b| a.chord2.total_cmp(&b.chord2));
            let (_, cutoff) = chord2_band(found[q.limit - 1].chord2.sqrt());
            found.retain(|n| n.chord2 <= cutoff);
        }
        for n in &mut found {
            n.km = n.km.or_else(|| Some(self.distance_km(n.slot, near)));
        }
        let ids = &self.ids;
        let key = |n: &Near| (n.km.unwrap_or(f64::INFINITY), ids[n.slot as usize]);
        first_in_order(&mut found, q.limit, |a, b| {
            let (a, b) = (key(a), key(b));
            a.0.total_cmp(&b.0).then(a.1.cmp(&b.1))
        });
        let next = found.last().filter(|_| more).map(|last| {
            let (km, id) = key(last);
            Cursor::Distance { km, id }
        });
        let items = found.iter().filter_map(|n| self.hit(n.slot, n.km, n.start)).collect();
        SearchPage { items, next, total, total_exact }
    }

    /// The haversine distance from `near` to the meeting in `slot` (infinite without a place).
    fn distance_km(&self, slot: u32, near: GeoPoint) -> f64 {
        match self.meeting(slot).and_then(|m| m.data.coordinates()) {
            Some((lat, lng)) => near.distance_km(GeoPoint { lat, lng }),
            None => f64::INFINITY,
        }
    }

    fn hit(&self, slot: u32, distance_km: Option<f64>, start: Option<i64>) -> Option<Hit> {
        let meeting = self.handed_out(slot)?;
        let tz = meeting.data.timezone;
        let next_start = start.and_then(|s| DateTime::from_timestamp(s, 0)).map(|t| t.with_timezone(&tz));
        Some(Hit { meeting, distance_km, next_start })
    }
}

/// True when no place at squared chord `c2` or farther can still enter the first `limit` of
/// `found` (filled nearest first) and one more match is known, so `next` is right: only
/// near-ties of the `limit`-th chord could still swap places by exact distance.
fn page_settled(found: &[Near], limit: usize, c2: f64) -> bool {
    if limit == 0 || found.len() <= limit {
        return false;
    }
    let (_, cutoff) = chord2_band(found[limit - 1].chord2.sqrt());
    c2 > cutoff
}

/// Keeps the first `limit` of `items` (all when `limit` is 0), in order.
fn first_in_order<T>(items: &mut Vec<T>, limit: usize, cmp: impl Fn(&T, &T) -> std::cmp::Ordering) {
    if limit > 0 && items.len() > limit {
        items.select_nth_unstable_by(limit - 1, &cmp);
        items.truncate(limit);
    }
    items.sort_unstable_by(cmp);
}
