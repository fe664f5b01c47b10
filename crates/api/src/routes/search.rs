//! `GET /v1/search`: one nearby search over meetings and agency services, answered from the
//! in-memory indexes.

use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, Utc};
use recovery_domain::agency::Taxonomies;
use recovery_domain::index::GeoPoint;
use recovery_domain::nearby::{
    NearbyCursor, NearbyItem, NearbyKind, NearbyKinds, NearbyQuery, TimeWindow, search_nearby,
};
use recovery_domain::{AttendanceOption, TermId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::conditional::{self, Audience};
use crate::error::{ApiError, Problem};
use crate::extract::query::{FromQuery, Query, QueryParams, shorten};
use crate::extract::{cursor, filters};
use crate::routes::meetings::view::MeetingView;
use crate::routes::services::item::ServiceItem;
use crate::routes::services::search::{DEFAULT_LIMIT, MAX_LIMIT};
use crate::state::AppState;

/// The longest `starts_within` window of this search: one day.
pub const MAX_STARTS_WITHIN: u32 = 24 * 60;

/// The search parameters (every one optional).
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NearbyParams {
    /// Latitude of the point to search around; `lat` and `lng` come together (one alone is a 400).
    #[param(minimum = -90, maximum = 90)]
    lat: Option<f64>,
    /// Longitude of the point to search around; `lat` and `lng` come together (one alone is a 400).
    #[param(minimum = -180, maximum = 180)]
    lng: Option<f64>,
    /// Radius around `lat`/`lng` in kilometres (default 25, at most 500).
    #[param(exclusive_minimum = 0, maximum = 500, value_type = Option<f64>)]
    radius_km: f64,
    /// Which kinds of listing, comma list of `meeting` and `service` (default both).
    #[param(value_type = Option<String>)]
    kinds: NearbyKinds,
    /// Words that must all appear (as word prefixes) in the listing's name, description,
    /// location or address.
    q: Option<String>,
    /// An ISO 639 code ("es"): services working in it, meetings held in it.
    language: Option<String>,
    /// The moment the time window counts from, and `open_now` of services is about (RFC 3339;
    /// default now).
    #[param(value_type = Option<String>)]
    at: Option<DateTime<Utc>>,
    /// Only meetings starting, and services open, within this many minutes of `at` (1 to
    /// 1440); meeting items then carry `next_start`.
    #[param(minimum = 1, maximum = 1440)]
    starts_within: Option<u32>,
    /// Meetings only: type codes, comma list; a meeting must have all of them.
    #[param(value_type = Option<String>)]
    types: Vec<String>,
    /// Meetings only: attendance options, comma list of `in_person`, `hybrid`, `online`,
    /// `inactive`.
    #[param(value_type = Option<String>)]
    attendance: Vec<AttendanceOption>,
    /// Services only: a taxonomy term's id or code; services filed under it or below match.
    #[param(value_type = Option<String>)]
    category: Vec<TermId>,
    /// Services only: whose age range includes this age.
    #[param(minimum = 0, maximum = 150)]
    age: Option<u16>,
    /// Page size (default 25, at most 200).
    #[param(minimum = 1, maximum = 200, value_type = Option<usize>)]
    limit: usize,
    /// `next_cursor` from the previous page of the same query.
    #[param(value_type = Option<String>)]
    cursor: Option<CursorToken>,
}

/// A meeting in a nearby search: `kind` and the meeting as `GET /v1/meetings` returns it.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingItem {
    /// Always `meeting`.
    pub kind: NearbyKind,
    /// The meeting.
    #[serde(flatten)]
    pub meeting: MeetingView,
}

/// One item of a nearby search: a meeting or a service at one location, told by `kind`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum SearchItem {
    /// A 12-step meeting.
    Meeting(MeetingItem),
    /// A service at one location.
    Service(Box<ServiceItem>),
}

/// One page of a nearby search.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchPage {
    /// Meetings and services on this page, nearest first with `lat`/`lng`.
    pub items: Vec<SearchItem>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
    /// How many listings match in all (`total_meetings` plus `total_services`). Exact unless
    /// `total_exact` is false: with `lat`/`lng`, the meetings of a crowded radius (more than
    /// about 4,000 there pass the meeting filters) are counted only up to 1,000, so that a page
    /// at a dense point costs the page, not every meeting in the radius; then the meetings
    /// count as 1,000 and `total` means "at least". Paging with `next_cursor` still yields
    /// every match.
    pub total: usize,
    /// How many of them are meetings; a lower bound (1,000) when `total_exact` is false.
    pub total_meetings: usize,
    /// How many of them are services (always exact).
    pub total_services: usize,
    /// True when `total` and `total_meetings` are exact counts; false when they are lower
    /// bounds (a crowded radius where more than 1,000 meetings match).
    pub total_exact: bool,
}

/// What a cursor carries: where the last page ended, and the moment the query was asked at;
/// bound to the query's fingerprint.
#[derive(Debug, Serialize, Deserialize)]
struct CursorToken {
    c: NearbyCursor,
    at: i64,
}

/// Search meetings and services together.
///
/// With `lat`/`lng`, only listings within `radius_km` match; items carry `distance_km` and
/// come nearest first, meetings and services interleaved (a meeting before a service at the
/// same distance). Without them, meetings come first (by day and time, or by next start
/// with `starts_within`), then services by name. The shared filters (`q`, `language`, the
/// time window) apply to both kinds; `types` and `attendance` only narrow the meetings,
/// `category` and `age` only the services. Walking `next_cursor` yields every match exactly
/// once, in order.
#[utoipa::path(
    operation_id = "search",
    get, path = "/v1/search", tag = "search",
    params(NearbyParams),
    responses(
        (status = 200, description = "A page of meetings and services", body = SearchPage),
        (status = 400, description = "A parameter could not be read, or a kind or category is unknown", body = Problem,
            content_type = "application/problem+json"),
    )
)]
#[get("/v1/search")]
pub async fn search(
    state: web::Data<AppState>,
    query: Query<NearbyParams>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let body = {
        let index = state.index();
        let params = query.read_with(index.agencies.taxonomies())?;
        let fingerprint = params.fingerprint();
        let (query, at) = params.into_query();
        let page = search_nearby(&index.index, &index.agencies, &query)
            .map_err(|_| ApiError::bad_field("cursor", "this cursor belongs to another query"))?;
        let items = page
            .items
            .iter()
            .map(|item| match item {
                NearbyItem::Meeting(hit) => {
                    SearchItem::Meeting(MeetingItem { kind: NearbyKind::Meeting, meeting: MeetingView::hit(hit) })
                }
                NearbyItem::Service(hit) => {
                    SearchItem::Service(Box::new(ServiceItem::of(hit, &index.agencies, at, state.defaults().timezone)))
                }
            })
            .collect();
        let next_cursor = page.next.map(|c| cursor::encode_bound(&CursorToken { c, at: at.timestamp() }, &fingerprint));
        SearchPage {
            items,
            next_cursor,
            total: page.total,
            total_meetings: page.total_meetings,
            total_services: page.total_services,
            total_exact: page.total_exact,
        }
    };
    // Services say whether they are open at `at` (now by default): the answer changes with the clock.
    conditional::json(&req, &body, None, Audience::Everyone)
}

impl FromQuery<&Taxonomies> for NearbyParams {
    fn from_query(p: &QueryParams, taxonomies: &Taxonomies) -> Result<Self, ApiError> {
        let (types, attendance) = filters::meeting_filters(p)?;
        let near = filters::near(p)?;
        let radius_km = filters::radius(p)?;
        let kinds = kinds(p)?;
        let q = filters::text(p)?;
        let language = filters::language(p)?;
        let category = filters::categories(p, taxonomies)?;
        let limit = p.limit(DEFAULT_LIMIT, MAX_LIMIT)?;
        let age = filters::age(p)?;
        let at = filters::at(p, "at")?;
        let starts_within = p.parsed::<u32>("starts_within", "a number of minutes")?;
        if starts_within.is_some_and(|m| !(1..=MAX_STARTS_WITHIN).contains(&m)) {
            return Err(ApiError::bad_field("starts_within", format!("must be from 1 to {MAX_STARTS_WITHIN} minutes")));
        }
        let mut params = NearbyParams {
            lat: near.map(|n| n.lat),
            lng: near.map(|n| n.lng),
            radius_km,
            kinds,
            q,
            language,
            at,
            starts_within,
            types,
            attendance,
            category,
            age,
            limit,
            cursor: None,
        };
        let fingerprint = params.fingerprint();
        params.cursor = p.get("cursor").map(|raw| cursor::decode_bound("cursor", raw, &fingerprint)).transpose()?;
        Ok(params)
    }
}

impl NearbyParams {
    /// The nearby query these parameters ask, and the moment it is about.
    fn into_query(self) -> (NearbyQuery, DateTime<Utc>) {
        // A walk through the pages keeps the moment of its first page, so "now" does not drift.
        let at = self
            .at
            .or_else(|| self.cursor.as_ref().and_then(|t| DateTime::from_timestamp(t.at, 0)))
            .unwrap_or_else(Utc::now);
        let query = NearbyQuery {
            near: self.near(),
            radius_km: self.radius_km,
            kinds: self.kinds,
            text: self.q,
            language: self.language,
            window: self.starts_within.map(|minutes| TimeWindow { at, minutes }),
            types: self.types,
            attendance: self.attendance,
            categories: self.category,
            age: self.age,
            limit: self.limit,
            after: self.cursor.map(|t| t.c),
        };
        (query, at)
    }

    fn near(&self) -> Option<GeoPoint> {
        self.lat.zip(self.lng).map(|(lat, lng)| GeoPoint { lat, lng })
    }

    /// A short hash of everything that decides which listings match and in what order.
    fn fingerprint(&self) -> String {
        let key = format!(
            "{:?}|{}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
            self.near().map(|p| (p.lat, p.lng)),
            self.radius_km,
            (self.kinds.meetings, self.kinds.services),
            self.q.as_deref().map(str::to_lowercase),
            self.language,
            self.types,
            self.attendance,
            self.category,
            self.age,
            self.starts_within,
            self.at.map(|t| t.timestamp()),
        );
        cursor::fingerprint(&key)
    }
}

/// `kinds`: a comma list of `meeting` and `service`; both when absent.
fn kinds(p: &QueryParams) -> Result<NearbyKinds, ApiError> {
    let asked = p.list("kinds");
    if asked.is_empty() {
        return Ok(NearbyKinds::default());
    }
    let mut kinds = NearbyKinds { meetings: false, services: false };
    for raw in asked {
        match raw {
            "meeting" => kinds.meetings = true,
            "service" => kinds.services = true,
            other => {
                return Err(ApiError::bad_field(
                    "kinds",
                    format!("expected meeting or service, got `{}`", shorten(other)),
                ));
            }
        }
    }
    Ok(kinds)
}
