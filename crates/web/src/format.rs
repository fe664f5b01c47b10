//! How times, distances and links read on the pages, in the page's language.

use chrono::{DateTime, Datelike, SecondsFormat, Timelike};
use chrono_tz::Tz;

use super::i18n::Lang;

/// A moment shown in a listing's own zone, with the zone labelled.
#[derive(Debug, Clone)]
pub struct TimeView {
    /// RFC 3339 with the zone's offset (the `datetime` attribute).
    pub datetime: String,
    /// "Tue 14 Jan, 19:00 EST".
    pub text: String,
    /// The IANA zone ("America/New_York"), for scripts that convert it.
    pub zone: String,
}

/// `t` as the pages show it, in its own zone.
pub fn time_view(t: DateTime<Tz>, lang: Lang) -> TimeView {
    let s = lang.t();
    let weekday = s.weekdays_short[t.weekday().num_days_from_sunday() as usize];
    let month = s.months_short[t.month0() as usize];
    let text = format!("{weekday} {} {month}, {:02}:{:02} {}", t.day(), t.hour(), t.minute(), t.format("%Z"));
    TimeView { datetime: t.to_rfc3339_opts(SecondsFormat::Secs, false), text, zone: t.timezone().name().to_string() }
}

/// "1.2 km (0.7 mi)".
pub fn distance(km: f64) -> String {
    let mi = km / 1.609_344;
    format!("{km:.1} km ({mi:.1} mi)")
}

/// An openstreetmap.org directions link to a point (a link only; nothing is embedded).
pub fn directions(lat: f64, lng: f64) -> String {
    format!("https://www.openstreetmap.org/directions?to={lat:.5}%2C{lng:.5}")
}

/// A `tel:` link's target: a leading `+`, the digits, and what dial-in numbers need after
/// them — pauses (`,`), `;` parameters, `*` and `#` (percent-encoded, as a URI must) — so that
/// `+16465588656,,8675309001#` dials the number, waits, and enters the meeting id. Spaces,
/// dashes, dots and brackets are only for reading and are left out.
pub fn tel(number: &str) -> String {
    let mut out = String::new();
    let mut in_parameters = false;
    for c in number.trim().chars() {
        match c {
            '+' if out.is_empty() => out.push('+'),
            '0'..='9' | ',' | '*' => out.push(c),
            ';' => {
                in_parameters = true;
                out.push(';');
            }
            // `;ext=12`: a parameter's name and `=` are part of the URI.
            c if in_parameters && (c.is_ascii_alphanumeric() || c == '=' || c == '-') => out.push(c),
            '#' => out.push_str("%23"),
            _ => {}
        }
    }
    out
}

/// A link the pages may point to: `http(s)://` only (no `javascript:` from a listing).
pub fn safe_url(url: &str) -> Option<String> {
    let trimmed = url.trim();
    let lower = trimmed.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then(|| trimmed.to_string())
}

/// The directory's help contact as a link: `mailto:` for an email, `tel:` for a number.
pub fn contact_href(contact: &str) -> Option<String> {
    if contact.contains('@') && !contact.contains(char::is_whitespace) {
        Some(format!("mailto:{contact}"))
    } else if crate::settings::is_phone_number(contact) {
        Some(format!("tel:{}", tel(contact)))
    } else {
        safe_url(contact)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn times_are_labelled_with_their_zone() {
        let t = chrono_tz::America::New_York.with_ymd_and_hms(2026, 1, 13, 19, 0, 0).unwrap();
        let v = time_view(t, Lang::En);
        assert_eq!(v.text, "Tue 13 Jan, 19:00 EST");
        assert_eq!(v.datetime, "2026-01-13T19:00:00-05:00");
        assert_eq!(v.zone, "America/New_York");
        assert_eq!(time_view(t, Lang::Es).text, "mar 13 ene, 19:00 EST");
    }

    #[test]
    fn links_are_tame() {
        assert_eq!(distance(1.23), "1.2 km (0.8 mi)");
        assert_eq!(tel("+1 (215) 555-0140"), "+12155550140");
        assert_eq!(tel("988"), "988");
        assert_eq!(tel("+16465588656,,8675309001#"), "+16465588656,,8675309001%23", "pauses and the # kept");
        assert_eq!(tel("+1 646 558 8656;ext=12*3"), "+16465588656;ext=12*3");
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(contact_href("help@example.org").as_deref(), Some("mailto:help@example.org"));
        assert_eq!(contact_href("215-555-0100").as_deref(), Some("tel:2155550100"));
        assert_eq!(directions(39.95, -75.17), "https://www.openstreetmap.org/directions?to=39.95000%2C-75.17000");
    }
}
