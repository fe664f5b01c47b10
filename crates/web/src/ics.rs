//! "Add to calendar": iCalendar files (RFC 5545) for a meeting (one weekly event) and a service
//! (one event per repeating schedule row). Times carry the listing's IANA zone as `TZID`, which
//! calendar programs resolve themselves; no `VTIMEZONE` is written.

use actix_web::HttpResponse;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION};
use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;
use recovery_domain::agency::schedule::{Freq, next_open};
use recovery_domain::agency::{Service, ServiceHit};
use recovery_domain::schedule::{next_occurrence, resolve_local};
use recovery_domain::{AttendanceOption, Meeting};

use super::filter::hours_of;
use super::listing::meeting_address;

/// iCalendar's two-letter weekday codes, Sunday first.
const BYDAY: [&str; 7] = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

/// The answer serving a calendar file.
pub fn response(filename: &str, body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")))
        .insert_header((CACHE_CONTROL, "public, max-age=300"))
        .body(body)
}

/// A meeting as one weekly event, starting at its next occurrence after `now`.
pub fn meeting(m: &Meeting, now: DateTime<Utc>) -> String {
    let data = &m.data;
    let tz = data.timezone;
    let start = next_occurrence(data.day, data.time, tz, now);
    let end = match data.end_time {
        Some(end) => {
            let same_day = resolve_local(tz, start.date_naive(), end);
            if same_day > start { same_day } else { resolve_local(tz, start.date_naive() + TimeDelta::days(1), end) }
        }
        None => start + TimeDelta::hours(1),
    };
    let mut event = vec![
        format!("UID:meeting-{}@recovery-directory", m.id.0),
        format!("DTSTAMP:{}", now.format("%Y%m%dT%H%M%SZ")),
        format!("DTSTART;TZID={}:{}", tz.name(), start.format("%Y%m%dT%H%M%S")),
        format!("DTEND;TZID={}:{}", tz.name(), end.format("%Y%m%dT%H%M%S")),
        format!("RRULE:FREQ=WEEKLY;BYDAY={}", BYDAY[usize::from(data.day.index())]),
        format!("SUMMARY:{}", text(&data.name)),
    ];
    let in_person = data.attendance_option() != AttendanceOption::Online;
    if let Some(address) = data.location.as_ref().filter(|_| in_person).and_then(meeting_address) {
        event.push(format!("LOCATION:{}", text(&address)));
    }
    let mut description = Vec::new();
    if let Some(online) = &data.online {
        description.extend(online.conference_url.clone());
        description.extend(online.conference_phone.clone());
    }
    description.extend(data.notes.clone());
    if !description.is_empty() {
        event.push(format!("DESCRIPTION:{}", text(&description.join("\n"))));
    }
    calendar(&[event])
}

/// A service's repeating hours (at its first location with any), one event per weekly or
/// monthly row that has opening times; rows bounded to some dates (holidays) are left out.
pub fn service(service: &Service, hits: &[ServiceHit], fallback_tz: Tz, now: DateTime<Utc>) -> String {
    let (rows, tz, address) = hits
        .iter()
        .map(|hit| {
            let (rows, tz) = hours_of(hit, fallback_tz);
            (rows, tz, hit.location.as_ref().and_then(|l| l.data.address_line()))
        })
        .find(|(rows, _, _)| !rows.is_empty())
        .unwrap_or((&[], fallback_tz, None));
    let mut events = Vec::new();
    for row in rows.iter().filter(|r| r.opens_at.is_some() && r.valid_from.is_none() && r.valid_to.is_none()) {
        let Some(span) = next_open(std::slice::from_ref(row), tz, now) else { continue };
        let mut rule = vec![format!("FREQ={}", if row.freq == Freq::Monthly { "MONTHLY" } else { "WEEKLY" })];
        if row.interval > 1 {
            rule.push(format!("INTERVAL={}", row.interval));
        }
        if !row.byday.is_empty() {
            rule.push(format!("BYDAY={}", row.byday.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")));
        }
        if !row.bymonthday.is_empty() {
            rule.push(format!(
                "BYMONTHDAY={}",
                row.bymonthday.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")
            ));
        }
        if let Some(until) = row.until {
            rule.push(format!("UNTIL={}T235959Z", until.format("%Y%m%d")));
        }
        let mut event = vec![
            format!("UID:service-{}-{}@recovery-directory", service.id.0, row.id),
            format!("DTSTAMP:{}", now.format("%Y%m%dT%H%M%SZ")),
            format!("DTSTART;TZID={}:{}", tz.name(), span.opens.format("%Y%m%dT%H%M%S")),
            format!("DTEND;TZID={}:{}", tz.name(), span.closes.format("%Y%m%dT%H%M%S")),
            format!("RRULE:{}", rule.join(";")),
            format!("SUMMARY:{}", text(&service.data.name)),
        ];
        if let Some(address) = &address {
            event.push(format!("LOCATION:{}", text(address)));
        }
        if let Some(description) = &row.description {
            event.push(format!("DESCRIPTION:{}", text(description)));
        }
        events.push(event);
    }
    calendar(&events)
}

/// A VCALENDAR of these events' lines, folded, with CRLF line ends.
fn calendar(events: &[Vec<String>]) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//recovery-directory//resident pages//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
    ];
    for event in events {
        lines.push("BEGIN:VEVENT".into());
        lines.extend(event.iter().cloned());
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold(l)).collect::<Vec<_>>().join("")
}

/// A TEXT value, escaped.
fn text(s: &str) -> String {
    s.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace("\r\n", "\\n").replace('\n', "\\n")
}

/// One content line folded at 75 octets (continuations start with a space), ending in CRLF.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_and_text_escapes() {
        let folded = fold(&"x".repeat(100));
        assert!(folded.split("\r\n").all(|l| l.len() <= 75));
        assert_eq!(folded.replace("\r\n ", "").trim_end(), "x".repeat(100));
        assert_eq!(text("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }
}
