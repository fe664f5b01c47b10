//! When a service or location is open: the HSDS 3.0 schedule, an iCalendar RRULE subset.
//!
//! A row repeats `WEEKLY` or `MONTHLY` every `interval` weeks or months from `dtstart`, on the
//! days `byday` names (`MO`, `2MO` the second Monday of the month, `-1FR` the last Friday) or
//! the days of the month `bymonthday` names, from `opens_at` to `closes_at` local time (past
//! midnight when `closes_at` is earlier), while the date is within `valid_from`..=`valid_to`
//! and not after `until`. Times are read in the location's IANA time zone, so "open now" stays
//! right across daylight-saving changes.
//!
//! Holiday rows: a row bounded by `valid_from`/`valid_to` overrides the unbounded rows on the
//! dates it covers (and, with `byday`, the weekdays it names); without `opens_at` it says
//! "closed that day".
//!
//! The finer points, as iCalendar reads them where HSDS is silent:
//! - A row with both `byday` and `bymonthday` names the days both match ("FR" and "13" is
//!   Friday the 13th). With neither, a weekly row names every day and a monthly row names
//!   `dtstart`'s day of the month (every day without `dtstart`). A `byday` without ordinal on a
//!   monthly row names every such weekday of the month.
//! - `interval` weeks start on `wkst` (Monday by default); `interval` and `count` count from
//!   `dtstart` and are ignored without it (validation asks for it).
//! - `closes_at` equal to or earlier than `opens_at` closes the next day; `opens_at` without
//!   `closes_at` is open until midnight. Wall times resolve as meetings' do
//!   ([`crate::schedule::resolve_local`]): forward out of a daylight-saving gap, the first
//!   occurrence in an overlap.
//! - Cost: a question about an instant looks only at the rows of the local dates around it (a
//!   window adds its own dates). `count` on a weekly row without `bymonthday` is counted in
//!   closed form; otherwise day by day from `dtstart`, at most about 30 years of days.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::schedule::TimeOfDay;

pub use text::{byday_text, date_text, monthday_text, time_text, wkst_text};
use text::{clip, parse_weekday, weekday_code};

mod eval;
#[cfg(test)]
mod tests;
pub mod text;

/// How often a row repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "UPPERCASE")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Freq {
    /// Every `interval` weeks.
    #[default]
    Weekly,
    /// Every `interval` months.
    Monthly,
}

/// One `byday` entry: a weekday, and for monthly rows optionally which one of the month
/// (`2MO` = second Monday, `-1FR` = last Friday).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ByDay {
    /// 1..=5 from the start of the month, -1..=-5 from its end; `None` for every such weekday.
    pub ordinal: Option<i8>,
    /// The weekday.
    pub weekday: Weekday,
}

/// One schedule row (HSDS `schedule`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Schedule {
    /// Stable id (assigned when absent).
    #[serde(default = "Uuid::now_v7")]
    pub id: Uuid,
    /// `WEEKLY` or `MONTHLY`.
    #[serde(default)]
    pub freq: Freq,
    /// Repeat every this many weeks or months (1 when absent).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 52))]
    pub interval: u32,
    /// The days, as HSDS writes them: "MO,WE,FR", "2MO", "-1FR".
    #[serde(default, with = "byday_text", skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            value_type = Option<String>,
            example = "MO,TU,WE,TH,FR",
            pattern = r"^ *((-?[1-5])?(MO|TU|WE|TH|FR|SA|SU)( *, *(-?[1-5])?(MO|TU|WE|TH|FR|SA|SU))*)? *$"
        )
    )]
    pub byday: Vec<ByDay>,
    /// Days of the month, as HSDS writes them: "1,15", "-1" (the last day).
    #[serde(default, with = "monthday_text", skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            value_type = Option<String>,
            example = "1,15",
            pattern = r"^ *(-?([1-9]|[12][0-9]|3[01])( *, *-?([1-9]|[12][0-9]|3[01]))*)? *$"
        )
    )]
    pub bymonthday: Vec<i8>,
    /// Opening time, local ("09:00"); absent on a row that says "closed".
    #[serde(default, skip_serializing_if = "Option::is_none", with = "time_text")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "09:00", pattern = r"^ *(([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?(Z|[+-][01][0-9]:[0-5][0-9])?)? *$"))]
    pub opens_at: Option<TimeOfDay>,
    /// Closing time, local ("17:00"); earlier than `opens_at` when open past midnight.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "time_text")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "17:00", pattern = r"^ *(([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?(Z|[+-][01][0-9]:[0-5][0-9])?)? *$"))]
    pub closes_at: Option<TimeOfDay>,
    /// The first date the row applies (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "date_text")]
    #[cfg_attr(feature = "openapi", schema(schema_with = text::schemas::optional_date))]
    pub valid_from: Option<NaiveDate>,
    /// The last date the row applies (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "date_text")]
    #[cfg_attr(feature = "openapi", schema(schema_with = text::schemas::optional_date))]
    pub valid_to: Option<NaiveDate>,
    /// The date repetition counts from (`interval`, `count`).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "date_text")]
    #[cfg_attr(feature = "openapi", schema(schema_with = text::schemas::optional_date))]
    pub dtstart: Option<NaiveDate>,
    /// No occurrence after this date.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "date_text")]
    #[cfg_attr(feature = "openapi", schema(schema_with = text::schemas::optional_date))]
    pub until: Option<NaiveDate>,
    /// At most this many occurrences from `dtstart`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>, minimum = 1, maximum = 4294967295_i64))]
    pub count: Option<u32>,
    /// The day a week starts on (for `interval` > 1); Monday when absent.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "wkst_text")]
    #[cfg_attr(feature = "openapi", schema(schema_with = text::schemas::optional_weekday))]
    pub wkst: Option<Weekday>,
    /// The schedule in words ("Weekdays 9 to 5, closed on public holidays").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A page with the full schedule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_link: Option<String>,
    /// How people attend at these times ("in person or by video").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attending_type: Option<String>,
    /// Notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

fn one() -> u32 {
    1
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

/// A span of time a service is open, in the location's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenSpan {
    /// When it opens.
    pub opens: DateTime<Tz>,
    /// When it closes (after `opens`).
    pub closes: DateTime<Tz>,
}

/// How far ahead `next_open` looks, in days: a little over a year, so a service that opens
/// only once a year (or reopens after a long closure) is still found.
pub const MAX_LOOKAHEAD_DAYS: u32 = 400;

/// Whether the rows say open at `at`, read in `tz`.
pub fn is_open_at(schedules: &[Schedule], tz: Tz, at: DateTime<Utc>) -> bool {
    open_within(schedules, tz, at, 0)
}

/// The span open at `at` (the one closing last, when several are), or else the next one to
/// open after it (looking at most [`MAX_LOOKAHEAD_DAYS`] ahead); `None` when the rows never
/// open again.
pub fn next_open(schedules: &[Schedule], tz: Tz, at: DateTime<Utc>) -> Option<OpenSpan> {
    if schedules.iter().all(|s| s.opens_at.is_none()) {
        return None;
    }
    let at = at.with_timezone(&tz);
    let today = at.date_naive();
    // Spans last at most a day, so the one open at `at` began yesterday at the earliest.
    let first = today.pred_opt().unwrap_or(today);
    let mut best: Option<OpenSpan> = None;
    for date in first.iter_days().take(MAX_LOOKAHEAD_DAYS as usize + 2) {
        // A span beginning two days after the best one's date cannot open before it.
        if best.is_some_and(|b| date > b.opens.date_naive() + TimeDelta::days(1)) {
            break;
        }
        for span in eval::spans_starting(schedules, tz, date).filter(|s| s.closes > at) {
            let key = |s: &OpenSpan| (s.opens.max(at), std::cmp::Reverse(s.closes));
            if best.is_none_or(|b| key(&span) < key(&b)) {
                best = Some(span);
            }
        }
    }
    best
}

/// Whether the rows say open at some moment within `at`..=`at + minutes` (a window longer
/// than [`MAX_LOOKAHEAD_DAYS`] is looked at that far).
pub fn open_within(schedules: &[Schedule], tz: Tz, at: DateTime<Utc>, minutes: u32) -> bool {
    if schedules.iter().all(|s| s.opens_at.is_none()) {
        return false;
    }
    let minutes = i64::from(minutes.min(MAX_LOOKAHEAD_DAYS * 24 * 60));
    let start = at.with_timezone(&tz);
    let end = start.checked_add_signed(TimeDelta::minutes(minutes)).unwrap_or(start);
    // Only spans beginning from the day before `at` to the day after `end` (local) can touch
    // the window: a span lasts at most a day, and the day after covers zone quirks at midnight.
    let first = start.date_naive().pred_opt().unwrap_or(start.date_naive());
    let last = end.date_naive().succ_opt().unwrap_or(end.date_naive());
    first
        .iter_days()
        .take_while(|d| *d <= last)
        .any(|date| eval::spans_starting(schedules, tz, date).any(|s| s.opens <= end && s.closes > start))
}

impl ByDay {
    /// Every such weekday (no ordinal).
    pub fn every(weekday: Weekday) -> ByDay {
        ByDay { ordinal: None, weekday }
    }
}

impl fmt::Display for ByDay {
    /// The HSDS form: "MO", "2TU", "-1FR".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(n) = self.ordinal {
            write!(f, "{n}")?;
        }
        f.write_str(weekday_code(self.weekday))
    }
}

impl FromStr for ByDay {
    type Err = String;

    /// Reads one entry ("mo", "2TU", "+3WE", "-1FR"), in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad =
            || format!("expected a day such as MO, 2TU or -1FR (ordinal 1 to 5 or -1 to -5), not \"{}\"", clip(s));
        let s = s.trim();
        let split = s.len().checked_sub(2).filter(|i| s.is_char_boundary(*i)).ok_or_else(bad)?;
        let (ordinal, day) = s.split_at(split);
        let weekday = parse_weekday(day).ok_or_else(bad)?;
        let ordinal = match ordinal {
            "" => None,
            n => match n.parse::<i8>() {
                Ok(n) if (1..=5).contains(&n.unsigned_abs()) => Some(n),
                _ => return Err(bad()),
            },
        };
        Ok(ByDay { ordinal, weekday })
    }
}
