//! Probable duplicate meetings across sources, for staff review (never merged automatically).
//!
//! The same meeting often arrives twice: one intergroup's site re-exports what it imported from
//! another, or a meeting was typed in here and later came in from a feed. Two published
//! listings are a probable pair when either
//! - they are the same place and time: same program and day, starts at most
//!   [`MAX_START_GAP_MINUTES`] apart, names alike (see [`names_alike`]), and both located within
//!   [`MAX_DISTANCE_M`] of each other; or
//! - they are the same online room at the same time: the same conference link (see
//!   [`room_key`]) starting at most [`MAX_START_GAP_MINUTES`] apart. A room holds one meeting
//!   at a time, while one group's listings for different days often share a link, so the day
//!   and time matter here too but the names do not.
//!
//! Comparing every pair of a large directory would be quadratic, so listings are bucketed
//! (by program and day, or by room) and sorted by start; only neighbours within the time gap
//! are compared, at most [`MAX_NEIGHBOURS`] of them per listing. Many identical listings
//! would still make a quadratic answer, so the caller caps the number of pairs too.

mod conference;

use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use conference::room_key;

use crate::ids::{MeetingId, SourceId};
use crate::index::{GeoPoint, fold_words};
use crate::meeting::Meeting;
use crate::schedule::{Day, MINUTES_PER_WEEK, TimeOfDay, resolve_local};

/// Starts further apart than this (in minutes) are different meetings.
pub const MAX_START_GAP_MINUTES: u32 = 5;
/// Places further apart than this (in metres) are different places.
pub const MAX_DISTANCE_M: f64 = 150.0;
/// Names whose word sets overlap at least this much (Jaccard index) are alike.
pub const MIN_NAME_SIMILARITY: f64 = 0.5;
/// Each listing is compared with at most this many later listings of its bucket, so a crowd
/// of identical listings costs time in proportion to its size, not to its square.
pub const MAX_NEIGHBOURS: usize = 50;

/// Why two listings look like one meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DuplicateReason {
    /// The same conference room (link) at the same day and time.
    SameConferenceUrl,
    /// The same program, day and time, alike names, and within 150 m.
    SamePlaceAndTime,
}

/// One listing of a probable duplicate pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DuplicateListing {
    /// The listing's id.
    pub id: MeetingId,
    /// Its slug.
    pub slug: String,
    /// Its name.
    pub name: String,
    /// Its program.
    pub program: String,
    /// Day of the week, 0 = Sunday … 6 = Saturday.
    #[cfg_attr(feature = "openapi", schema(value_type = u8, minimum = 0, maximum = 6))]
    pub day: Day,
    /// Start time "HH:MM", local to the listing's time zone.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "19:00"))]
    pub time: TimeOfDay,
    /// The import source that brought it; absent when staff entered it here (or when the
    /// caller did not look provenance up).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_id: Option<SourceId>,
}

/// Two listings that probably describe one meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DuplicatePair {
    /// The listing with the smaller id.
    pub first: DuplicateListing,
    /// The other listing.
    pub second: DuplicateListing,
    /// Every rule the pair meets, sorted.
    pub reasons: Vec<DuplicateReason>,
    /// The distance between their places in metres (to 0.1 m), when both have coordinates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance_m: Option<f64>,
}

/// Probable duplicate pairs among `meetings`, at most `max_pairs` of them, ordered by the first
/// listing's id, then the second's. Each pair appears once, with every reason that applies.
///
/// Look-alike listings make the number of pairs grow with the square of their number, so the
/// work is bounded twice: each listing is compared with at most [`MAX_NEIGHBOURS`] later ones
/// in its bucket, and no new pair is taken once `max_pairs` are found (buckets are walked in a
/// fixed order, so the same listings give the same answer).
pub fn find_duplicates<M: Borrow<Meeting>>(meetings: &[M], max_pairs: usize) -> Vec<DuplicatePair> {
    let facts: Vec<Facts<'_>> = meetings.iter().map(|m| Facts::of(m.borrow())).collect();
    let mut found = Found { facts: &facts, max_pairs, pairs: BTreeMap::new() };

    let mut by_day: BTreeMap<(&str, Day), Vec<usize>> = BTreeMap::new();
    let mut by_room: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, f) in facts.iter().enumerate() {
        if f.point.is_some() {
            by_day.entry((f.meeting.data.program.as_str(), f.meeting.data.day)).or_default().push(i);
        }
        if let Some(room) = &f.room {
            by_room.entry(room.as_str()).or_default().push(i);
        }
    }

    for mut bucket in by_day.into_values() {
        // Sorting by id as well keeps the walk, and so what a cap keeps, independent of input
        // order.
        bucket.sort_by_key(|&i| (facts[i].meeting.data.time, facts[i].meeting.id));
        same_place_pairs(&bucket, &mut found);
    }
    for mut bucket in by_room.into_values() {
        bucket.sort_by_key(|&i| (facts[i].utc_week_minute, facts[i].meeting.id));
        same_room_pairs(&bucket, &mut found);
    }

    let pairs = found.pairs;
    let mut pairs: Vec<DuplicatePair> = pairs
        .into_iter()
        .map(|((a, b), reasons)| DuplicatePair {
            first: facts[a].listing(),
            second: facts[b].listing(),
            reasons: reasons.into_iter().collect(),
            distance_m: distance_m(&facts[a], &facts[b]).map(|d| (d * 10.0).round() / 10.0),
        })
        .collect();
    // The map is keyed by position in `meetings`; the promised order is by id.
    pairs.sort_by_key(|p| (p.first.id, p.second.id));
    pairs
}

/// Each listing of a program-and-day bucket (sorted by start) is compared with the next ones
/// starting within [`MAX_START_GAP_MINUTES`], at most [`MAX_NEIGHBOURS`] of them.
fn same_place_pairs(bucket: &[usize], found: &mut Found<'_, '_>) {
    let facts = found.facts;
    for (n, &a) in bucket.iter().enumerate() {
        if found.is_full() {
            return;
        }
        let start = u32::from(facts[a].meeting.data.time.minutes());
        for &b in bucket[n + 1..].iter().take(MAX_NEIGHBOURS) {
            if u32::from(facts[b].meeting.data.time.minutes()) - start > MAX_START_GAP_MINUTES {
                break;
            }
            if same_place(&facts[a], &facts[b]) {
                found.note(a, b, DuplicateReason::SamePlaceAndTime);
            }
        }
    }
}

/// Each listing of a room bucket (sorted by UTC start) is paired with the next ones starting
/// within [`MAX_START_GAP_MINUTES`], at most [`MAX_NEIGHBOURS`] of them. This walk continues
/// once the cap is reached, only to complete the reasons of pairs already found.
fn same_room_pairs(bucket: &[usize], found: &mut Found<'_, '_>) {
    let facts = found.facts;
    for (n, &a) in bucket.iter().enumerate() {
        // The week wraps: a listing late on Saturday (UTC) is near one early on Sunday, so the
        // bucket is walked once more from its start after its end.
        for &b in bucket[n + 1..].iter().chain(&bucket[..n]).take(MAX_NEIGHBOURS) {
            if week_gap(facts[a].utc_week_minute, facts[b].utc_week_minute) > MAX_START_GAP_MINUTES {
                break;
            }
            found.note(a, b, DuplicateReason::SameConferenceUrl);
        }
    }
}

/// The pairs found so far (by position in `facts`, smaller id first), up to a cap.
struct Found<'f, 'm> {
    facts: &'f [Facts<'m>],
    max_pairs: usize,
    pairs: BTreeMap<(usize, usize), BTreeSet<DuplicateReason>>,
}

impl Found<'_, '_> {
    /// True when no new pair may be taken.
    fn is_full(&self) -> bool {
        self.pairs.len() >= self.max_pairs
    }

    /// Records that `a` and `b` meet `reason`: a new pair while below the cap, or one more
    /// reason for a pair already found.
    fn note(&mut self, a: usize, b: usize, reason: DuplicateReason) {
        let key = if self.facts[a].meeting.id <= self.facts[b].meeting.id { (a, b) } else { (b, a) };
        let full = self.is_full();
        match self.pairs.get_mut(&key) {
            Some(reasons) => {
                reasons.insert(reason);
            }
            None if !full => {
                self.pairs.insert(key, BTreeSet::from([reason]));
            }
            None => {}
        }
    }
}

/// True when `a` and `b` are alike as names: equal after folding (case, accents, punctuation),
/// one's words all among the other's, or word sets overlapping by at least
/// [`MIN_NAME_SIMILARITY`]. Names with no letters or digits are alike to nothing.
pub fn names_alike(a: &str, b: &str) -> bool {
    words_alike(&word_set(a), &word_set(b))
}

/// What the finder needs of one listing, worked out once.
struct Facts<'a> {
    meeting: &'a Meeting,
    point: Option<GeoPoint>,
    words: BTreeSet<String>,
    room: Option<String>,
    /// The start as a minute of a fixed UTC week, so rooms compare across time zones.
    utc_week_minute: u32,
}

impl<'a> Facts<'a> {
    fn of(meeting: &'a Meeting) -> Facts<'a> {
        let data = &meeting.data;
        let point = data
            .coordinates()
            .map(|(lat, lng)| GeoPoint { lat, lng })
            .filter(|p| p.lat.is_finite() && p.lng.is_finite() && p.lat.abs() <= 90.0);
        let room = data.online.as_ref().and_then(|o| o.conference_url.as_deref()).and_then(room_key);
        Facts {
            meeting,
            point,
            words: word_set(&data.name),
            room,
            utc_week_minute: utc_week_minute(data.day, data.time, data.timezone),
        }
    }

    fn listing(&self) -> DuplicateListing {
        let data = &self.meeting.data;
        DuplicateListing {
            id: self.meeting.id,
            slug: data.slug.clone(),
            name: data.name.clone(),
            program: data.program.clone(),
            day: data.day,
            time: data.time,
            source_id: None,
        }
    }
}

/// Alike names, and places within [`MAX_DISTANCE_M`] (same program, day and time are the
/// caller's bucket).
fn same_place(a: &Facts<'_>, b: &Facts<'_>) -> bool {
    // A degree of latitude is about 111 km everywhere: a cheap test rules out most pairs
    // before the trigonometry.
    let near_lat = match (a.point, b.point) {
        (Some(p), Some(q)) => (p.lat - q.lat).abs() * 111_000.0 <= MAX_DISTANCE_M * 1.01,
        _ => false,
    };
    near_lat && distance_m(a, b).is_some_and(|d| d <= MAX_DISTANCE_M) && words_alike(&a.words, &b.words)
}

/// The haversine distance between the two places in metres, when both are located.
fn distance_m(a: &Facts<'_>, b: &Facts<'_>) -> Option<f64> {
    Some(a.point?.distance_km(b.point?) * 1000.0)
}

/// The distinct folded words of a name.
fn word_set(name: &str) -> BTreeSet<String> {
    fold_words(name).into_iter().collect()
}

/// [`names_alike`] on folded word sets.
fn words_alike(a: &BTreeSet<String>, b: &BTreeSet<String>) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a.is_subset(b) || b.is_subset(a) {
        return true;
    }
    let shared = a.intersection(b).count();
    let all = a.len() + b.len() - shared;
    shared as f64 / all as f64 >= MIN_NAME_SIMILARITY
}

/// The minute of a fixed UTC week (starting Sunday 2026-01-04 00:00 UTC) at which a meeting
/// held on `day` at `time` in `tz` starts. A fixed week keeps the answer independent of the
/// date it is asked on; zones whose daylight-saving rules differ can disagree by an hour in
/// other seasons, which only makes the finder more cautious.
fn utc_week_minute(day: Day, time: TimeOfDay, tz: chrono_tz::Tz) -> u32 {
    let Some(sunday) = NaiveDate::from_ymd_opt(2026, 1, 4) else { return 0 };
    let date = sunday + chrono::TimeDelta::days(i64::from(day.index()));
    let start = resolve_local(tz, date, time);
    let Some(week_start) = sunday.and_hms_opt(0, 0, 0) else { return 0 };
    let minutes = (start.naive_utc() - week_start).num_minutes();
    minutes.rem_euclid(i64::from(MINUTES_PER_WEEK)) as u32
}

/// The minutes between two minutes of the week, the short way round.
fn week_gap(a: u32, b: u32) -> u32 {
    let d = a.abs_diff(b);
    d.min(MINUTES_PER_WEEK - d)
}

#[cfg(test)]
mod tests;
