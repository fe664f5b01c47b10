//! Weekly schedules in a meeting's own time zone.
//!
//! A meeting happens on a weekday at a wall-clock time in an IANA zone. Turning that into an
//! instant is where daylight-saving bugs live, so the rules are spelled out here once:
//! - a wall time that happens twice (the autumn overlap) means its *first* occurrence;
//! - a wall time that never happens (the spring gap) is moved forward by the length of the gap
//!   (02:30 on a spring-forward night in New York becomes 03:30 EDT), as clocks and people do.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Minutes in one week.
pub const MINUTES_PER_WEEK: u32 = 7 * 24 * 60;

/// A day of the week, numbered as Meeting Guide does: 0 = Sunday … 6 = Saturday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Day(u8);

impl Day {
    /// Every day, Sunday first.
    pub const ALL: [Day; 7] = [Day(0), Day(1), Day(2), Day(3), Day(4), Day(5), Day(6)];

    /// The day numbered `n` (0 = Sunday), if `n` is 0–6.
    pub fn from_index(n: u8) -> Option<Day> {
        (n < 7).then_some(Day(n))
    }

    /// The number of this day, 0 = Sunday.
    pub fn index(self) -> u8 {
        self.0
    }

    /// The chrono weekday of this day.
    pub fn weekday(self) -> chrono::Weekday {
        match self.0 {
            0 => chrono::Weekday::Sun,
            1 => chrono::Weekday::Mon,
            2 => chrono::Weekday::Tue,
            3 => chrono::Weekday::Wed,
            4 => chrono::Weekday::Thu,
            5 => chrono::Weekday::Fri,
            _ => chrono::Weekday::Sat,
        }
    }

    /// The day of a chrono weekday.
    pub fn of(weekday: chrono::Weekday) -> Day {
        Day(weekday.num_days_from_sunday() as u8)
    }

    /// The English name of the day ("Sunday").
    pub fn name(self) -> &'static str {
        ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"][self.0 as usize]
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.0)
    }
}

/// A wall-clock time of day with minute precision, written "HH:MM" (24-hour).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TimeOfDay(u16);

/// Why a time of day could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected a 24-hour time \"HH:MM\" from 00:00 to 23:59")]
pub struct BadTimeOfDay;

impl TimeOfDay {
    /// 00:00.
    pub const MIDNIGHT: TimeOfDay = TimeOfDay(0);

    /// The time `hour`:`minute`, if it is a real time of day.
    pub fn new(hour: u8, minute: u8) -> Option<TimeOfDay> {
        (hour < 24 && minute < 60).then(|| TimeOfDay(u16::from(hour) * 60 + u16::from(minute)))
    }

    /// The time `minutes` after midnight, if under 24 hours.
    pub fn from_minutes(minutes: u16) -> Option<TimeOfDay> {
        (minutes < 24 * 60).then_some(TimeOfDay(minutes))
    }

    /// Minutes since midnight.
    pub fn minutes(self) -> u16 {
        self.0
    }

    /// The hour, 0–23.
    pub fn hour(self) -> u8 {
        (self.0 / 60) as u8
    }

    /// The minute, 0–59.
    pub fn minute(self) -> u8 {
        (self.0 % 60) as u8
    }

    /// The chrono time.
    pub fn naive(self) -> NaiveTime {
        NaiveTime::from_hms_opt(u32::from(self.hour()), u32::from(self.minute()), 0).unwrap_or(NaiveTime::MIN)
    }
}

impl FromStr for TimeOfDay {
    type Err = BadTimeOfDay;

    /// Reads exactly "HH:MM" with two digits each.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let b = s.as_bytes();
        if b.len() != 5 || b[2] != b':' || ![0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit()) {
            return Err(BadTimeOfDay);
        }
        let hour = (b[0] - b'0') * 10 + (b[1] - b'0');
        let minute = (b[3] - b'0') * 10 + (b[4] - b'0');
        TimeOfDay::new(hour, minute).ok_or(BadTimeOfDay)
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The minute of the week (0 = Sunday 00:00) at which `day` and `time` fall.
pub fn week_minute(day: Day, time: TimeOfDay) -> u32 {
    u32::from(day.index()) * 24 * 60 + u32::from(time.minutes())
}

/// The instant at which wall-clock `date` `time` happens in `tz`, by the rules in the module doc.
pub fn resolve_local(tz: Tz, date: NaiveDate, time: TimeOfDay) -> DateTime<Tz> {
    let naive = NaiveDateTime::new(date, time.naive());
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => t,
        LocalResult::Ambiguous(first, _) => first,
        LocalResult::None => {
            // In a gap: read the wall time with the offset in force just before the gap, which
            // lands the same distance past the transition as the wall time was past its start.
            let offset = [3, 6, 12, 24, 48]
                .iter()
                .find_map(|h| tz.offset_from_local_datetime(&(naive - TimeDelta::hours(*h))).earliest());
            match offset {
                Some(offset) => {
                    let utc = naive - TimeDelta::seconds(i64::from(chrono::Offset::fix(&offset).local_minus_utc()));
                    tz.from_utc_datetime(&utc)
                }
                None => tz.from_utc_datetime(&naive),
            }
        }
    }
}

/// The first start of a weekly meeting (`day` at `time` in `tz`) at or after `after`.
pub fn next_occurrence(day: Day, time: TimeOfDay, tz: Tz, after: DateTime<Utc>) -> DateTime<Tz> {
    let local_date = after.with_timezone(&tz).date_naive();
    // Start a day early: a gap shift can move yesterday's wall time past `after`'s date line.
    let mut date = local_date - TimeDelta::days(1);
    loop {
        if date.weekday() == day.weekday() {
            let start = resolve_local(tz, date, time);
            if start.with_timezone(&Utc) >= after {
                return start;
            }
        }
        date += TimeDelta::days(1);
    }
}

/// Reads an IANA time-zone name ("America/New_York").
pub fn parse_time_zone(name: &str) -> Option<Tz> {
    name.parse::<Tz>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Timelike;
    use chrono_tz::America::New_York;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).unwrap_or_default()
    }

    fn t(s: &str) -> TimeOfDay {
        s.parse().unwrap_or(TimeOfDay(0))
    }

    #[test]
    fn times_parse_strictly() {
        assert_eq!("19:05".parse::<TimeOfDay>().map(|t| t.minutes()), Ok(19 * 60 + 5));
        assert_eq!("00:00".parse::<TimeOfDay>().map(|t| t.to_string()), Ok("00:00".into()));
        for bad in ["25:00", "24:00", "12:60", "7:00", "07:0", "07-00", "", "ab:cd", "07:00:00"] {
            assert!(bad.parse::<TimeOfDay>().is_err(), "{bad} should not parse");
        }
    }

    #[test]
    fn next_occurrence_on_an_ordinary_week() {
        // Tuesday 2026-11-24 18:00 EST; a Tuesday 19:00 meeting starts in an hour.
        let at = utc("2026-11-24T23:00:00Z");
        let next = next_occurrence(Day(2), t("19:00"), New_York, at);
        assert_eq!(next.to_rfc3339(), "2026-11-24T19:00:00-05:00");
        // A minute after it started, the next one is a week later.
        let next = next_occurrence(Day(2), t("19:00"), New_York, utc("2026-11-25T00:01:00Z"));
        assert_eq!(next.to_rfc3339(), "2026-12-01T19:00:00-05:00");
    }

    #[test]
    fn spring_forward_gap_moves_the_meeting_past_the_gap() {
        // 2026-03-08 is the US spring-forward Sunday: 02:00 EST jumps to 03:00 EDT.
        let next = next_occurrence(Day(0), t("02:30"), New_York, utc("2026-03-08T05:00:00Z"));
        assert_eq!(next.to_rfc3339(), "2026-03-08T03:30:00-04:00");
        // A week later the wall time exists again.
        let later = next_occurrence(Day(0), t("02:30"), New_York, utc("2026-03-09T00:00:00Z"));
        assert_eq!(later.to_rfc3339(), "2026-03-15T02:30:00-04:00");
    }

    #[test]
    fn fall_back_overlap_takes_the_first_occurrence() {
        // 2026-11-01 01:30 happens twice in New York (EDT, then EST).
        let next = next_occurrence(Day(0), t("01:30"), New_York, utc("2026-11-01T04:00:00Z"));
        assert_eq!(next.to_rfc3339(), "2026-11-01T01:30:00-04:00");
        // Once the first 01:30 has passed, the meeting does not happen again at the second one.
        let after_first = next_occurrence(Day(0), t("01:30"), New_York, utc("2026-11-01T05:35:00Z"));
        assert_eq!(after_first.to_rfc3339(), "2026-11-08T01:30:00-05:00");
    }

    #[test]
    fn meetings_past_midnight_keep_their_own_day() {
        // Saturday 23:30 meeting, asked on Saturday 23:00 local: starts in 30 minutes, same day.
        let next = next_occurrence(Day(6), t("23:30"), New_York, utc("2026-11-29T04:00:00Z"));
        assert_eq!(next.to_rfc3339(), "2026-11-28T23:30:00-05:00");
        // Sunday 00:15 meeting asked at Saturday 23:50: 25 minutes away, across the week boundary.
        let next = next_occurrence(Day(0), t("00:15"), New_York, utc("2026-11-29T04:50:00Z"));
        assert_eq!(next.to_rfc3339(), "2026-11-29T00:15:00-05:00");
    }

    #[test]
    fn resolve_local_outside_transitions_is_identity() {
        let date = NaiveDate::from_ymd_opt(2026, 7, 4).unwrap_or_default();
        let at = resolve_local(New_York, date, t("12:00"));
        assert_eq!((at.hour(), at.minute()), (12, 0));
    }

    proptest::proptest! {
        #[test]
        fn next_occurrence_is_on_or_after_and_within_a_week(
            secs in 1_700_000_000i64..1_900_000_000i64,
            day in 0u8..7,
            minutes in 0u16..1440,
            zone in 0usize..4,
        ) {
            let tz = [New_York, chrono_tz::Europe::London, chrono_tz::Australia::Lord_Howe, chrono_tz::Asia::Kolkata][zone];
            let after = DateTime::from_timestamp(secs, 0).unwrap_or_default();
            let next = next_occurrence(Day(day), TimeOfDay(minutes), tz, after).with_timezone(&Utc);
            proptest::prop_assert!(next >= after);
            proptest::prop_assert!(next - after <= TimeDelta::days(7) + TimeDelta::hours(2));
        }
    }
}
