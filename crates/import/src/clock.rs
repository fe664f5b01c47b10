//! Days and times as feeds write them: "6:30 PM", "18:30:00", "Monday", "miércoles", "1".

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use recovery_domain::TimeOfDay;

/// Reads a time of day: 24-hour "18:30" or "18:30:00", 12-hour "6:30 PM", "6:30pm", "6 p.m.",
/// "noon", "midnight". Seconds must be valid and are dropped. `None` for anything else.
pub fn parse_time(s: &str) -> Option<TimeOfDay> {
    if s.len() > 32 {
        return None;
    }
    let compact: String = s.chars().filter(|c| !c.is_whitespace() && *c != '.').flat_map(char::to_lowercase).collect();
    match compact.as_str() {
        "noon" | "12noon" => return TimeOfDay::new(12, 0),
        "midnight" | "12midnight" => return TimeOfDay::new(0, 0),
        _ => {}
    }
    let (body, pm) = if let Some(b) = compact.strip_suffix("am").or_else(|| compact.strip_suffix('a')) {
        (b, Some(false))
    } else if let Some(b) = compact.strip_suffix("pm").or_else(|| compact.strip_suffix('p')) {
        (b, Some(true))
    } else {
        (compact.as_str(), None)
    };
    let mut parts = body.split(':');
    let hour = digits(parts.next()?, 1, 2)?;
    let minute = match parts.next() {
        Some(m) => digits(m, 2, 2)?,
        None if pm.is_some() => 0,
        None => return None,
    };
    if let Some(seconds) = parts.next() {
        if digits(seconds, 2, 2)? > 59 {
            return None;
        }
    }
    if parts.next().is_some() {
        return None;
    }
    let hour = match pm {
        Some(pm) if (1..=12).contains(&hour) => hour % 12 + if pm { 12 } else { 0 },
        Some(_) => return None,
        None => hour,
    };
    TimeOfDay::new(hour, minute)
}

/// A number written with `min` to `max` ASCII digits.
fn digits(s: &str, min: usize, max: usize) -> Option<u8> {
    ((min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

/// Reads a day of the week as 0 = Sunday … 6 = Saturday: a digit 0–6, an English name or
/// abbreviation ("Monday", "Mon", "Thurs"), or a Spanish name ("miércoles", "sabado").
pub fn parse_day(s: &str) -> Option<u8> {
    let lower = s.trim().to_lowercase();
    if let Ok(n) = lower.parse::<u8>() {
        return (n <= 6).then_some(n);
    }
    const NAMES: [(&[&str], u8); 7] = [
        (&["sunday", "sun", "domingo", "dom"], 0),
        (&["monday", "mon", "lunes", "lun"], 1),
        (&["tuesday", "tue", "tues", "martes", "mar"], 2),
        (&["wednesday", "wed", "miércoles", "miercoles", "mié", "mie"], 3),
        (&["thursday", "thu", "thur", "thurs", "jueves", "jue"], 4),
        (&["friday", "fri", "viernes", "vie"], 5),
        (&["saturday", "sat", "sábado", "sabado", "sáb", "sab"], 6),
    ];
    NAMES.iter().find(|(names, _)| names.contains(&lower.as_str())).map(|(_, day)| *day)
}

/// How an `updated` value was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Updated {
    /// In a standard form ("2024-01-01 12:00:00", RFC 3339, a date).
    Read(DateTime<Utc>),
    /// In a known malformed form (TSML's "2020-04-0416:50:58"), read anyway.
    Repaired(DateTime<Utc>),
    /// Not a date.
    Unreadable,
}

/// Reads an `updated` value, taken as UTC unless it carries an offset.
pub(crate) fn parse_updated(s: &str) -> Updated {
    let s = s.trim();
    // chrono reads a space in a format as "any whitespace, or none", so the glued form would
    // pass as standard: look for it first.
    if s.as_bytes().get(10).is_some_and(u8::is_ascii_digit) {
        return match NaiveDateTime::parse_from_str(s, "%Y-%m-%d%H:%M:%S") {
            Ok(t) => Updated::Repaired(t.and_utc()),
            Err(_) => Updated::Unreadable,
        };
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Updated::Read(t.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, format) {
            return Updated::Read(t.and_utc());
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Updated::Read(d.and_time(chrono::NaiveTime::MIN).and_utc());
    }
    Updated::Unreadable
}

/// Reads a duration "HH:MM:SS" or "HH:MM" as minutes.
pub(crate) fn parse_duration(s: &str) -> Option<u32> {
    let mut parts = s.trim().split(':');
    let hours: u32 = parts.next().filter(|h| (1..=3).contains(&h.len())).and_then(|h| h.parse().ok())?;
    let minutes = u32::from(digits(parts.next()?, 2, 2)?);
    if let Some(seconds) = parts.next() {
        if digits(seconds, 2, 2)? > 59 {
            return None;
        }
    }
    (minutes < 60 && parts.next().is_none()).then_some(hours * 60 + minutes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Option<String> {
        parse_time(s).map(|t| t.to_string())
    }

    #[test]
    fn times_in_the_forms_feeds_use() {
        assert_eq!(t("18:30").as_deref(), Some("18:30"));
        assert_eq!(t("18:30:00").as_deref(), Some("18:30"));
        assert_eq!(t("6:30 PM").as_deref(), Some("18:30"));
        assert_eq!(t("6:30pm").as_deref(), Some("18:30"));
        assert_eq!(t("6 p.m.").as_deref(), Some("18:00"));
        assert_eq!(t("12:00 PM").as_deref(), Some("12:00"));
        assert_eq!(t("12:15 AM").as_deref(), Some("00:15"));
        assert_eq!(t("9:05").as_deref(), Some("09:05"));
        assert_eq!(t("noon").as_deref(), Some("12:00"));
        for bad in ["", "24:00", "13:00 PM", "0:30 AM", "6:3 PM", "18", "18:30:61", "1:2:3:4", "６:30", "x"] {
            assert_eq!(t(bad), None, "{bad}");
        }
    }

    #[test]
    fn days_in_english_spanish_and_digits() {
        assert_eq!(parse_day("Monday"), Some(1));
        assert_eq!(parse_day(" SATURDAY "), Some(6));
        assert_eq!(parse_day("Thurs"), Some(4));
        assert_eq!(parse_day("miércoles"), Some(3));
        assert_eq!(parse_day("Sábado"), Some(6));
        assert_eq!(parse_day("0"), Some(0));
        assert_eq!(parse_day("7"), None);
        assert_eq!(parse_day("Someday"), None);
    }

    #[test]
    fn updated_values_standard_repaired_or_unreadable() {
        let read = |s| match parse_updated(s) {
            Updated::Read(t) => format!("read {}", t.format("%F %T")),
            Updated::Repaired(t) => format!("repaired {}", t.format("%F %T")),
            Updated::Unreadable => "unreadable".to_string(),
        };
        assert_eq!(read("2024-01-01 12:00:00"), "read 2024-01-01 12:00:00");
        assert_eq!(read("2024-01-01T12:00:00-05:00"), "read 2024-01-01 17:00:00");
        assert_eq!(read("2024-01-01"), "read 2024-01-01 00:00:00");
        assert_eq!(read("2020-04-0416:50:58"), "repaired 2020-04-04 16:50:58");
        assert_eq!(read("last tuesday"), "unreadable");
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("01:00:00"), Some(60));
        assert_eq!(parse_duration("1:30"), Some(90));
        assert_eq!(parse_duration("00:75:00"), None);
        assert_eq!(parse_duration("soon"), None);
    }

    proptest::proptest! {
        #[test]
        fn the_time_parser_never_panics(s in "\\PC{0,40}") {
            let _ = parse_time(&s);
            let _ = parse_duration(&s);
            let _ = parse_day(&s);
        }

        #[test]
        fn every_valid_time_reads_back_in_both_clocks(h in 0u8..24, m in 0u8..60) {
            let expected = TimeOfDay::new(h, m);
            proptest::prop_assert_eq!(parse_time(&format!("{h:02}:{m:02}")), expected);
            proptest::prop_assert_eq!(parse_time(&format!("{h:02}:{m:02}:59")), expected);
            let (h12, suffix) = match h { 0 => (12, "AM"), 1..=11 => (h, "AM"), 12 => (12, "PM"), _ => (h - 12, "PM") };
            proptest::prop_assert_eq!(parse_time(&format!("{h12}:{m:02} {suffix}")), expected);
        }
    }
}
