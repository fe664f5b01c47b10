//! "Starts within N minutes", answered per time zone instead of per meeting.
//!
//! The ground truth is [`next_occurrence`]: a meeting matches when its first start
//! after `at − 10 min` (so it began under ten minutes ago, or is yet to begin) is at or before
//! `at + N min`. Asking chrono-tz for every candidate
//! would dominate a search, so each time zone's window is turned once into a range of local
//! wall-clock minutes. When the zone's UTC offset is the same throughout the window (and three
//! hours either side, so no wall time in it is ambiguous or shifted by a nearby gap), local
//! time is UTC plus a constant and membership is arithmetic. Otherwise a DST transition is
//! near: the range, widened by the transition, only preselects candidates, and
//! `next_occurrence` decides for each.

use chrono::{DateTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

use super::query::{IN_PROGRESS_GRACE_MINUTES, StartsWithin};
use crate::schedule::{Day, MINUTES_PER_WEEK, TimeOfDay, next_occurrence};

/// Transitions are assumed no larger than this, and no two within a window of
/// [`MAX_EXACT_WINDOW`] (true of every zone since the 1940s).
const TRANSITION_MARGIN_SECS: i64 = 3 * 3600;
/// Longer windows always take the exact per-meeting path.
const MAX_EXACT_WINDOW: TimeDelta = TimeDelta::days(2);
/// Local minute 0 (1970-01-01 00:00) is a Thursday, minute 5760 of the week.
const EPOCH_WEEK_MINUTE: i64 = 4 * 24 * 60;
const WEEK: i64 = MINUTES_PER_WEEK as i64;

/// The `starts_within` window of one search, resolved lazily per time zone.
pub(crate) struct StartWindows {
    /// The exclusive lower bound: a start must be strictly after it.
    from: DateTime<Utc>,
    to: Option<DateTime<Utc>>,
    zones: Vec<Option<ZoneWindow>>,
}

/// One zone's window in local wall-clock minutes since 1970-01-01 00:00.
#[derive(Debug, Clone, Copy)]
struct ZoneWindow {
    first: i64,
    last: i64,
    /// The zone's constant UTC offset over the window, when the arithmetic is exact.
    exact_offset_secs: Option<i64>,
}

impl StartWindows {
    /// The window of `s`, for an index with `zones` distinct time zones.
    pub(crate) fn new(s: StartsWithin, zones: usize) -> StartWindows {
        let grace = TimeDelta::minutes(IN_PROGRESS_GRACE_MINUTES);
        let from = s.at.checked_sub_signed(grace).unwrap_or(s.at);
        let to = s.at.checked_add_signed(TimeDelta::minutes(i64::from(s.minutes)));
        StartWindows { from, to, zones: vec![None; zones] }
    }

    /// When the meeting on `day` at `time` in `tz` (the index's zone number `zone`) starts
    /// within the window, as unix seconds; `None` when it does not.
    #[inline]
    pub(crate) fn start(&mut self, zone: u16, tz: Tz, day: Day, time: TimeOfDay) -> Option<i64> {
        let window = match self.zones.get(usize::from(zone)).copied().flatten() {
            Some(w) => w,
            None => self.resolve(zone, tz),
        };
        let week_minute = i64::from(day.index()) * 24 * 60 + i64::from(time.minutes());
        let offset = (week_minute - EPOCH_WEEK_MINUTE - window.first).rem_euclid(WEEK);
        let local_minute = window.first.checked_add(offset)?;
        if local_minute > window.last {
            return None;
        }
        match window.exact_offset_secs {
            Some(utc_offset) => Some(local_minute * 60 - utc_offset),
            None => {
                let after = self.from + TimeDelta::nanoseconds(1);
                let start = next_occurrence(day, time, tz, after).with_timezone(&Utc);
                self.to.is_some_and(|to| start <= to).then(|| start.timestamp())
            }
        }
    }

    #[cold]
    fn resolve(&mut self, zone: u16, tz: Tz) -> ZoneWindow {
        let window = zone_window(tz, self.from, self.to);
        if let Some(slot) = self.zones.get_mut(usize::from(zone)) {
            *slot = Some(window);
        }
        window
    }
}

fn offset_secs(tz: Tz, at: DateTime<Utc>) -> i64 {
    i64::from(tz.offset_from_utc_datetime(&at.naive_utc()).fix().local_minus_utc())
}

fn zone_window(tz: Tz, from: DateTime<Utc>, to: Option<DateTime<Utc>>) -> ZoneWindow {
    let margin = TimeDelta::seconds(TRANSITION_MARGIN_SECS);
    let Some(to) = to.filter(|to| *to - from <= MAX_EXACT_WINDOW) else {
        // Unbounded or long: let next_occurrence decide for every meeting.
        return ZoneWindow { first: i64::MIN / 2, last: i64::MAX / 2, exact_offset_secs: None };
    };
    let (at_from, at_to) = (offset_secs(tz, from), offset_secs(tz, to));
    let around = [from.checked_sub_signed(margin), to.checked_add_signed(margin)];
    let steady = at_from == at_to && around.iter().flatten().all(|&t| offset_secs(tz, t) == at_from);
    let (from_local, to_local) = (from.timestamp() + at_from, to.timestamp() + at_to);
    if steady {
        // Meetings start on whole minutes: the first strictly after `from` (sub-second parts
        // of `from` cannot change which minute that is), the last at or before `to`.
        ZoneWindow {
            first: from_local.div_euclid(60) + 1,
            last: to_local.div_euclid(60),
            exact_offset_secs: Some(at_from),
        }
    } else {
        let widen = TRANSITION_MARGIN_SECS + (at_to - at_from).abs();
        ZoneWindow {
            first: (from_local - widen).div_euclid(60),
            last: (to_local + widen).div_euclid(60) + 1,
            exact_offset_secs: None,
        }
    }
}
