//! The in-memory search index of published meetings.
//!
//! Public searches never touch the database: the api loads this index from the store at start
//! and applies every write to it after the write commits. It holds only published meetings, and
//! only as the public may see them ([`Meeting::public_view`]), so nothing private can leak
//! through a search.
//!
//! Each meeting lives in a numbered slot (freed slots are reused), so the posting lists that
//! answer filters are bitsets or sorted lists of slot numbers and an update touches only the
//! meeting's own postings. Places are in an R-tree of unit vectors (see `geo`'s doc), and
//! `starts_within` is resolved once per time zone (see `window`'s doc). Results are ordered by a
//! total key ending in the meeting id, which makes keyset paging exact.

mod bitset;
mod geo;
mod ordered;
mod postings;
mod query;
mod regions;
mod search;
pub(crate) mod text;
mod window;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono_tz::Tz;
use rstar::RTree;
use rstar::primitives::GeomWithData;

pub use geo::{EARTH_RADIUS_KM, GeoPoint};
pub use query::{Cursor, Hit, IN_PROGRESS_GRACE_MINUTES, MeetingQuery, QueryError, SearchPage, StartsWithin};
pub use regions::RegionNode;
pub use search::EXACT_TOTAL_UP_TO;
pub use text::words as fold_words;

use self::bitset::Bitset;
use self::ordered::OrderedIds;
use self::postings::{Keys, Postings};
use self::regions::RegionCounts;
use crate::ids::MeetingId;
use crate::meeting::{Meeting, Status};
use crate::schedule::week_minute;

/// A place in the R-tree: a unit vector and the slot of its meeting.
type Place = GeomWithData<[f64; 3], u32>;

/// The searchable set of published meetings (public view). `Send + Sync`; the api shares it
/// behind a `RwLock`.
#[derive(Debug, Default)]
pub struct SearchIndex {
    /// The meeting in each slot; `None` for free slots.
    meetings: Vec<Option<Arc<Meeting>>>,
    /// Per slot, the fields every candidate is checked on, kept apart for cache-friendly scans.
    ids: Vec<MeetingId>,
    week_minutes: Vec<u32>,
    zone_of: Vec<u16>,
    points: Vec<Option<[f64; 3]>>,
    /// The slots in use.
    live: Bitset,
    free: Vec<u32>,
    by_id: HashMap<MeetingId, u32>,
    /// Every id in id order with positions, so a page of an id-ordered list (HSDS) is read
    /// without sorting or walking every meeting.
    in_id_order: OrderedIds,
    by_slug: BTreeMap<(String, MeetingId), u32>,
    /// Every slot in schedule order `(week minute, id, slot)`, so an unselective listing reads
    /// one page instead of scanning every meeting.
    by_schedule: BTreeSet<(u32, MeetingId, u32)>,
    /// Every time zone seen, numbered (never shrinks; there are a few hundred at most).
    zones: Vec<Tz>,
    zone_numbers: HashMap<Tz, u16>,
    postings: Postings,
    places: RTree<Place>,
    regions: RegionCounts,
    /// How many meetings this index has handed out, for the operator's metrics and for tests
    /// that check a request reads only what it answers with (see [`SearchIndex::visited`]).
    visited: AtomicU64,
    /// How many places radius searches have checked (walked in the tree or tested from a small
    /// mask), so that tests can state a page's work without timing it.
    examined: AtomicU64,
}

impl SearchIndex {
    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    /// An index of `meetings`, keeping only published ones (the last of any repeated id wins).
    pub fn build(meetings: impl IntoIterator<Item = Meeting>) -> Self {
        let meetings = meetings.into_iter();
        let mut index = Self::new();
        index.reserve(meetings.size_hint().0);
        for meeting in meetings {
            // The R-tree is still empty here, so this only undoes an earlier repeat's postings.
            index.remove(meeting.id);
            if meeting.data.status == Status::Published {
                index.insert(meeting.public_view());
            }
        }
        let places = index.live.iter().filter_map(|slot| Some(Place::new(index.points[slot as usize]?, slot)));
        index.places = RTree::bulk_load(places.collect());
        index.in_id_order = OrderedIds::build(index.by_id.keys().copied().collect());
        index
    }

    /// Adds or replaces a meeting by id; a meeting that is not published is removed instead.
    pub fn upsert(&mut self, meeting: &Meeting) {
        self.remove(meeting.id);
        if meeting.data.status == Status::Published {
            let slot = self.insert(meeting.public_view());
            if let Some(point) = self.points[slot as usize] {
                self.places.insert(Place::new(point, slot));
            }
            self.in_id_order.insert(meeting.id);
        }
    }

    /// Removes a meeting by id, if indexed.
    pub fn remove(&mut self, id: MeetingId) {
        let Some(slot) = self.by_id.remove(&id) else { return };
        self.in_id_order.remove(id);
        let Some(meeting) = self.meetings.get_mut(slot as usize).and_then(Option::take) else { return };
        if let Some(point) = self.points[slot as usize].take() {
            self.places.remove(&Place::new(point, slot));
        }
        self.postings.remove(slot, &Keys::of(&meeting));
        self.regions.remove(meeting.data.regions());
        self.by_slug.remove(&(meeting.data.slug.clone(), id));
        self.by_schedule.remove(&(self.week_minutes[slot as usize], id, slot));
        self.live.remove(slot);
        self.free.push(slot);
    }

    /// How many meetings are indexed.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// True when no meeting is indexed.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// The indexed meeting with this id.
    pub fn get(&self, id: MeetingId) -> Option<Arc<Meeting>> {
        self.by_id.get(&id).and_then(|&slot| self.handed_out(slot))
    }

    /// The indexed meeting with this slug.
    pub fn get_by_slug(&self, slug: &str) -> Option<Arc<Meeting>> {
        let from = (slug.to_string(), MeetingId(uuid::Uuid::nil()));
        let (key, &slot) = self.by_slug.range(from..).next()?;
        (key.0 == slug).then(|| self.handed_out(slot)).flatten()
    }

    /// Every indexed meeting, sorted by slug (then id).
    pub fn meetings(&self) -> Vec<Arc<Meeting>> {
        self.count_visits(self.len());
        self.by_slug.values().filter_map(|&slot| self.meeting(slot).cloned()).collect()
    }

    /// Up to `count` meetings in id order, from position `from` (0 is the lowest id): a page of
    /// an id-ordered list, found without reading the meetings before it.
    pub fn page_in_id_order(&self, from: usize, count: usize) -> Vec<Arc<Meeting>> {
        let page: Vec<Arc<Meeting>> = self
            .in_id_order
            .from(from)
            .take(count)
            .filter_map(|id| self.by_id.get(&id).and_then(|&slot| self.meeting(slot)).cloned())
            .collect();
        self.count_visits(page.len());
        page
    }

    /// Every indexed meeting in id order, for lists that filter on what only the meeting says.
    pub fn meetings_in_id_order(&self) -> impl Iterator<Item = &Arc<Meeting>> + '_ {
        self.count_visits(self.len());
        self.in_id_order.from(0).filter_map(|id| self.by_id.get(&id).and_then(|&slot| self.meeting(slot)))
    }

    /// The id at `position` in id order (0 is the lowest), without reading the meeting.
    pub fn id_at(&self, position: usize) -> Option<MeetingId> {
        self.in_id_order.get(position)
    }

    /// How many indexed meetings have an id lower than `id`.
    pub fn ids_before(&self, id: MeetingId) -> usize {
        self.in_id_order.rank(id)
    }

    /// How many meetings this index has handed out since it was built (through [`Self::get`],
    /// search hits, [`Self::meetings`] and the id-order reads): a request that answers from a
    /// cache or reads one page should move it by nothing or by the page, never by the
    /// directory's size. Exported in the metrics.
    pub fn visited(&self) -> u64 {
        self.visited.load(Ordering::Relaxed)
    }

    /// How many places radius searches have checked since the index was built.
    #[cfg(test)]
    pub(crate) fn examined(&self) -> u64 {
        self.examined.load(Ordering::Relaxed)
    }

    fn count_visits(&self, n: usize) {
        self.visited.fetch_add(n as u64, Ordering::Relaxed);
    }

    /// The meeting in `slot`, counted as handed out.
    fn handed_out(&self, slot: u32) -> Option<Arc<Meeting>> {
        let meeting = self.meeting(slot).cloned();
        self.count_visits(usize::from(meeting.is_some()));
        meeting
    }

    /// The region tree of the indexed meetings, with counts.
    pub fn regions(&self) -> Vec<RegionNode> {
        self.regions.tree()
    }

    fn meeting(&self, slot: u32) -> Option<&Arc<Meeting>> {
        self.meetings.get(slot as usize).and_then(Option::as_ref)
    }

    /// Puts a (public-view, published) meeting in a slot and files it everywhere but the R-tree.
    fn insert(&mut self, meeting: Meeting) -> u32 {
        let data = &meeting.data;
        let point = data.coordinates().and_then(|(lat, lng)| GeoPoint { lat, lng }.unit_vector());
        let zone = self.zone_number(data.timezone);
        let week_minute = week_minute(data.day, data.time);
        let slot = match self.free.pop() {
            Some(slot) => {
                let i = slot as usize;
                self.ids[i] = meeting.id;
                self.week_minutes[i] = week_minute;
                self.zone_of[i] = zone;
                self.points[i] = point;
                slot
            }
            None => {
                self.ids.push(meeting.id);
                self.week_minutes.push(week_minute);
                self.zone_of.push(zone);
                self.points.push(point);
                self.meetings.push(None);
                (self.meetings.len() - 1) as u32
            }
        };
        self.postings.add(slot, Keys::of(&meeting));
        self.regions.add(meeting.data.regions());
        self.by_id.insert(meeting.id, slot);
        self.by_slug.insert((meeting.data.slug.clone(), meeting.id), slot);
        self.by_schedule.insert((week_minute, meeting.id, slot));
        self.live.insert(slot);
        self.meetings[slot as usize] = Some(Arc::new(meeting));
        slot
    }

    fn reserve(&mut self, additional: usize) {
        self.meetings.reserve(additional);
        self.ids.reserve(additional);
        self.week_minutes.reserve(additional);
        self.zone_of.reserve(additional);
        self.points.reserve(additional);
        self.by_id.reserve(additional);
    }

    fn zone_number(&mut self, tz: Tz) -> u16 {
        if let Some(&n) = self.zone_numbers.get(&tz) {
            return n;
        }
        let n = self.zones.len() as u16;
        self.zones.push(tz);
        self.zone_numbers.insert(tz, n);
        n
    }
}
