//! When a meeting happens: the day, the start and end times and the time zone.

use super::*;

#[test]
fn days_are_numbered_0_for_sunday_to_6_for_saturday() {
    for n in 0..=6 {
        let data = accepted(with(json!({"day": n})));
        assert_eq!(i64::from(data.day.index()), n);
    }
    assert_eq!(accepted(with(json!({"day": 0}))).day.name(), "Sunday");
    assert_eq!(accepted(with(json!({"day": 6}))).day.name(), "Saturday");
}

#[test]
fn a_day_outside_0_to_6_is_refused_with_the_number_sent() {
    for n in [7, -1, 256, i64::MAX, i64::MIN] {
        assert_refused(with(json!({"day": n})), "day", &format!("must be 0 (Sunday) to 6 (Saturday), not {n}"));
    }
}

#[test]
fn a_missing_day_or_time_is_required() {
    assert_refused(with(json!({"day": null})), "day", "is required (0 = Sunday … 6 = Saturday)");
    assert_refused(with(json!({"time": null})), "time", "is required (\"HH:MM\", 24-hour)");
}

#[test]
fn times_are_24_hour_hh_mm_from_00_00_to_23_59() {
    for (sent, minutes) in [("00:00", 0), ("07:05", 425), ("12:00", 720), ("23:59", 1439), (" 19:30\n", 1170)] {
        assert_eq!(accepted(with(json!({"time": sent}))).time.minutes(), minutes, "{sent:?}");
        assert_eq!(accepted(with(json!({"end_time": sent}))).end_time.map(TimeOfDay::minutes), Some(minutes));
    }
}

#[test]
fn a_time_that_is_not_hh_mm_is_refused_with_what_was_sent() {
    for field in ["time", "end_time"] {
        for bad in ["24:00", "25:00", "12:60", "7:00", "07:0", "7pm", "07.00", "07:00:00", "noon", "", "   "] {
            let message = format!("expected a 24-hour time \"HH:MM\" from 00:00 to 23:59, not \"{bad}\"");
            assert_refused(with(json!({field: bad})), field, &message);
        }
    }
}

#[test]
fn a_bad_time_is_echoed_only_in_part() {
    let long = format!("{}:00", "1".repeat(100));
    let message = format!("expected a 24-hour time \"HH:MM\" from 00:00 to 23:59, not \"{}\"", "1".repeat(20));
    assert_refused(with(json!({"time": long})), "time", &message);
}

#[test]
fn the_end_time_is_optional() {
    assert_eq!(accepted(with(json!({"end_time": null}))).end_time, None);
}

#[test]
fn a_meeting_past_midnight_ends_before_it_starts() {
    let data = accepted(with(json!({"day": 6, "time": "23:30", "end_time": "00:30"})));
    assert_eq!(
        (data.day.name(), data.time.to_string(), data.end_time.map(|t| t.to_string())),
        ("Saturday", "23:30".into(), Some("00:30".into()))
    );
    let same = accepted(with(json!({"time": "19:00", "end_time": "19:00"})));
    assert_eq!(same.end_time, Some(same.time), "an end time equal to the start is not refused either");
}

#[test]
fn the_time_zone_is_an_iana_name() {
    for (sent, zone) in [
        ("America/New_York", chrono_tz::America::New_York),
        (" Europe/London ", chrono_tz::Europe::London),
        ("Asia/Kolkata", chrono_tz::Asia::Kolkata),
        ("Australia/Lord_Howe", chrono_tz::Australia::Lord_Howe),
        ("UTC", chrono_tz::UTC),
    ] {
        assert_eq!(accepted(with(json!({"timezone": sent}))).timezone, zone, "{sent}");
    }
}

#[test]
fn a_missing_or_blank_time_zone_is_the_default() {
    for blank in [json!(null), json!(""), json!("  ")] {
        assert_eq!(accepted(with(json!({"timezone": blank}))).timezone, DEFAULT_TZ, "{blank}");
    }
}

#[test]
fn an_unknown_time_zone_is_refused_by_name() {
    for bad in ["Mars/Olympus", "EST5EDT/Nowhere", "+05:00", "New York"] {
        assert_refused(with(json!({"timezone": bad})), "timezone", &format!("unknown IANA time zone `{bad}`"));
    }
    let long = "X".repeat(100);
    assert_refused(
        with(json!({"timezone": long})),
        "timezone",
        &format!("unknown IANA time zone `{}`", "X".repeat(60)),
    );
}

#[test]
fn a_wall_time_in_a_daylight_saving_gap_is_a_valid_meeting_time() {
    // 02:30 does not happen on the Sunday New York springs forward; the schedule resolves it
    // (`schedule::resolve_local`), validation does not refuse a weekly wall-clock time for it.
    let data = accepted(with(json!({"day": 0, "time": "02:30", "timezone": "America/New_York"})));
    assert_eq!((data.time.to_string(), data.timezone), ("02:30".into(), chrono_tz::America::New_York));
    // 01:30 happens twice on the Sunday it falls back; also valid.
    assert!(validate_meeting(with(json!({"day": 0, "time": "01:30", "timezone": "America/New_York"})), &ctx()).is_ok());
}

#[test]
fn zones_off_by_part_of_an_hour_or_without_daylight_saving_are_valid() {
    for zone in ["Asia/Kathmandu", "America/Phoenix", "Pacific/Chatham"] {
        assert_eq!(accepted(with(json!({"timezone": zone}))).timezone.name(), zone);
    }
}
