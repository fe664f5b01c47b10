//! What one result says: the view model of a meeting or a service in the results list, built
//! from a nearby-search hit.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use recovery_domain::agency::AgencyCatalog;
use recovery_domain::index::Hit;
use recovery_domain::nearby::NearbyItem;
use recovery_domain::schedule::next_occurrence;
use recovery_domain::{AttendanceOption, MeetingData, Programs};

use super::format::{self, TimeView};
use super::i18n::{Lang, category_name};
use recovery_api::routes::services::item::ServiceItem;

/// A link with its text.
#[derive(Debug, Clone)]
pub struct Link {
    /// The address.
    pub href: String,
    /// The words.
    pub text: String,
}

/// One result.
#[derive(Debug, Clone)]
pub struct ResultView {
    /// `meeting` or `service`.
    pub kind: &'static str,
    /// The detail page.
    pub href: String,
    /// Its name.
    pub name: String,
    /// What it is: program and types, or categories and provider.
    pub what: String,
    /// "1.2 km (0.7 mi)".
    pub distance: Option<String>,
    /// A meeting's next start.
    pub next_start: Option<TimeView>,
    /// A service's "Open now" / "Opens …".
    pub open_status: Option<String>,
    /// How to attend (meetings).
    pub attendance: Option<&'static str>,
    /// The address on one line.
    pub address: Option<String>,
    /// An openstreetmap.org directions link.
    pub directions: Option<String>,
    /// The online meeting's link.
    pub join: Option<Link>,
    /// The online meeting's dial-in.
    pub join_phone: Option<Link>,
}

/// The result of a search hit, in `lang`, with times from `at`.
pub fn result(
    item: &NearbyItem,
    catalog: &AgencyCatalog,
    at: DateTime<Utc>,
    fallback_tz: Tz,
    lang: Lang,
) -> ResultView {
    match item {
        NearbyItem::Meeting(hit) => meeting(hit, at, lang),
        NearbyItem::Service(hit) => service(&ServiceItem::of(hit, catalog, at, fallback_tz), lang),
    }
}

fn meeting(hit: &Hit, at: DateTime<Utc>, lang: Lang) -> ResultView {
    let m = &hit.meeting;
    let data = &m.data;
    let location = data.location.as_ref().filter(|_| data.attendance_option() != AttendanceOption::Online);
    let online = data.online.as_ref();
    ResultView {
        kind: "meeting",
        href: format!("/meetings/{}?lang={}", data.slug, lang.code()),
        name: data.name.clone(),
        what: meeting_what(data, lang),
        distance: hit.distance_km.map(format::distance),
        next_start: Some(format::time_view(next_occurrence(data.day, data.time, data.timezone, at), lang)),
        open_status: None,
        attendance: Some(attendance_label(data.attendance_option(), lang)),
        address: location.and_then(meeting_address),
        directions: location.and_then(|l| l.coordinates()).map(|(lat, lng)| format::directions(lat, lng)),
        join: online
            .and_then(|o| o.conference_url.as_deref())
            .and_then(format::safe_url)
            .map(|href| Link { href, text: lang.t().join.to_string() }),
        join_phone: online
            .and_then(|o| o.conference_phone.as_deref())
            .map(|p| Link { href: format!("tel:{}", format::tel(p)), text: format!("{} {p}", lang.t().join_phone) }),
    }
}

/// "Alcoholics Anonymous · Open, Discussion".
pub fn meeting_what(data: &MeetingData, lang: Lang) -> String {
    let program = Programs::builtin().get(&data.program);
    let mut out = program.map_or(data.program.clone(), |p| p.name.to_string());
    let names: Vec<&str> = data
        .types
        .iter()
        .filter_map(|code| program.and_then(|p| p.vocabulary.get(code)).map(|t| t.name(lang.code())))
        .collect();
    if !names.is_empty() {
        out.push_str(" · ");
        out.push_str(&names.join(", "));
    }
    out
}

/// A meeting location's address on one line.
pub fn meeting_address(l: &recovery_domain::Location) -> Option<String> {
    if let Some(formatted) = l.formatted_address.as_deref().filter(|f| !f.trim().is_empty()) {
        return Some(formatted.to_string());
    }
    let parts: Vec<&str> = [l.address.as_deref(), l.city.as_deref(), l.state.as_deref(), l.postal_code.as_deref()]
        .into_iter()
        .flatten()
        .filter(|p| !p.trim().is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// "In person", "Online", … in `lang`.
pub fn attendance_label(option: AttendanceOption, lang: Lang) -> &'static str {
    let t = lang.t();
    match option {
        AttendanceOption::InPerson => t.in_person,
        AttendanceOption::Online => t.online,
        AttendanceOption::Hybrid => t.hybrid,
        AttendanceOption::Inactive => t.inactive,
    }
}

fn service(item: &ServiceItem, lang: Lang) -> ResultView {
    let place = item.location.as_ref();
    ResultView {
        kind: "service",
        href: format!("/services/{}?lang={}", item.id.0, lang.code()),
        name: item.name.clone(),
        what: service_what(item, lang),
        distance: item.distance_km.map(format::distance),
        next_start: None,
        open_status: Some(open_status(item, lang)),
        attendance: None,
        address: place.and_then(|p| p.address.clone()),
        directions: place.and_then(|p| Some(format::directions(p.latitude?, p.longitude?))),
        join: None,
        join_phone: None,
    }
}

/// "Housing · Safe Harbor Housing": the service's categories and provider.
pub fn service_what(item: &ServiceItem, lang: Lang) -> String {
    let mut what: Vec<String> =
        item.categories.iter().map(|c| category_name(lang, &c.code, &c.name).to_string()).collect();
    if let Some(org) = &item.organization {
        what.push(org.name.clone());
    }
    what.join(" · ")
}

/// "Open now, until 17:00", "Opens Mon 6 Jan, 09:00 EST", or "Hours not listed".
pub fn open_status(item: &ServiceItem, lang: Lang) -> String {
    let t = lang.t();
    let tz: Tz = item.location.as_ref().and_then(|l| l.timezone.parse().ok()).unwrap_or(Tz::UTC);
    let local = |raw: &str| DateTime::parse_from_rfc3339(raw).ok().map(|d| d.with_timezone(&tz));
    match (item.open_now, item.next_open.as_ref()) {
        (Some(true), Some(span)) => match local(&span.closes) {
            Some(closes) => format!("{} ({} {})", t.open_now, t.until, closes.format("%H:%M")),
            None => t.open_now.to_string(),
        },
        (Some(true), None) => t.open_now.to_string(),
        (Some(false), Some(span)) => match local(&span.opens) {
            Some(opens) => format!("{} {}", t.opens, format::time_view(opens, lang).text),
            None => t.hours_unknown.to_string(),
        },
        _ => t.hours_unknown.to_string(),
    }
}
