//! The search form's parameters, read leniently: a value that cannot be read is left out and
//! named back to the resident, never a bare error page. The names are the page's contract
//! (`lat`, `lng`, `place`, `radius_km`, `when`, `time`, `show`, `attendance`, `types`,
//! `category`, `cursor`, and `lang`); `at` (RFC 3339) pins "now" for tests and is undocumented.

use chrono::{DateTime, Utc};
use recovery_domain::AttendanceOption;
use recovery_domain::index::GeoPoint;

use recovery_api::extract::query::QueryParams;

/// The distances offered, in kilometres.
pub const RADII_KM: [u32; 5] = [2, 5, 10, 25, 50];
/// The distance chosen when none is.
pub const DEFAULT_RADIUS_KM: u32 = 10;
/// The meeting types offered as checkboxes (codes of the Meeting Guide vocabulary).
pub const TYPE_CODES: [&str; 8] = ["O", "C", "W", "M", "S", "X", "BE", "LGBTQ"];

/// Which day the resident asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum When {
    /// Any day.
    #[default]
    Any,
    /// Now and the next two hours.
    Soon,
    /// Today (in each listing's own zone).
    Today,
    /// A weekday, Sunday = 0.
    Day(u8),
}

impl When {
    /// The form value.
    pub fn value(self) -> String {
        match self {
            When::Any => "any".into(),
            When::Soon => "soon".into(),
            When::Today => "today".into(),
            When::Day(d) => d.to_string(),
        }
    }

    fn parse(raw: &str) -> Option<When> {
        match raw {
            "any" | "" => Some(When::Any),
            "soon" => Some(When::Soon),
            "today" => Some(When::Today),
            _ => raw.parse::<u8>().ok().filter(|d| *d < 7).map(When::Day),
        }
    }
}

/// Which part of the day the resident asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeBand {
    /// Any time.
    #[default]
    Any,
    /// 05:00–12:00.
    Morning,
    /// 12:00–17:00.
    Afternoon,
    /// 17:00–21:00.
    Evening,
    /// 21:00–05:00.
    Night,
}

impl TimeBand {
    /// Every band, in the form's order.
    pub const ALL: [TimeBand; 5] =
        [TimeBand::Any, TimeBand::Morning, TimeBand::Afternoon, TimeBand::Evening, TimeBand::Night];

    /// The form value.
    pub fn value(self) -> &'static str {
        match self {
            TimeBand::Any => "any",
            TimeBand::Morning => "morning",
            TimeBand::Afternoon => "afternoon",
            TimeBand::Evening => "evening",
            TimeBand::Night => "night",
        }
    }

    /// Where it starts, in minutes after midnight, and how long it lasts; `None` for any time.
    pub fn span_minutes(self) -> Option<(u16, u16)> {
        match self {
            TimeBand::Any => None,
            TimeBand::Morning => Some((5 * 60, 7 * 60)),
            TimeBand::Afternoon => Some((12 * 60, 5 * 60)),
            TimeBand::Evening => Some((17 * 60, 4 * 60)),
            TimeBand::Night => Some((21 * 60, 8 * 60)),
        }
    }

    /// Whether a wall-clock time (minutes after midnight) falls in the band.
    pub fn contains(self, minute_of_day: u16) -> bool {
        match self.span_minutes() {
            None => true,
            Some((start, length)) => (minute_of_day + 24 * 60 - start) % (24 * 60) < length,
        }
    }

    fn parse(raw: &str) -> Option<TimeBand> {
        TimeBand::ALL.into_iter().find(|b| b.value() == raw || (raw.is_empty() && *b == TimeBand::Any))
    }
}

/// Which kinds of listing to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Show {
    /// Meetings and services.
    #[default]
    All,
    /// Meetings only.
    Meetings,
    /// Services only.
    Services,
}

impl Show {
    /// The form value.
    pub fn value(self) -> &'static str {
        match self {
            Show::All => "all",
            Show::Meetings => "meetings",
            Show::Services => "services",
        }
    }

    fn parse(raw: &str) -> Option<Show> {
        [Show::All, Show::Meetings, Show::Services]
            .into_iter()
            .find(|s| s.value() == raw || raw.is_empty() && *s == Show::All)
    }
}

/// What the resident asked for.
#[derive(Debug, Clone, Default)]
pub struct SearchForm {
    /// The point from "use my location" (`lat`, `lng`).
    pub near: Option<GeoPoint>,
    /// A region or city the directory knows.
    pub place: Option<String>,
    /// The radius in kilometres, one of [`RADII_KM`].
    pub radius_km: u32,
    /// Which day.
    pub when: When,
    /// Which part of the day.
    pub time: TimeBand,
    /// Which kinds.
    pub show: Show,
    /// How to attend (meetings); `None` for any.
    pub attendance: Option<AttendanceOption>,
    /// Meeting type codes a meeting must all have.
    pub types: Vec<String>,
    /// A category code (services).
    pub category: Option<String>,
    /// Where the previous page ended.
    pub cursor: Option<String>,
    /// The moment "now" means (tests).
    pub at: Option<DateTime<Utc>>,
    /// Parameters that could not be read and were left out.
    pub left_out: Vec<&'static str>,
}

impl SearchForm {
    /// Reads the form from the query string.
    pub fn parse(p: &QueryParams) -> SearchForm {
        let mut form = SearchForm { radius_km: DEFAULT_RADIUS_KM, ..SearchForm::default() };
        let coordinate = |key: &str, limit: f64| {
            p.get(key)
                .filter(|v| !v.is_empty())
                .map(|v| v.trim().parse::<f64>().ok().filter(|x| x.is_finite() && x.abs() <= limit))
        };
        match (coordinate("lat", 90.0), coordinate("lng", 180.0)) {
            (Some(Some(lat)), Some(Some(lng))) => form.near = Some(GeoPoint { lat, lng }),
            (None, None) => {}
            _ => form.left_out.push("lat, lng"),
        }
        form.place = p.get("place").map(str::trim).filter(|v| !v.is_empty()).map(|v| v.chars().take(100).collect());
        if let Some(raw) = p.get("radius_km").filter(|v| !v.is_empty()) {
            match raw.parse::<f64>().ok().and_then(|r| RADII_KM.into_iter().find(|k| f64::from(*k) == r)) {
                Some(r) => form.radius_km = r,
                None => form.left_out.push("radius_km"),
            }
        }
        read(p, "when", When::parse, &mut form.when, &mut form.left_out);
        read(p, "time", TimeBand::parse, &mut form.time, &mut form.left_out);
        read(p, "show", Show::parse, &mut form.show, &mut form.left_out);
        match p.get("attendance").filter(|v| !v.is_empty() && *v != "any") {
            None => {}
            Some(raw) => match AttendanceOption::parse(raw) {
                Some(option) => form.attendance = Some(option),
                None => form.left_out.push("attendance"),
            },
        }
        let mut types: Vec<String> =
            p.list("types").into_iter().filter(|c| TYPE_CODES.contains(c)).map(str::to_string).collect();
        types.sort();
        types.dedup();
        form.types = types;
        form.category =
            p.get("category").filter(|v| !v.is_empty() && *v != "any").map(|v| v.chars().take(100).collect());
        form.cursor = p.get("cursor").filter(|v| !v.is_empty()).map(str::to_string);
        if let Some(raw) = p.get("at") {
            match DateTime::parse_from_rfc3339(raw) {
                Ok(t) => form.at = Some(t.with_timezone(&Utc)),
                Err(_) => form.left_out.push("at"),
            }
        }
        form
    }

    /// True when the form says where to search.
    pub fn has_location(&self) -> bool {
        self.near.is_some() || self.place.is_some()
    }

    /// The query pairs that decide the results (everything but `cursor` and `lang`), for the
    /// next-page link and the cursor's fingerprint.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(p) = self.near {
            out.push(("lat", p.lat.to_string()));
            out.push(("lng", p.lng.to_string()));
        }
        if let Some(place) = &self.place {
            out.push(("place", place.clone()));
        }
        out.push(("radius_km", self.radius_km.to_string()));
        out.push(("when", self.when.value()));
        out.push(("time", self.time.value().to_string()));
        out.push(("show", self.show.value().to_string()));
        out.push(("attendance", self.attendance.map_or("any", |a| a.as_str()).to_string()));
        for code in &self.types {
            out.push(("types", code.clone()));
        }
        out.push(("category", self.category.clone().unwrap_or_else(|| "any".into())));
        if let Some(at) = self.at {
            out.push(("at", at.to_rfc3339()));
        }
        out
    }
}

/// Reads one enumerated parameter into `slot`, or notes it as left out.
fn read<T>(
    p: &QueryParams,
    key: &'static str,
    parse: fn(&str) -> Option<T>,
    slot: &mut T,
    left_out: &mut Vec<&'static str>,
) {
    if let Some(raw) = p.get(key) {
        match parse(raw) {
            Some(value) => *slot = value,
            None => left_out.push(key),
        }
    }
}

/// `path?pairs` with `lang` last, as a URL path and query.
pub fn href(path: &str, pairs: &[(&str, String)], lang: &str) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        query.append_pair(k, v);
    }
    query.append_pair("lang", lang);
    format!("{path}?{}", query.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_wrap_past_midnight() {
        assert!(TimeBand::Night.contains(23 * 60) && TimeBand::Night.contains(4 * 60 + 59));
        assert!(!TimeBand::Night.contains(5 * 60) && !TimeBand::Night.contains(20 * 60 + 59));
        assert!(TimeBand::Morning.contains(5 * 60) && !TimeBand::Morning.contains(12 * 60));
        assert!(TimeBand::Any.contains(0));
    }

    #[test]
    fn bad_values_are_left_out_not_fatal() {
        let form = SearchForm::parse(&QueryParams::parse(
            "lat=91&lng=2&radius_km=7&when=9&time=noon&show=all&attendance=online&types=W&types=nope&types=W",
        ));
        assert_eq!(form.near, None);
        assert_eq!(form.radius_km, DEFAULT_RADIUS_KM);
        assert_eq!(form.left_out, ["lat, lng", "radius_km", "when", "time"]);
        assert_eq!(form.attendance, Some(AttendanceOption::Online));
        assert_eq!(form.types, ["W"]);
        let ok = SearchForm::parse(&QueryParams::parse("lat=39.95&lng=-75.17&when=3&time=evening&radius_km=25"));
        assert_eq!(ok.near, Some(GeoPoint { lat: 39.95, lng: -75.17 }));
        assert_eq!((ok.when, ok.time, ok.radius_km), (When::Day(3), TimeBand::Evening, 25));
        assert!(ok.left_out.is_empty());
    }
}
