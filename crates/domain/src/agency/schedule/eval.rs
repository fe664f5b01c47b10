//! Which schedule rows apply on a local date, and the spans of time they open.
//!
//! Everything here works on local calendar dates; instants appear only when a row's wall-clock
//! times are resolved in the location's zone (`crate::schedule::resolve_local`).

use chrono::{Datelike, NaiveDate, TimeDelta, Weekday};
use chrono_tz::Tz;

use super::{ByDay, Freq, OpenSpan, Schedule};
use crate::schedule::{TimeOfDay, resolve_local};

/// How many days after `dtstart` a `count` is checked day by day; a date later than that is
/// taken to be within the count when the count had not run out by then. Only monthly rows and
/// weekly rows with `bymonthday` need the day-by-day walk (weekly rows are counted in closed
/// form), and a count larger than the days walked answers at once, so this bounds their cost
/// at about 3,700 cheap date checks per row and date (a search memoizes per hour pattern).
const MAX_COUNT_SCAN_DAYS: i64 = 10 * 366;

/// True for a holiday row: one bounded by `valid_from` or `valid_to`.
fn is_bounded(row: &Schedule) -> bool {
    row.valid_from.is_some() || row.valid_to.is_some()
}

/// Whether the row's dates include `date`: its bounds, its days, its interval and its count.
pub(super) fn applies(row: &Schedule, date: NaiveDate) -> bool {
    let outside = row.valid_from.is_some_and(|d| date < d)
        || row.valid_to.is_some_and(|d| date > d)
        || row.until.is_some_and(|d| date > d)
        || row.dtstart.is_some_and(|d| date < d);
    if outside || !matches_pattern(row, date) {
        return false;
    }
    match (row.dtstart, row.count) {
        (Some(start), Some(count)) => within_count(row, start, date, count),
        _ => true,
    }
}

/// The rows that decide `date`: the holiday rows that apply when any does, else the regular
/// rows that apply.
fn deciding_rows(rows: &[Schedule], date: NaiveDate) -> impl Iterator<Item = &Schedule> {
    let holiday = rows.iter().any(|r| is_bounded(r) && applies(r, date));
    rows.iter().filter(move |r| is_bounded(r) == holiday && applies(r, date))
}

/// The spans that open on local `date` (a "closed" row opens none).
pub(super) fn spans_starting(rows: &[Schedule], tz: Tz, date: NaiveDate) -> impl Iterator<Item = OpenSpan> {
    deciding_rows(rows, date).filter_map(move |row| span(row, tz, date))
}

/// The span `row` opens on `date`: until `closes_at` that day, or the next day when
/// `closes_at` is not later than `opens_at`, or until midnight without `closes_at`. `None` for
/// a closed row, or when a daylight-saving gap swallows the whole span.
fn span(row: &Schedule, tz: Tz, date: NaiveDate) -> Option<OpenSpan> {
    let opens_at = row.opens_at?;
    let next = date.succ_opt()?;
    let closes = match row.closes_at {
        None => resolve_local(tz, next, TimeOfDay::MIDNIGHT),
        Some(c) if c <= opens_at => resolve_local(tz, next, c),
        Some(c) => resolve_local(tz, date, c),
    };
    let opens = resolve_local(tz, date, opens_at);
    (closes > opens).then_some(OpenSpan { opens, closes })
}

/// The row's days and interval, ignoring bounds and count.
fn matches_pattern(row: &Schedule, date: NaiveDate) -> bool {
    in_counted_period(row, date) && matches_days(row, date)
}

/// Whether `date` falls in a week (month) the interval counts: every `interval`-th from
/// `dtstart`'s. Without `dtstart` every period counts.
fn in_counted_period(row: &Schedule, date: NaiveDate) -> bool {
    match row.dtstart {
        Some(start) if row.interval > 1 => periods_between(row, start, date).rem_euclid(i64::from(row.interval)) == 0,
        _ => true,
    }
}

/// Whole weeks (starting on `wkst`) or calendar months from `start`'s to `date`'s.
fn periods_between(row: &Schedule, start: NaiveDate, date: NaiveDate) -> i64 {
    match row.freq {
        Freq::Weekly => {
            let wkst = row.wkst.unwrap_or(Weekday::Mon);
            (week_start(date, wkst) - week_start(start, wkst)).num_days().div_euclid(7)
        }
        Freq::Monthly => month_number(date) - month_number(start),
    }
}

/// The first day of the week (starting on `wkst`) that holds `date`.
fn week_start(date: NaiveDate, wkst: Weekday) -> NaiveDate {
    let back = (7 + date.weekday().num_days_from_monday() - wkst.num_days_from_monday()) % 7;
    date - TimeDelta::days(i64::from(back))
}

/// Months since year 0, for month arithmetic.
fn month_number(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 12 + i64::from(date.month0())
}

/// Whether `byday` and `bymonthday` name `date` (both, when both are given, as iCalendar
/// reads them). With neither, a weekly row names every day; a monthly row names `dtstart`'s
/// day of the month, or every day without `dtstart`.
fn matches_days(row: &Schedule, date: NaiveDate) -> bool {
    if row.byday.is_empty() && row.bymonthday.is_empty() {
        return match (row.freq, row.dtstart) {
            (Freq::Monthly, Some(start)) => date.day() == start.day(),
            _ => true,
        };
    }
    (row.byday.is_empty() || row.byday.iter().any(|b| byday_matches(row.freq, *b, date)))
        && (row.bymonthday.is_empty() || row.bymonthday.iter().any(|m| monthday_matches(*m, date)))
}

/// Whether one `byday` entry names `date`; ordinals count within the month on monthly rows
/// (weekly rows ignore them: validation refuses them there).
fn byday_matches(freq: Freq, b: ByDay, date: NaiveDate) -> bool {
    if date.weekday() != b.weekday {
        return false;
    }
    match (freq, b.ordinal) {
        (Freq::Monthly, Some(n)) if n > 0 => i64::from(date.day0() / 7) + 1 == i64::from(n),
        (Freq::Monthly, Some(n)) => -(i64::from((days_in_month(date) - date.day()) / 7) + 1) == i64::from(n),
        _ => true,
    }
}

/// Whether day of the month `m` (negative: from the end, -1 the last) is `date`.
fn monthday_matches(m: i8, date: NaiveDate) -> bool {
    let day = i64::from(date.day());
    let m = i64::from(m);
    if m > 0 { day == m } else { day == i64::from(days_in_month(date)) + 1 + m }
}

/// The number of days in `date`'s month.
fn days_in_month(date: NaiveDate) -> u32 {
    let (year, month) = if date.month() == 12 { (date.year() + 1, 1) } else { (date.year(), date.month() + 1) };
    NaiveDate::from_ymd_opt(year, month, 1).and_then(|d| d.pred_opt()).map_or(31, |d| d.day())
}

/// Whether `date` (an occurrence on or after `start`) is among the first `count` occurrences.
fn within_count(row: &Schedule, start: NaiveDate, date: NaiveDate, count: u32) -> bool {
    if row.freq == Freq::Weekly && row.bymonthday.is_empty() {
        return weekly_occurrences_through(row, start, date) <= i64::from(count);
    }
    // At most one occurrence a day: a count at least the days from `start` through `date`
    // cannot have run out (this also answers the huge counts feeds carry, without a walk).
    if (date - start).num_days() < i64::from(count) {
        return true;
    }
    // Day by day from `start`, stopping at `date` or when the count runs out.
    let mut seen: i64 = 0;
    for (i, day) in start.iter_days().take_while(|d| *d <= date).enumerate() {
        if i as i64 > MAX_COUNT_SCAN_DAYS {
            return true;
        }
        if matches_pattern(row, day) {
            seen += 1;
            if seen > i64::from(count) {
                return false;
            }
        }
    }
    true
}

/// Occurrences of a weekly row without `bymonthday` from `start` through `date`, in closed
/// form: whole counted weeks times the days each holds, less the days of `start`'s week before
/// `start`, plus those of `date`'s week through `date`.
fn weekly_occurrences_through(row: &Schedule, start: NaiveDate, date: NaiveDate) -> i64 {
    let wkst = row.wkst.unwrap_or(Weekday::Mon);
    let names = |d: NaiveDate| matches_days(row, d);
    let per_week = week_start(start, wkst).iter_days().take(7).filter(|d| names(*d)).count() as i64;
    let interval = i64::from(row.interval.max(1));
    let weeks_before = periods_between(row, start, date).div_euclid(interval);
    let before_start = week_start(start, wkst).iter_days().take_while(|d| *d < start).filter(|d| names(*d)).count();
    let through_date = week_start(date, wkst).iter_days().take_while(|d| *d <= date).filter(|d| names(*d)).count();
    weeks_before * per_week - before_start as i64 + through_date as i64
}
