use chrono::{DateTime, Utc, Weekday};
use chrono_tz::America::New_York;
use serde::{Deserialize, Serialize};

use super::*;
use crate::schedule::TimeOfDay;

fn row(json: &str) -> Schedule {
    serde_json::from_str(json).unwrap()
}

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn open(rows: &[Schedule], at: &str) -> bool {
    is_open_at(rows, New_York, utc(at))
}

/// The next span as RFC 3339 strings in New York time.
fn next(rows: &[Schedule], at: &str) -> Option<(String, String)> {
    next_open(rows, New_York, utc(at)).map(|s| (s.opens.to_rfc3339(), s.closes.to_rfc3339()))
}

fn span(opens: &str, closes: &str) -> Option<(String, String)> {
    Some((opens.to_string(), closes.to_string()))
}

fn weekdays_9_to_5() -> Schedule {
    row(r#"{"byday":"MO,TU,WE,TH,FR","opens_at":"09:00","closes_at":"17:00"}"#)
}

#[test]
fn open_now_during_weekday_hours_in_new_york_and_closed_on_sunday() {
    let rows = [weekdays_9_to_5()];
    // Monday 2026-11-23, EST.
    assert!(open(&rows, "2026-11-23T15:00:00Z"), "10:00 EST");
    assert!(open(&rows, "2026-11-23T14:00:00Z"), "09:00 EST, opening minute");
    assert!(!open(&rows, "2026-11-23T13:59:00Z"), "08:59 EST");
    assert!(!open(&rows, "2026-11-23T22:00:00Z"), "17:00 EST, closed");
    // Monday 2026-07-06, EDT: the same wall times are an hour earlier in UTC.
    assert!(open(&rows, "2026-07-06T13:30:00Z"), "09:30 EDT");
    assert!(!open(&rows, "2026-07-06T21:30:00Z"), "17:30 EDT");
    // Sunday 2026-11-22 at noon.
    assert!(!open(&rows, "2026-11-22T17:00:00Z"));
    assert_eq!(next(&rows, "2026-11-22T17:00:00Z"), span("2026-11-23T09:00:00-05:00", "2026-11-23T17:00:00-05:00"));
}

#[test]
fn open_across_midnight_is_open_at_one_on_the_next_day() {
    let rows = [row(r#"{"byday":"FR","opens_at":"22:00","closes_at":"06:00"}"#)];
    // Saturday 2026-11-28 01:00 EST.
    assert!(open(&rows, "2026-11-28T06:00:00Z"));
    assert!(!open(&rows, "2026-11-28T11:00:00Z"), "06:00 EST, closed");
    assert!(!open(&rows, "2026-11-29T06:00:00Z"), "Sunday 01:00: no Saturday night row");
    // The span that began yesterday is the one open now.
    assert_eq!(next(&rows, "2026-11-28T06:00:00Z"), span("2026-11-27T22:00:00-05:00", "2026-11-28T06:00:00-05:00"));
}

#[test]
fn opens_without_closes_is_open_until_midnight() {
    let rows = [row(r#"{"byday":"MO","opens_at":"20:00"}"#)];
    assert!(open(&rows, "2026-11-24T04:59:00Z"), "Monday 23:59 EST");
    assert!(!open(&rows, "2026-11-24T05:00:00Z"), "Tuesday 00:00 EST");
}

#[test]
fn spring_forward_night_span_is_an_hour_shorter() {
    // 2026-03-08: 02:00 EST jumps to 03:00 EDT, so 01:00–03:00 lasts one hour.
    let rows = [row(r#"{"opens_at":"01:00","closes_at":"03:00"}"#)];
    let spring = next_open(&rows, New_York, utc("2026-03-08T05:00:00Z")).unwrap();
    assert_eq!(spring.opens.to_rfc3339(), "2026-03-08T01:00:00-05:00");
    assert_eq!(spring.closes.to_rfc3339(), "2026-03-08T03:00:00-04:00");
    assert_eq!(spring.closes - spring.opens, TimeDelta::hours(1));
    let before = next_open(&rows, New_York, utc("2026-03-07T05:00:00Z")).unwrap();
    assert_eq!(before.closes - before.opens, TimeDelta::hours(2));
    assert!(open(&rows, "2026-03-08T06:59:00Z"), "01:59 EST");
    assert!(!open(&rows, "2026-03-08T07:00:00Z"), "03:00 EDT");
}

#[test]
fn fall_back_night_span_is_an_hour_longer() {
    // 2026-11-01: 02:00 EDT falls back to 01:00 EST; 01:00 means its first occurrence.
    let rows = [row(r#"{"opens_at":"01:00","closes_at":"03:00"}"#)];
    let fall = next_open(&rows, New_York, utc("2026-11-01T04:00:00Z")).unwrap();
    assert_eq!(fall.opens.to_rfc3339(), "2026-11-01T01:00:00-04:00");
    assert_eq!(fall.closes.to_rfc3339(), "2026-11-01T03:00:00-05:00");
    assert_eq!(fall.closes - fall.opens, TimeDelta::hours(3));
    assert!(open(&rows, "2026-11-01T07:30:00Z"), "02:30 EST, after the repeated hour");
    assert!(!open(&rows, "2026-11-01T08:00:00Z"), "03:00 EST");
}

#[test]
fn a_span_inside_the_spring_gap_moves_past_it() {
    let rows = [row(r#"{"opens_at":"02:00","closes_at":"02:30"}"#)];
    assert_eq!(next(&rows, "2026-03-08T05:00:00Z"), span("2026-03-08T03:00:00-04:00", "2026-03-08T03:30:00-04:00"));
}

#[test]
fn holiday_row_without_hours_closes_that_day_only() {
    let rows = [weekdays_9_to_5(), row(r#"{"valid_from":"2026-12-25","valid_to":"2026-12-25"}"#)];
    assert!(open(&rows, "2026-12-24T17:00:00Z"), "Thursday noon");
    assert!(!open(&rows, "2026-12-25T17:00:00Z"), "Christmas Friday noon");
    assert!(open(&rows, "2026-12-28T17:00:00Z"), "Monday noon");
    assert_eq!(next(&rows, "2026-12-25T17:00:00Z"), span("2026-12-28T09:00:00-05:00", "2026-12-28T17:00:00-05:00"));
}

#[test]
fn holiday_row_with_special_hours_replaces_regular_hours_that_day() {
    let holiday = row(r#"{"valid_from":"2026-12-24","valid_to":"2026-12-24","opens_at":"10:00","closes_at":"14:00"}"#);
    let rows = [weekdays_9_to_5(), holiday];
    assert!(!open(&rows, "2026-12-24T14:30:00Z"), "09:30: regular hours, but not today");
    assert!(open(&rows, "2026-12-24T16:00:00Z"), "11:00");
    assert!(!open(&rows, "2026-12-24T20:00:00Z"), "15:00");
    assert!(open(&rows, "2026-12-23T20:00:00Z"), "the day before: regular hours");
}

#[test]
fn monthly_second_monday_and_last_friday() {
    let second_monday = [row(r#"{"freq":"MONTHLY","byday":"2MO","opens_at":"18:00","closes_at":"20:00"}"#)];
    assert!(open(&second_monday, "2026-03-09T23:00:00Z"), "Monday 9 March 19:00 EDT");
    assert!(!open(&second_monday, "2026-03-02T23:00:00Z"), "the first Monday");
    assert!(!open(&second_monday, "2026-03-16T23:00:00Z"), "the third Monday");
    assert_eq!(
        next(&second_monday, "2026-03-10T00:00:00Z"),
        span("2026-04-13T18:00:00-04:00", "2026-04-13T20:00:00-04:00")
    );

    let last_friday = [row(r#"{"freq":"MONTHLY","byday":"-1FR","opens_at":"18:00","closes_at":"20:00"}"#)];
    assert!(open(&last_friday, "2026-03-27T23:00:00Z"));
    assert!(!open(&last_friday, "2026-03-20T23:00:00Z"));
    // May 2026 has five Fridays; the last is the 29th.
    assert_eq!(
        next(&last_friday, "2026-05-01T12:00:00Z"),
        span("2026-05-29T18:00:00-04:00", "2026-05-29T20:00:00-04:00")
    );
}

#[test]
fn monthly_byday_without_ordinal_is_every_such_weekday() {
    let rows = [row(r#"{"freq":"MONTHLY","byday":"TU","opens_at":"10:00","closes_at":"11:00"}"#)];
    assert!(open(&rows, "2026-03-03T15:30:00Z"));
    assert!(open(&rows, "2026-03-31T14:30:00Z"));
}

#[test]
fn bymonthday_minus_one_is_the_last_day_of_the_month() {
    let rows = [row(r#"{"freq":"MONTHLY","bymonthday":"-1","opens_at":"10:00","closes_at":"12:00"}"#)];
    assert_eq!(next(&rows, "2026-02-01T12:00:00Z"), span("2026-02-28T10:00:00-05:00", "2026-02-28T12:00:00-05:00"));
    assert_eq!(next(&rows, "2028-02-01T12:00:00Z"), span("2028-02-29T10:00:00-05:00", "2028-02-29T12:00:00-05:00"));
    assert!(!open(&rows, "2026-03-30T15:00:00Z"), "30 March is not the last day");
    assert!(open(&rows, "2026-03-31T15:00:00Z"));
}

#[test]
fn interval_two_weekly_counts_weeks_from_dtstart() {
    let rows = [row(r#"{"interval":2,"dtstart":"2026-01-05","byday":"MO","opens_at":"09:00","closes_at":"10:00"}"#)];
    assert!(open(&rows, "2026-01-05T14:30:00Z"));
    assert!(!open(&rows, "2026-01-12T14:30:00Z"));
    assert!(open(&rows, "2026-01-19T14:30:00Z"));
    assert!(!open(&rows, "2025-12-22T14:30:00Z"), "before dtstart");
    assert_eq!(next(&rows, "2026-01-06T00:00:00Z"), span("2026-01-19T09:00:00-05:00", "2026-01-19T10:00:00-05:00"));
}

#[test]
fn week_start_decides_which_weeks_an_interval_counts() {
    // dtstart Sunday 4 January. Weeks from Sunday: Sun 4 and Mon 5 are week 0. Weeks from
    // Monday: Sun 4 is in week 0 but Mon 5 starts week 1, which an interval of 2 skips.
    let sunday_weeks = [row(
        r#"{"interval":2,"dtstart":"2026-01-04","wkst":"SU","byday":"SU,MO","opens_at":"09:00","closes_at":"10:00"}"#,
    )];
    let monday_weeks = [row(
        r#"{"interval":2,"dtstart":"2026-01-04","wkst":"MO","byday":"SU,MO","opens_at":"09:00","closes_at":"10:00"}"#,
    )];
    assert!(open(&sunday_weeks, "2026-01-05T14:30:00Z"));
    assert!(!open(&monday_weeks, "2026-01-05T14:30:00Z"));
    assert!(open(&monday_weeks, "2026-01-12T14:30:00Z"));
}

#[test]
fn until_and_valid_to_end_a_row() {
    let until = [row(r#"{"byday":"MO","until":"2026-01-12","opens_at":"09:00","closes_at":"10:00"}"#)];
    assert!(open(&until, "2026-01-12T14:30:00Z"));
    assert!(!open(&until, "2026-01-19T14:30:00Z"));
    assert_eq!(next(&until, "2026-01-13T00:00:00Z"), None);

    let valid_to = [row(r#"{"byday":"MO","valid_to":"2026-01-12","opens_at":"09:00","closes_at":"10:00"}"#)];
    assert!(open(&valid_to, "2026-01-12T14:30:00Z"));
    assert!(!open(&valid_to, "2026-01-19T14:30:00Z"));

    let valid_from = [row(r#"{"byday":"MO","valid_from":"2026-01-12","opens_at":"09:00","closes_at":"10:00"}"#)];
    assert!(!open(&valid_from, "2026-01-05T14:30:00Z"));
    assert!(open(&valid_from, "2026-01-12T14:30:00Z"));
}

#[test]
fn count_limits_occurrences_from_dtstart() {
    let weekly = [row(r#"{"dtstart":"2026-01-05","count":3,"byday":"MO,WE","opens_at":"09:00","closes_at":"10:00"}"#)];
    assert!(open(&weekly, "2026-01-12T14:30:00Z"), "third occurrence");
    assert!(!open(&weekly, "2026-01-14T14:30:00Z"), "fourth");

    // Every other week from Wednesday 7 January: 7th, 19th, 21st; not 2 February.
    let fortnightly = [row(
        r#"{"interval":2,"dtstart":"2026-01-07","count":3,"byday":"MO,WE","opens_at":"09:00","closes_at":"10:00"}"#,
    )];
    assert!(!open(&fortnightly, "2026-01-05T14:30:00Z"), "before dtstart");
    assert!(open(&fortnightly, "2026-01-21T14:30:00Z"));
    assert!(!open(&fortnightly, "2026-02-02T14:30:00Z"));

    let monthly = [row(
        r#"{"freq":"MONTHLY","dtstart":"2026-01-01","count":2,"bymonthday":"1","opens_at":"09:00","closes_at":"10:00"}"#,
    )];
    assert!(open(&monthly, "2026-02-01T14:30:00Z"));
    assert!(!open(&monthly, "2026-03-01T14:30:00Z"));
}

#[test]
fn open_within_a_window() {
    let rows = [weekdays_9_to_5()];
    // Monday 08:30 EST: opens in 30 minutes.
    let at = utc("2026-11-23T13:30:00Z");
    assert!(open_within(&rows, New_York, at, 60));
    assert!(open_within(&rows, New_York, at, 30), "the window includes its end");
    assert!(!open_within(&rows, New_York, at, 20));
    assert!(!open_within(&rows, New_York, at, 0));
    // Saturday: not within a day, within three.
    let saturday = utc("2026-11-28T17:00:00Z");
    assert!(!open_within(&rows, New_York, saturday, 24 * 60));
    assert!(open_within(&rows, New_York, saturday, 3 * 24 * 60));
    assert!(open_within(&rows, New_York, saturday, u32::MAX));
}

#[test]
fn rows_that_never_open() {
    assert_eq!(next(&[], "2026-01-01T00:00:00Z"), None);
    let closed = [row(r#"{"byday":"MO"}"#)];
    assert_eq!(next(&closed, "2026-01-01T00:00:00Z"), None);
    assert!(!open_within(&closed, New_York, utc("2026-01-01T00:00:00Z"), 10_000));
}

#[test]
fn byday_parses_prints_and_rejects() {
    let r = row(r#"{"freq":"MONTHLY","byday":"mo, 2tu,-1FR,+3WE"}"#);
    assert_eq!(
        r.byday,
        [
            ByDay::every(Weekday::Mon),
            ByDay { ordinal: Some(2), weekday: Weekday::Tue },
            ByDay { ordinal: Some(-1), weekday: Weekday::Fri },
            ByDay { ordinal: Some(3), weekday: Weekday::Wed },
        ]
    );
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["byday"], "MO,2TU,-1FR,3WE");
    assert_eq!(row(&json.to_string()).byday, r.byday);
    assert!(row(r#"{"byday":""}"#).byday.is_empty());
    assert!(row(r#"{"byday":null}"#).byday.is_empty());
    // -128 is the one i8 whose absolute value does not fit: it must be refused, not overflow.
    for bad in ["8MO", "XX", "MO,,TU", "0MO", "-6FR", "MO,", "2", "ö", "-128MO", "128MO"] {
        let err = serde_json::from_str::<Schedule>(&format!(r#"{{"byday":"{bad}"}}"#)).unwrap_err();
        assert!(err.to_string().contains("expected a day such as MO"), "{bad}: {err}");
    }
}

#[test]
fn monthday_wkst_and_time_forms() {
    let r = row(r#"{"bymonthday":"1, 15,-1","wkst":"su","opens_at":"09:00:00","closes_at":"17:30-05:00"}"#);
    assert_eq!(r.bymonthday, [1, 15, -1]);
    for bad in ["-128", "0", "32", "-32"] {
        assert!(serde_json::from_str::<Schedule>(&format!(r#"{{"bymonthday":"{bad}"}}"#)).is_err(), "{bad}");
    }
    assert_eq!(r.wkst, Some(Weekday::Sun));
    assert_eq!(r.opens_at, TimeOfDay::new(9, 0));
    assert_eq!(r.closes_at, TimeOfDay::new(17, 30));
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(
        (&json["bymonthday"], &json["wkst"], &json["opens_at"]),
        (&"1,15,-1".into(), &"SU".into(), &"09:00".into())
    );
    assert_eq!(row(r#"{"bymonthday":15}"#).bymonthday, [15]);
    assert_eq!(row(r#"{"opens_at":"08:15Z","closes_at":null}"#).opens_at, TimeOfDay::new(8, 15));
    assert_eq!(row(r#"{"opens_at":"08:15:30+01:00"}"#).opens_at, TimeOfDay::new(8, 15));
    assert_eq!(row(r#"{"closes_at":"24:00"}"#).closes_at, Some(TimeOfDay::MIDNIGHT));
    assert_eq!(row(r#"{"opens_at":null}"#).opens_at, None);
    for bad in [r#"{"bymonthday":"0"}"#, r#"{"bymonthday":"32"}"#, r#"{"bymonthday":"1,,2"}"#, r#"{"wkst":"XX"}"#] {
        assert!(serde_json::from_str::<Schedule>(bad).is_err(), "{bad}");
    }
    for bad in ["9:00", "09:00+5", "09:00:60", "25:00", "09:00:00:00", "09:00+05:0x", "noon"] {
        let err = serde_json::from_str::<Schedule>(&format!(r#"{{"opens_at":"{bad}"}}"#)).unwrap_err();
        assert!(err.to_string().contains("expected a time"), "{bad}: {err}");
    }
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Times {
    #[serde(with = "time_text")]
    at: Option<TimeOfDay>,
    #[serde(with = "byday_text")]
    days: Vec<ByDay>,
}

fn any_byday() -> impl proptest::strategy::Strategy<Value = ByDay> {
    use proptest::prelude::*;
    let weekday = (0u8..7).prop_map(|n| Weekday::try_from(n).unwrap_or(Weekday::Mon));
    let ordinal = prop_oneof![Just(None), (1i8..=5).prop_map(Some), (-5i8..=-1).prop_map(Some)];
    (ordinal, weekday).prop_map(|(ordinal, weekday)| ByDay { ordinal, weekday })
}

proptest::proptest! {
    #[test]
    fn time_and_byday_text_round_trip(
        minutes in proptest::option::of(0u16..1440),
        days in proptest::collection::vec(any_byday(), 0..8),
    ) {
        let value = Times { at: minutes.and_then(TimeOfDay::from_minutes), days };
        let json = serde_json::to_string(&value).unwrap();
        let back: Times = serde_json::from_str(&json).unwrap();
        proptest::prop_assert_eq!(back, value);
    }

    #[test]
    fn next_open_is_open_at_its_start(secs in 1_700_000_000i64..1_900_000_000i64, opens in 0u16..1440, closes in 0u16..1440) {
        let rows = [Schedule {
            opens_at: TimeOfDay::from_minutes(opens),
            closes_at: TimeOfDay::from_minutes(closes),
            ..row(r#"{"byday":"MO,TH"}"#)
        }];
        let at = DateTime::from_timestamp(secs, 0).unwrap();
        let span = next_open(&rows, New_York, at).unwrap();
        proptest::prop_assert!(span.closes > at && span.closes > span.opens);
        let probe = span.opens.with_timezone(&Utc).max(at);
        proptest::prop_assert!(is_open_at(&rows, New_York, probe));
        proptest::prop_assert!(open_within(&rows, New_York, at, 7 * 24 * 60));
    }
}
