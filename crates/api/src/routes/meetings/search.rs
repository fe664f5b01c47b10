//! `GET /v1/meetings`: the public search, answered from the in-memory index.

use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, Utc};
use recovery_domain::index::{Cursor, GeoPoint, MeetingQuery, StartsWithin};
use recovery_domain::{AttendanceOption, Day, Programs, TimeOfDay};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::view::MeetingView;
use crate::conditional::{self, Audience};
use crate::error::{ApiError, Problem};
use crate::extract::query::{FromQuery, Query, QueryParams, shorten};
use crate::extract::{cursor, filters};
use crate::state::AppState;

/// The default page size.
pub const DEFAULT_LIMIT: usize = 20;
/// The largest page size.
pub const MAX_LIMIT: usize = 200;
/// The longest `starts_within` window: one week.
pub const MAX_STARTS_WITHIN: u32 = 7 * 24 * 60;

/// The search parameters (every one optional).
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MeetingSearchParams {
    /// Latitude of the point to search around; `lat` and `lng` come together (one alone is a 400).
    #[param(minimum = -90, maximum = 90)]
    lat: Option<f64>,
    /// Longitude of the point to search around; `lat` and `lng` come together (one alone is a 400).
    #[param(minimum = -180, maximum = 180)]
    lng: Option<f64>,
    /// Radius around `lat`/`lng` in kilometres (default 25, at most 500).
    #[param(exclusive_minimum = 0, maximum = 500, value_type = Option<f64>)]
    radius_km: f64,
    /// Days, 0 = Sunday … 6 = Saturday; repeat the parameter or give a comma list.
    #[param(style = Form, explode = true, value_type = Option<Vec<u8>>)]
    day: Vec<Day>,
    /// Earliest start time "HH:MM", local to each meeting.
    #[param(value_type = Option<String>)]
    time_from: Option<TimeOfDay>,
    /// Latest start time "HH:MM"; earlier than `time_from` wraps past midnight.
    #[param(value_type = Option<String>)]
    time_to: Option<TimeOfDay>,
    /// Type codes, comma list; a meeting must have all of them.
    #[param(value_type = Option<String>)]
    types: Vec<String>,
    /// Attendance options, comma list of `in_person`, `hybrid`, `online`, `inactive`.
    #[param(value_type = Option<String>)]
    attendance: Vec<AttendanceOption>,
    /// Program id ("aa", "na").
    program: Option<String>,
    /// Region name; matches any level of a meeting's region path.
    region: Option<String>,
    /// Words that must all appear (as word prefixes) in name, notes, location or group.
    q: Option<String>,
    /// Only meetings starting within this many minutes of `at` (or in progress for under 10
    /// minutes); items then carry `next_start` and, without `lat`/`lng`, come soonest first.
    #[param(minimum = 1, maximum = 10080)]
    starts_within: Option<u32>,
    /// The moment `starts_within` counts from (RFC 3339); default now.
    #[param(value_type = Option<String>)]
    at: Option<DateTime<Utc>>,
    /// Page size (default 20, at most 200).
    #[param(minimum = 1, maximum = 200, value_type = Option<usize>)]
    limit: usize,
    /// `next_cursor` from the previous page of the same query.
    #[param(value_type = Option<String>)]
    cursor: Option<CursorToken>,
}

/// One page of search results.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingPage {
    /// The meetings on this page.
    pub items: Vec<MeetingView>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
    /// How many meetings match the query in all. Exact unless `total_exact` is false: with
    /// `lat`/`lng`, a crowded radius (more than about 4,000 meetings there pass the day, type,
    /// attendance, program, region and text filters) is counted only up to 1,000, so that a
    /// page at a dense point costs the page, not every meeting in the radius; then `total` is
    /// 1,000 and means "at least 1,000". Below 1,000 it is always exact. Paging with
    /// `next_cursor` still yields every match.
    pub total: usize,
    /// True when `total` is the exact count; false when it is a lower bound (a crowded radius
    /// where more than 1,000 meetings match).
    pub total_exact: bool,
}

// The schemas' docs name the threshold; they must change with it.
const _: () = assert!(recovery_domain::index::EXACT_TOTAL_UP_TO == 1_000, "update the `total` docs");

/// What a cursor carries: where the last page ended, and the moment the query was asked at;
/// bound to the query's fingerprint, so it cannot be used with another one.
#[derive(Debug, Serialize, Deserialize)]
struct CursorToken {
    c: Cursor,
    at: Option<i64>,
}

/// Search published meetings.
///
/// With `lat`/`lng`, only meetings within `radius_km` match; items carry `distance_km` and come
/// nearest first. Without them there is no distance filter and items come by day, time, then
/// id (with `starts_within`: by the next start, then id). `total` counts every match, except
/// that with `lat`/`lng` in a crowded radius it stops at 1,000 (`total_exact` false: at least
/// that many match).
/// Walking `next_cursor` yields every match exactly once.
///
/// Sends `ETag` and `Last-Modified` (when the directory last changed; not for `starts_within`
/// counted from now, whose answer changes with the clock) and answers `If-None-Match` /
/// `If-Modified-Since` with 304 when the copy is current.
#[utoipa::path(
    operation_id = "meetings_search",
    get, path = "/v1/meetings", tag = "meetings",
    params(MeetingSearchParams),
    responses(
        (status = 200, description = "A page of meetings", body = MeetingPage, headers(
            ("ETag" = String, description = "Strong tag of the body"),
            ("Last-Modified" = String, description = "When the directory last changed"))),
        (status = 304, description = "Unchanged since the `If-None-Match` tag or `If-Modified-Since` date"),
        (status = 400, description = "A parameter could not be read", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/meetings")]
pub async fn search(
    state: web::Data<AppState>,
    query: Query<MeetingSearchParams>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let params = query.read()?;
    let fingerprint = params.fingerprint();
    let clock_bound = params.starts_within.is_some() && params.at.is_none() && params.cursor.is_none();
    let (query, at) = params.into_query();
    let (page, generation) = {
        let index = state.index();
        let page = index.index.search(&query);
        (page.map_err(|_| ApiError::bad_field("cursor", "this cursor belongs to another query"))?, index.generation)
    };
    let modified = (!clock_bound).then(|| conditional::generation_seen_at(generation));
    let next_cursor =
        page.next.map(|c| cursor::encode_bound(&CursorToken { c, at: at.map(|t| t.timestamp()) }, &fingerprint));
    let body = MeetingPage {
        items: page.items.iter().map(MeetingView::hit).collect(),
        next_cursor,
        total: page.total,
        total_exact: page.total_exact,
    };
    conditional::json(&req, &body, modified, Audience::Public)
}

impl FromQuery for MeetingSearchParams {
    fn from_query(p: &QueryParams, (): ()) -> Result<Self, ApiError> {
        let near = filters::near(p)?;
        let radius_km = filters::radius(p)?;
        let mut day = Vec::new();
        for raw in p.list("day") {
            let d = raw.parse::<u8>().ok().and_then(Day::from_index).ok_or_else(|| {
                ApiError::bad_field("day", format!("expected 0 (Sunday) to 6 (Saturday), got `{}`", shorten(raw)))
            })?;
            if !day.contains(&d) {
                day.push(d);
            }
        }
        day.sort();
        let time_from = p.parsed::<TimeOfDay>("time_from", "a time \"HH:MM\"")?;
        let time_to = p.parsed::<TimeOfDay>("time_to", "a time \"HH:MM\"")?;
        let (types, attendance) = filters::meeting_filters(p)?;
        let program = p.get("program").map(str::to_string);
        if let Some(program) = &program {
            if Programs::builtin().get(program).is_none() {
                return Err(ApiError::bad_field("program", format!("unknown program `{}`", shorten(program))));
            }
        }
        let region = p.get("region").map(str::to_string);
        let q = filters::text(p)?;
        let limit = p.limit(DEFAULT_LIMIT, MAX_LIMIT)?;
        let at = filters::at(p, "at")?;
        let starts_within = p.parsed::<u32>("starts_within", "a number of minutes")?;
        if starts_within.is_some_and(|minutes| !(1..=MAX_STARTS_WITHIN).contains(&minutes)) {
            return Err(ApiError::bad_field("starts_within", format!("must be from 1 to {MAX_STARTS_WITHIN} minutes")));
        }
        let mut params = MeetingSearchParams {
            lat: near.map(|n| n.lat),
            lng: near.map(|n| n.lng),
            radius_km,
            day,
            time_from,
            time_to,
            types,
            attendance,
            program,
            region,
            q,
            starts_within,
            at,
            limit,
            cursor: None,
        };
        let fingerprint = params.fingerprint();
        params.cursor = p.get("cursor").map(|raw| cursor::decode_bound("cursor", raw, &fingerprint)).transpose()?;
        Ok(params)
    }
}

impl MeetingSearchParams {
    /// The index query these parameters ask, and the moment `starts_within` counts from.
    fn into_query(self) -> (MeetingQuery, Option<DateTime<Utc>>) {
        // A walk through the pages keeps the moment of its first page, so "now" does not drift.
        let at = self.starts_within.map(|_| {
            self.at
                .or_else(|| self.cursor.as_ref().and_then(|t| t.at).and_then(|s| DateTime::from_timestamp(s, 0)))
                .unwrap_or_else(Utc::now)
        });
        let query = MeetingQuery {
            near: self.near(),
            radius_km: self.radius_km,
            days: self.day,
            time_from: self.time_from,
            time_to: self.time_to,
            types: self.types,
            attendance: self.attendance,
            program: self.program,
            region: self.region,
            text: self.q,
            starts_within: self.starts_within.zip(at).map(|(minutes, at)| StartsWithin { at, minutes }),
            limit: self.limit,
            after: self.cursor.map(|t| t.c),
        };
        (query, at)
    }

    fn near(&self) -> Option<GeoPoint> {
        self.lat.zip(self.lng).map(|(lat, lng)| GeoPoint { lat, lng })
    }

    /// A short hash of everything that decides which meetings match and in what order.
    fn fingerprint(&self) -> String {
        let key = format!(
            "{:?}|{}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
            self.near().map(|p| (p.lat, p.lng)),
            self.radius_km,
            self.day,
            self.time_from,
            self.time_to,
            self.types,
            self.attendance,
            self.program,
            self.region.as_deref().map(str::to_lowercase),
            self.q.as_deref().map(str::to_lowercase),
            self.starts_within,
            self.at.map(|t| t.timestamp()),
        );
        cursor::fingerprint(&key)
    }
}
