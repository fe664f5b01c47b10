//! `GET /meetings/{slug}` and `GET /services/{id}`: everything public about one listing, an
//! "add to calendar" link (the same path ending in `.ics`), and the problem-report form.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Utc;
use recovery_domain::agency::ServiceHit;
use recovery_domain::schedule::next_occurrence;
use recovery_domain::{ListingKind, Meeting, ServiceId};

use super::format::{self, TimeView};
use super::i18n::{Lang, category_name};
use super::listing::{self, Link};
use super::report_form::ReportForm;
use super::{Chrome, html, ics, not_found, query_lang};
use recovery_api::error::ApiError;
use recovery_api::routes::services::item::ServiceItem;
use recovery_api::state::AppState;

/// A labelled line of a detail page.
#[derive(Debug, Clone)]
pub struct Fact {
    /// The label.
    pub label: &'static str,
    /// The value.
    pub value: String,
    /// A link for the value.
    pub href: Option<String>,
}

impl Fact {
    fn text(label: &'static str, value: impl Into<String>) -> Fact {
        Fact { label, value: value.into(), href: None }
    }
    fn link(label: &'static str, value: impl Into<String>, href: String) -> Fact {
        Fact { label, value: value.into(), href: Some(href) }
    }
}

/// One place a listing is found, with its facts.
#[derive(Debug, Clone)]
pub struct PlaceView {
    /// Its name.
    pub name: Option<String>,
    /// The address on one line.
    pub address: Option<String>,
    /// An openstreetmap.org directions link.
    pub directions: Option<String>,
    /// Open now / opens at.
    pub open_status: Option<String>,
    /// Hours, phones, languages, …
    pub facts: Vec<Fact>,
}

/// A meeting's or a service's page.
#[derive(Template)]
#[template(path = "web/detail.html")]
pub struct DetailPage {
    /// The surroundings.
    pub chrome: Chrome,
    /// `meeting` or `service`.
    pub kind: &'static str,
    /// Its name.
    pub name: String,
    /// What it is.
    pub what: String,
    /// A notice to show first.
    pub alert: Option<String>,
    /// The next start (meetings).
    pub next_start: Option<TimeView>,
    /// "Every Tuesday, 19:00–20:00" (meetings).
    pub schedule: Option<String>,
    /// Where (one or more places).
    pub places: Vec<PlaceView>,
    /// Join links (online meetings).
    pub joins: Vec<Link>,
    /// Everything else public.
    pub facts: Vec<Fact>,
    /// The `.ics` link.
    pub ics_href: String,
    /// Back to the search.
    pub back_href: String,
    /// The report form.
    pub report: ReportForm,
}

/// `GET /meetings/{slug}` (and `…/{slug}.ics`).
pub async fn meeting(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let lang = Lang::of(&req, query_lang(&req).as_deref());
    let (slug, calendar) = match slug.strip_suffix(".ics") {
        Some(s) => (s.to_string(), true),
        None => (slug.into_inner(), false),
    };
    let Some(found) = state.index().index.get_by_slug(&slug) else { return not_found(&req, lang) };
    if calendar {
        return Ok(ics::response(&format!("{slug}.ics"), ics::meeting(&found, Utc::now())));
    }
    let page = meeting_page(&req, &found, lang, ReportForm::new(ListingKind::Meeting, found.id.0, lang));
    html(&page, StatusCode::OK, "public, max-age=60")
}

/// The page of a meeting, with `report` as the form's state.
pub fn meeting_page(req: &HttpRequest, m: &Meeting, lang: Lang, report: ReportForm) -> DetailPage {
    let t = lang.t();
    let data = &m.data;
    let now = Utc::now();
    let start = next_occurrence(data.day, data.time, data.timezone, now);
    let mut schedule = format!("{} {}", t.weekdays[usize::from(data.day.index())], data.time);
    if let Some(end) = data.end_time {
        schedule.push_str(&format!("–{end}"));
    }
    schedule.push_str(&format!(" ({})", data.timezone.name()));
    let option = data.attendance_option();
    let in_person = !matches!(option, recovery_domain::AttendanceOption::Online);
    let places = data
        .location
        .as_ref()
        .filter(|_| in_person)
        .map(|l| PlaceView {
            name: l.name.clone(),
            address: listing::meeting_address(l),
            directions: l.coordinates().map(|(lat, lng)| format::directions(lat, lng)),
            open_status: None,
            facts: l.notes.iter().map(|n| Fact::text(t.notes, n.clone())).collect(),
        })
        .into_iter()
        .collect();
    let mut joins = Vec::new();
    if let Some(online) = &data.online {
        if let Some(href) = online.conference_url.as_deref().and_then(format::safe_url) {
            joins.push(Link { href, text: t.join.into() });
        }
        if let Some(phone) = &online.conference_phone {
            joins.push(Link { href: format!("tel:{}", format::tel(phone)), text: format!("{} {phone}", t.join_phone) });
        }
    }
    let mut facts = vec![Fact::text(t.attendance, listing::attendance_label(option, lang))];
    if let Some(notes) = &data.notes {
        facts.push(Fact::text(t.notes, notes.clone()));
    }
    if let Some(group) = &data.group {
        if let Some(url) = group.website.as_deref().and_then(format::safe_url) {
            facts.push(Fact::link(t.website, url.clone(), url));
        }
        if let Some(email) = &group.email {
            facts.push(Fact::link(t.email, email.clone(), format!("mailto:{email}")));
        }
        if let Some(phone) = &group.phone {
            facts.push(Fact::link(t.phone, phone.clone(), format!("tel:{}", format::tel(phone))));
        }
    }
    for contact in data.contacts.iter().filter(|c| c.public) {
        if let Some(phone) = &contact.phone {
            facts.push(Fact::link(t.phone, phone.clone(), format!("tel:{}", format::tel(phone))));
        }
        if let Some(email) = &contact.email {
            facts.push(Fact::link(t.email, email.clone(), format!("mailto:{email}")));
        }
    }
    if let Some(verified) = m.verified_at {
        facts.push(Fact::text(t.verified, verified.date_naive().to_string()));
    }
    DetailPage {
        chrome: Chrome::new(req, lang),
        kind: "meeting",
        name: data.name.clone(),
        what: listing::meeting_what(data, lang),
        alert: None,
        next_start: Some(format::time_view(start, lang)),
        schedule: Some(schedule),
        places,
        joins,
        facts,
        ics_href: format!("/meetings/{}.ics", data.slug),
        back_href: format!("/?lang={}", lang.code()),
        report,
    }
}

/// `GET /services/{id}` (and `…/{id}.ics`).
pub async fn service(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let lang = Lang::of(&req, query_lang(&req).as_deref());
    let (raw, calendar) = match id.strip_suffix(".ics") {
        Some(s) => (s.to_string(), true),
        None => (id.into_inner(), false),
    };
    let Ok(uuid) = raw.parse::<uuid::Uuid>() else { return not_found(&req, lang) };
    let index = state.index();
    let Some(found) = index.agencies.service(ServiceId(uuid)) else { return not_found(&req, lang) };
    if calendar {
        let hits = hits(found, &index.agencies);
        let body = ics::service(found, &hits, state.defaults().timezone, Utc::now());
        return Ok(ics::response(&format!("{uuid}.ics"), body));
    }
    let page =
        service_page(&req, &state, &index.agencies, found, lang, ReportForm::new(ListingKind::Service, uuid, lang));
    drop(index);
    html(&page, StatusCode::OK, "public, max-age=60")
}

/// A service at each of its locations, as search hits (one without location when it has none).
pub fn hits(
    service: &std::sync::Arc<recovery_domain::agency::Service>,
    catalog: &recovery_domain::agency::AgencyCatalog,
) -> Vec<ServiceHit> {
    let links = &service.data.service_at_locations;
    if links.is_empty() {
        return vec![ServiceHit {
            entry_id: service.id.0,
            service: service.clone(),
            location: None,
            distance_km: None,
            next_open: None,
        }];
    }
    links
        .iter()
        .map(|sal| ServiceHit {
            entry_id: sal.id,
            service: service.clone(),
            location: catalog.location(sal.location_id).cloned(),
            distance_km: None,
            next_open: None,
        })
        .collect()
}

/// The page of a service, with `report` as the form's state.
pub fn service_page(
    req: &HttpRequest,
    state: &AppState,
    catalog: &recovery_domain::agency::AgencyCatalog,
    service: &std::sync::Arc<recovery_domain::agency::Service>,
    lang: Lang,
    report: ReportForm,
) -> DetailPage {
    let t = lang.t();
    let now = Utc::now();
    let items: Vec<ServiceItem> = hits(service, catalog)
        .iter()
        .map(|hit| ServiceItem::of(hit, catalog, now, state.defaults().timezone))
        .collect();
    let places = items
        .iter()
        .map(|item| {
            let mut facts: Vec<Fact> = item
                .phones
                .iter()
                .map(|p| Fact::link(t.phone, p.number.clone(), format!("tel:{}", format::tel(&p.number))))
                .collect();
            if !item.languages.is_empty() {
                facts.push(Fact::text(t.languages, item.languages.join(", ")));
            }
            let hours = hits(service, catalog)
                .iter()
                .find(|h| Some(h.entry_id) == item.service_at_location_id || item.service_at_location_id.is_none())
                .map(|h| {
                    super::filter::hours_of(h, state.defaults().timezone)
                        .0
                        .iter()
                        .filter_map(|s| s.description.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            if !hours.is_empty() {
                facts.push(Fact::text(t.hours, hours.join("; ")));
            }
            PlaceView {
                name: item.location.as_ref().and_then(|l| l.name.clone()),
                address: item.location.as_ref().and_then(|l| l.address.clone()),
                directions: item.location.as_ref().and_then(|l| Some(format::directions(l.latitude?, l.longitude?))),
                open_status: Some(listing::open_status(item, lang)),
                facts,
            }
        })
        .collect();
    let first = items.first();
    let mut facts = Vec::new();
    let data = &service.data;
    if let Some(description) = first.and_then(|i| i.description.clone()) {
        facts.push(Fact::text(t.h_about, description));
    }
    if let Some(org) = first.and_then(|i| i.organization.as_ref()) {
        facts.push(Fact::text(t.provided_by, org.name.clone()));
    }
    if let Some(first) = first.filter(|i| !i.categories.is_empty()) {
        let names: Vec<&str> = first.categories.iter().map(|c| category_name(lang, &c.code, &c.name)).collect();
        facts.push(Fact::text(t.categories, names.join(", ")));
    }
    for (label, value) in [
        (t.eligibility, &data.eligibility_description),
        (t.fees, &data.fees_description),
        (t.apply, &data.application_process),
    ] {
        if let Some(v) = value {
            facts.push(Fact::text(label, v.clone()));
        }
    }
    match (data.minimum_age, data.maximum_age) {
        (None, None) => {}
        (min, max) => facts.push(Fact::text(
            t.ages,
            format!(
                "{}–{}",
                min.map(|a| a.to_string()).unwrap_or_default(),
                max.map(|a| a.to_string()).unwrap_or_default()
            ),
        )),
    }
    if let Some(url) = data.url.as_deref().and_then(format::safe_url) {
        facts.push(Fact::link(t.website, url.clone(), url));
    }
    if let Some(email) = &data.email {
        facts.push(Fact::link(t.email, email.clone(), format!("mailto:{email}")));
    }
    if let Some(date) = data.assured_date {
        facts.push(Fact::text(t.verified, date.to_string()));
    }
    let what = first.map(|i| listing::service_what(i, lang)).unwrap_or_default();
    DetailPage {
        chrome: Chrome::new(req, lang),
        kind: "service",
        name: data.name.clone(),
        what,
        alert: data.alert.clone(),
        next_start: None,
        schedule: None,
        places,
        joins: Vec::new(),
        facts,
        ics_href: format!("/services/{}.ics", service.id.0),
        back_href: format!("/?lang={}", lang.code()),
        report,
    }
}
