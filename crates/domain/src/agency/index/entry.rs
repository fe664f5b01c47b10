//! One searchable entry (a service at one location) and the checks a query makes on it.
//!
//! Everything a filter reads is computed once when the entry is filed: its category terms with
//! their ancestors (so asking for a term finds services filed under any term below it), its
//! language codes, its folded words, and which schedule rows say when it is open.

use std::sync::Arc;

use chrono_tz::Tz;
use uuid::Uuid;

use super::query::{OpenWindow, ServiceQuery};
use crate::agency::location::Location;
use crate::agency::schedule::{Schedule, open_within};
use crate::agency::service::Service;
use crate::agency::taxonomy::Taxonomies;
use crate::ids::TermId;
use crate::index::GeoPoint;

/// Whose schedule rows say when an entry is open: the most particular that has any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hours {
    /// The service-at-location's own rows (its index in the service's list).
    AtLocation(usize),
    /// The service's rows.
    Service,
    /// The location's rows.
    Location,
    /// No rows anywhere: never matches an `open` filter.
    Unknown,
}

/// A service at one location, as the index files it.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    /// The service-at-location id, or the service id when it has no location.
    pub(super) id: Uuid,
    pub(super) service: Arc<Service>,
    pub(super) location: Option<Arc<Location>>,
    /// The location's place, when it has usable coordinates.
    pub(super) place: Option<GeoPoint>,
    /// The service name, folded, for the name ordering.
    pub(super) name: Box<str>,
    /// The service's terms and their ancestors, sorted.
    categories: Box<[TermId]>,
    /// Lowercase ISO 639 codes of the service and the location, sorted.
    languages: Box<[Box<str>]>,
    /// Folded words of the service and location, sorted, distinct.
    words: Box<[Box<str>]>,
    hours: Hours,
    /// The zone the schedule rows are read in.
    pub(super) tz: Tz,
}

impl Entry {
    /// The entry of `service` at its `sal`-th location (`None`: the service has no locations),
    /// with `location` when it is known.
    pub(super) fn new(
        service: &Arc<Service>,
        sal: Option<usize>,
        location: Option<&Arc<Location>>,
        taxonomies: &Taxonomies,
        fallback_tz: Tz,
    ) -> Entry {
        let data = &service.data;
        let link = sal.and_then(|i| data.service_at_locations.get(i));
        let place = location
            .and_then(|l| l.data.coordinates())
            .map(|(lat, lng)| GeoPoint { lat, lng })
            .filter(|p| p.unit_vector().is_some());
        let mut categories: Vec<TermId> = data.categories.iter().flat_map(|&t| taxonomies.ancestors(t)).collect();
        categories.sort_unstable();
        categories.dedup();
        let location_languages = location.into_iter().flat_map(|l| &l.data.languages);
        let mut languages: Vec<Box<str>> =
            data.languages.iter().chain(location_languages).map(|l| l.code.trim().to_lowercase().into()).collect();
        languages.sort_unstable();
        languages.dedup();
        let hours = match (link, location) {
            (Some(link), _) if !link.schedules.is_empty() => Hours::AtLocation(sal.unwrap_or_default()),
            _ if !data.schedules.is_empty() => Hours::Service,
            (_, Some(l)) if !l.data.schedules.is_empty() => Hours::Location,
            _ => Hours::Unknown,
        };
        Entry {
            id: link.map_or(service.id.0, |l| l.id),
            service: service.clone(),
            location: location.cloned(),
            place,
            name: words(&data.name).join(" ").into(),
            categories: categories.into(),
            languages: languages.into(),
            words: entry_words(service, location).into(),
            hours,
            tz: location.map_or(fallback_tz, |l| l.data.zone(fallback_tz)),
        }
    }

    /// The schedule rows that say when this entry is open (empty when none do).
    pub(super) fn schedules(&self) -> &[Schedule] {
        match self.hours {
            Hours::AtLocation(i) => {
                self.service.data.service_at_locations.get(i).map_or(&[][..], |l| l.schedules.as_slice())
            }
            Hours::Service => &self.service.data.schedules,
            Hours::Location => self.location.as_ref().map_or(&[][..], |l| l.data.schedules.as_slice()),
            Hours::Unknown => &[],
        }
    }
}

/// A query made ready for checking many entries: folded words, sorted terms.
pub(super) struct Filter {
    categories: Vec<TermId>,
    words: Vec<String>,
    language: Option<String>,
    age: Option<u16>,
    open: Option<OpenWindow>,
    /// Answers of the `open` check so far, by zone and hours: most agencies keep one of a few
    /// patterns ("weekdays 9 to 5"), and evaluating rows costs microseconds each time.
    open_seen: Vec<(Tz, Vec<Schedule>, bool)>,
}

/// At most this many distinct hours are remembered per search.
const OPEN_MEMO: usize = 64;

/// Whether two row lists say the same hours (they differ at most in ids and words).
fn same_hours(a: &[Schedule], b: &[Schedule]) -> bool {
    fn timing(r: &Schedule) -> impl PartialEq + '_ {
        (r.freq, r.interval, &r.byday, &r.bymonthday, r.opens_at, r.closes_at, r.valid_from, r.valid_to)
    }
    fn dates(r: &Schedule) -> impl PartialEq {
        (r.dtstart, r.until, r.count, r.wkst)
    }
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| timing(x) == timing(y) && dates(x) == dates(y))
}

impl Filter {
    /// The checks of `q`.
    pub(super) fn of(q: &ServiceQuery) -> Filter {
        let mut categories = q.categories.clone();
        categories.sort_unstable();
        categories.dedup();
        Filter {
            categories,
            words: q.text.as_deref().map(words).unwrap_or_default(),
            language: q.language.as_deref().map(|l| l.trim().to_lowercase()),
            age: q.age,
            open: q.open,
            open_seen: Vec::new(),
        }
    }

    /// True when no entry can fail (every entry matches).
    pub(super) fn is_empty(&self) -> bool {
        self.categories.is_empty()
            && self.words.is_empty()
            && self.language.is_none()
            && self.age.is_none()
            && self.open.is_none()
    }

    /// Whether `entry` passes every check, the costly schedule evaluation last.
    pub(super) fn pass(&mut self, entry: &Entry) -> bool {
        if !self.categories.is_empty() && !self.categories.iter().any(|t| entry.categories.binary_search(t).is_ok()) {
            return false;
        }
        if let Some(language) = &self.language {
            if entry.languages.binary_search_by(|l| (**l).cmp(language.as_str())).is_err() {
                return false;
            }
        }
        if let Some(age) = self.age {
            let data = &entry.service.data;
            if data.minimum_age.is_some_and(|min| age < min) || data.maximum_age.is_some_and(|max| age > max) {
                return false;
            }
        }
        if !self.words.iter().all(|w| begins_some(&entry.words, w)) {
            return false;
        }
        let Some(window) = self.open else { return true };
        let schedules = entry.schedules();
        if schedules.is_empty() {
            return false;
        }
        let seen = self.open_seen.iter().find(|(tz, rows, _)| *tz == entry.tz && same_hours(rows, schedules));
        if let Some(&(_, _, open)) = seen {
            return open;
        }
        let open = open_within(schedules, entry.tz, window.at, window.minutes);
        if self.open_seen.len() < OPEN_MEMO {
            self.open_seen.push((entry.tz, schedules.to_vec(), open));
        }
        open
    }
}

/// Whether `prefix` begins some word of the sorted `words`.
fn begins_some(words: &[Box<str>], prefix: &str) -> bool {
    let i = words.partition_point(|w| &**w < prefix);
    words.get(i).is_some_and(|w| w.starts_with(prefix))
}

/// The distinct words an entry is findable by, sorted: the service's name, alternate name and
/// description, the location's name, and each address's street and city.
fn entry_words(service: &Service, location: Option<&Arc<Location>>) -> Vec<Box<str>> {
    let data = &service.data;
    let mut fields: Vec<&str> = vec![data.name.as_str()];
    fields.extend(data.alternate_name.as_deref());
    fields.extend(data.description.as_deref());
    if let Some(location) = location {
        fields.extend(location.data.name.as_deref());
        for address in &location.data.addresses {
            fields.push(&address.address_1);
            fields.extend(address.address_2.as_deref());
            fields.push(&address.city);
        }
    }
    let mut all: Vec<Box<str>> = fields.into_iter().flat_map(words).map(String::into_boxed_str).collect();
    all.sort_unstable();
    all.dedup();
    all
}

pub(super) use crate::index::text::words;
