//! `GET /`: the search form and, with a location or a place, the results nearest first,
//! rendered on the server. Results come from the same nearby search as `GET /v1/search`, with
//! the page's day and time-of-day filters applied on top.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{DateTime, Utc};
use recovery_domain::AttendanceOption;
use recovery_domain::nearby::{NearbyCursor, NearbyItem, NearbyKinds, NearbyQuery, TimeWindow, search_nearby};
use recovery_domain::{Programs, TermId};
use serde::{Deserialize, Serialize};

use super::filter::DayFilter;
use super::form::{self, RADII_KM, SearchForm, Show, TYPE_CODES, TimeBand, When};
use super::i18n::{Lang, category_name};
use super::listing::{self, ResultView};
use super::{Chrome, html, places};
use recovery_api::error::ApiError;
use recovery_api::extract::cursor;
use recovery_api::extract::query::QueryParams;
use recovery_api::state::AppState;
use recovery_domain::projection::IndexState;

/// Results per page.
pub const PAGE_SIZE: usize = 25;
/// How many hits are read from the index at a time while filtering.
const CHUNK: usize = 100;
/// "Now and the next two hours", in minutes.
const SOON_MINUTES: u32 = 120;

/// One choice of a select.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The value sent.
    pub value: String,
    /// The words shown.
    pub label: String,
    /// Whether it is chosen.
    pub selected: bool,
}

impl Choice {
    fn new(value: impl Into<String>, label: impl Into<String>, selected: bool) -> Choice {
        Choice { value: value.into(), label: label.into(), selected }
    }
}

/// The search page.
#[derive(Template)]
#[template(path = "web/search.html")]
pub struct SearchPage {
    /// The surroundings.
    pub chrome: Chrome,
    /// The current `lat`, for the hidden field.
    pub lat: String,
    /// The current `lng`, for the hidden field.
    pub lng: String,
    /// The place choices.
    pub places: Vec<Choice>,
    /// The radius choices.
    pub radii: Vec<Choice>,
    /// The day choices.
    pub whens: Vec<Choice>,
    /// The time-of-day choices.
    pub times: Vec<Choice>,
    /// The kind choices.
    pub shows: Vec<Choice>,
    /// The attendance choices.
    pub attendances: Vec<Choice>,
    /// The meeting type checkboxes.
    pub types: Vec<Choice>,
    /// The category choices.
    pub categories: Vec<Choice>,
    /// Parameters left out, named.
    pub left_out: String,
    /// Whether a search was made (a location or place was given).
    pub searched: bool,
    /// The results.
    pub results: Vec<ResultView>,
    /// The next page's link.
    pub next_href: Option<String>,
}

/// What a page cursor carries: where the page ended, and the moment of the first page; bound to
/// the form's fingerprint.
#[derive(Debug, Serialize, Deserialize)]
struct PageCursor {
    c: NearbyCursor,
    at: i64,
}

/// The handler.
pub async fn page(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let p = QueryParams::parse(req.query_string());
    let lang = Lang::of(&req, p.get("lang"));
    let mut form = SearchForm::parse(&p);
    let index = state.index();
    let fingerprint = fingerprint(&form);
    // A cursor of another search (or none of ours) is left out, not refused: a page, not a 400.
    let token =
        form.cursor.as_deref().and_then(|raw| cursor::decode_bound::<PageCursor>("cursor", raw, &fingerprint).ok());
    if token.is_none() && form.cursor.is_some() {
        form.left_out.push("cursor");
    }
    let at =
        form.at.or_else(|| token.as_ref().and_then(|t| DateTime::from_timestamp(t.at, 0))).unwrap_or_else(Utc::now);
    let near = form.near.or_else(|| form.place.as_deref().and_then(|name| places::center(&index, name)));
    if form.near.is_none() && form.place.is_some() && near.is_none() {
        form.left_out.push("place");
    }
    let (results, next) = match near {
        Some(point) => {
            let query = NearbyQuery { near: Some(point), ..base_query(&form, &index, at) };
            let (items, next) = collect(&index, query, &form, at, state.defaults().timezone, token.map(|t| t.c))?;
            let results: Vec<ResultView> = items
                .iter()
                .map(|item| listing::result(item, &index.agencies, at, state.defaults().timezone, lang))
                .collect();
            let next = next.map(|c| {
                let token = cursor::encode_bound(&PageCursor { c, at: at.timestamp() }, &fingerprint);
                let mut pairs = form.pairs();
                pairs.push(("cursor", token));
                form::href("/", &pairs, lang.code())
            });
            (results, next)
        }
        None => (Vec::new(), None),
    };
    let page = SearchPage {
        chrome: Chrome::new(&req, lang),
        lat: form.near.map(|p| p.lat.to_string()).unwrap_or_default(),
        lng: form.near.map(|p| p.lng.to_string()).unwrap_or_default(),
        places: place_choices(&index, &form, lang),
        radii: RADII_KM.iter().map(|r| Choice::new(r.to_string(), format!("{r} km"), *r == form.radius_km)).collect(),
        whens: when_choices(&form, lang),
        times: time_choices(&form, lang),
        shows: show_choices(&form, lang),
        attendances: attendance_choices(&form, lang),
        types: type_choices(&form, lang),
        categories: category_choices(&index, &form, lang),
        left_out: form.left_out.join(", "),
        searched: near.is_some(),
        results,
        next_href: next,
    };
    drop(index);
    // A search names where the resident is: no cache may keep it.
    let cache = if page.searched { "no-store" } else { "no-cache" };
    html(&page, StatusCode::OK, cache)
}

/// The nearby query of the form's filters, without `near` (set by the caller).
fn base_query(form: &SearchForm, index: &IndexState, at: DateTime<Utc>) -> NearbyQuery {
    let taxonomies = index.agencies.taxonomies();
    let categories: Vec<TermId> = form
        .category
        .as_deref()
        .and_then(|code| taxonomies.resolve(code))
        .map(|term| taxonomies.with_descendants(term.id))
        .unwrap_or_default();
    NearbyQuery {
        radius_km: f64::from(form.radius_km),
        kinds: match form.show {
            Show::All => NearbyKinds::default(),
            Show::Meetings => NearbyKinds { meetings: true, services: false },
            Show::Services => NearbyKinds { meetings: false, services: true },
        },
        types: form.types.clone(),
        attendance: form.attendance.into_iter().collect(),
        categories,
        window: (form.when == When::Soon).then_some(TimeWindow { at, minutes: SOON_MINUTES }),
        limit: CHUNK,
        ..NearbyQuery::default()
    }
}

/// One page of hits that pass the day filter, after `after`, and where the next page starts.
fn collect(
    index: &IndexState,
    mut query: NearbyQuery,
    form: &SearchForm,
    at: DateTime<Utc>,
    fallback_tz: chrono_tz::Tz,
    after: Option<NearbyCursor>,
) -> Result<(Vec<NearbyItem>, Option<NearbyCursor>), ApiError> {
    let filter = DayFilter::of(form, at);
    query.after = after;
    let mut kept: Vec<NearbyItem> = Vec::new();
    loop {
        let page = search_nearby(&index.index, &index.agencies, &query)
            .map_err(|_| ApiError::bad_field("cursor", "this cursor belongs to another search"))?;
        for item in page.items {
            if filter.is_none_or(|f| f.keeps(&item, fallback_tz)) {
                kept.push(item);
                if kept.len() > PAGE_SIZE {
                    kept.truncate(PAGE_SIZE);
                    let next = kept.last().map(position);
                    return Ok((kept, next));
                }
            }
        }
        match page.next {
            Some(next) => query.after = Some(next),
            None => return Ok((kept, None)),
        }
    }
}

/// An item's position in the nearby order, as the nearby search writes its cursors.
fn position(item: &NearbyItem) -> NearbyCursor {
    NearbyCursor::Distance {
        km: item.distance_km().unwrap_or(f64::INFINITY).to_string(),
        kind: item.kind(),
        id: item.id(),
    }
}

/// A short hash of what decides the results, so a cursor is only used with its own search.
fn fingerprint(form: &SearchForm) -> String {
    let key: Vec<String> =
        form.pairs().into_iter().filter(|(k, _)| *k != "at").map(|(k, v)| format!("{k}={v}")).collect();
    cursor::fingerprint(&key.join("&"))
}

fn place_choices(index: &IndexState, form: &SearchForm, lang: Lang) -> Vec<Choice> {
    let chosen = form.place.as_deref().map(str::to_lowercase);
    let mut out = vec![Choice::new("", lang.t().place_none, form.place.is_none())];
    out.extend(places::options(index).into_iter().map(|p| {
        let selected = chosen.as_deref() == Some(p.name.to_lowercase().as_str());
        Choice::new(p.name, p.label, selected)
    }));
    out
}

fn when_choices(form: &SearchForm, lang: Lang) -> Vec<Choice> {
    let t = lang.t();
    let mut out = vec![
        Choice::new("any", t.when_any, form.when == When::Any),
        Choice::new("soon", t.when_soon, form.when == When::Soon),
        Choice::new("today", t.when_today, form.when == When::Today),
    ];
    out.extend((0..7u8).map(|d| Choice::new(d.to_string(), t.weekdays[usize::from(d)], form.when == When::Day(d))));
    out
}

fn time_choices(form: &SearchForm, lang: Lang) -> Vec<Choice> {
    let t = lang.t();
    let labels = [t.time_any, t.time_morning, t.time_afternoon, t.time_evening, t.time_night];
    TimeBand::ALL.iter().zip(labels).map(|(b, label)| Choice::new(b.value(), label, *b == form.time)).collect()
}

fn show_choices(form: &SearchForm, lang: Lang) -> Vec<Choice> {
    let t = lang.t();
    [(Show::All, t.show_all), (Show::Meetings, t.show_meetings), (Show::Services, t.show_services)]
        .into_iter()
        .map(|(s, label)| Choice::new(s.value(), label, s == form.show))
        .collect()
}

fn attendance_choices(form: &SearchForm, lang: Lang) -> Vec<Choice> {
    let mut out = vec![Choice::new("any", lang.t().attendance_any, form.attendance.is_none())];
    for option in [AttendanceOption::InPerson, AttendanceOption::Online, AttendanceOption::Hybrid] {
        out.push(Choice::new(
            option.as_str(),
            listing::attendance_label(option, lang),
            form.attendance == Some(option),
        ));
    }
    out
}

fn type_choices(form: &SearchForm, lang: Lang) -> Vec<Choice> {
    let vocabulary = Programs::builtin().get("aa").map(|p| p.vocabulary.clone());
    TYPE_CODES
        .iter()
        .map(|code| {
            let label = vocabulary.as_ref().and_then(|v| v.get(code)).map_or(*code, |t| t.name(lang.code()));
            Choice::new(*code, label, form.types.iter().any(|c| c == code))
        })
        .collect()
}

fn category_choices(index: &IndexState, form: &SearchForm, lang: Lang) -> Vec<Choice> {
    let taxonomies = index.agencies.taxonomies();
    let chosen = form.category.as_deref().and_then(|c| taxonomies.resolve(c)).map(|t| t.id);
    let mut out = vec![Choice::new("any", lang.t().category_any, chosen.is_none())];
    let mut tops: Vec<_> = taxonomies.terms().filter(|t| t.data.parent_id.is_none()).collect();
    tops.sort_by(|a, b| a.data.name.cmp(&b.data.name));
    for top in tops {
        out.push(Choice::new(
            &top.data.code,
            category_name(lang, &top.data.code, &top.data.name),
            chosen == Some(top.id),
        ));
        let mut children: Vec<_> = taxonomies.children(top.id).iter().filter_map(|id| taxonomies.term(*id)).collect();
        children.sort_by(|a, b| a.data.name.cmp(&b.data.name));
        for child in children {
            let name = category_name(lang, &child.data.code, &child.data.name);
            out.push(Choice::new(&child.data.code, format!("\u{2003}{name}"), chosen == Some(child.id)));
        }
    }
    out
}
