//! `GET /v1/meetings`: the public search, answered from the in-memory index.

use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, Utc};
use recovery_domain::index::{Cursor, GeoPoint, MeetingQuery, StartsWithin};
use recovery_domain::{Day, Programs, TimeOfDay};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::view::MeetingView;
use crate::conditional::{self, Audience};
use crate::error::{ApiError, Problem};
use crate::extract::cursor;
use crate::extract::query::{QueryParams, shorten};
use crate::state::AppState;

/// The default search radius.
pub const DEFAULT_RADIUS_KM: f64 = 25.0;
/// The largest search radius.
pub const MAX_RADIUS_KM: f64 = 500.0;
/// The default page size.
pub const DEFAULT_LIMIT: usize = 20;
/// The largest page size.
pub const MAX_LIMIT: usize = 200;
/// The longest `starts_within` window: one week.
pub const MAX_STARTS_WITHIN: u32 = 7 * 24 * 60;

/// The search parameters (every one optional).
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct MeetingSearchParams {
    /// Latitude of the point to search around (with `lng`).
    #[param(minimum = -90, maximum = 90)]
    lat: Option<f64>,
    /// Longitude of the point to search around (with `lat`).
    #[param(minimum = -180, maximum = 180)]
    lng: Option<f64>,
    /// Radius around `lat`/`lng` in kilometres (default 25, at most 500).
    #[param(minimum = 0, maximum = 500)]
    radius_km: Option<f64>,
    /// Days, 0 = Sunday … 6 = Saturday; repeat the parameter or give a comma list.
    #[param(style = Form, explode = true)]
    day: Option<Vec<u8>>,
    /// Earliest start time "HH:MM", local to each meeting.
    time_from: Option<String>,
    /// Latest start time "HH:MM"; earlier than `time_from` wraps past midnight.
    time_to: Option<String>,
    /// Type codes, comma list; a meeting must have all of them.
    types: Option<String>,
    /// Attendance options, comma list of `in_person`, `hybrid`, `online`, `inactive`.
    attendance: Option<String>,
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
    at: Option<String>,
    /// Page size (default 20, at most 200).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<usize>,
    /// `next_cursor` from the previous page of the same query.
    cursor: Option<String>,
}

/// One page of search results.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingPage {
    /// The meetings on this page.
    pub items: Vec<MeetingView>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
    /// How many meetings match the query in all.
    pub total: usize,
}

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
/// id (with `starts_within`: by the next start, then id). `total` counts every match. Walking
/// `next_cursor` yields every match exactly once.
///
/// Sends `ETag` and `Last-Modified` (when the directory last changed; not for `starts_within`
/// counted from now, whose answer changes with the clock) and answers `If-None-Match` /
/// `If-Modified-Since` with 304 when the copy is current.
#[utoipa::path(
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
pub async fn search(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let params = QueryParams::parse(req.query_string());
    let (query, fingerprint, at) = parse_query(&params)?;
    let (page, generation) = {
        let index = state.index();
        let page = index.index.search(&query);
        (page.map_err(|_| ApiError::bad_field("cursor", "this cursor belongs to another query"))?, index.generation)
    };
    let clock_bound = query.starts_within.is_some() && params.get("at").is_none() && params.get("cursor").is_none();
    let modified = (!clock_bound).then(|| conditional::generation_seen_at(generation));
    let next_cursor =
        page.next.map(|c| cursor::encode_bound(&CursorToken { c, at: at.map(|t| t.timestamp()) }, &fingerprint));
    let body = MeetingPage { items: page.items.iter().map(MeetingView::hit).collect(), next_cursor, total: page.total };
    conditional::json(&req, &body, modified, Audience::Public)
}

/// Reads the parameters into an index query, its fingerprint, and the `at` it runs at.
fn parse_query(p: &QueryParams) -> Result<(MeetingQuery, String, Option<DateTime<Utc>>), ApiError> {
    let mut q = MeetingQuery { radius_km: DEFAULT_RADIUS_KM, limit: DEFAULT_LIMIT, ..MeetingQuery::default() };

    q.near = near(p)?;
    q.radius_km = radius(p)?;
    for raw in p.list("day") {
        let day = raw.parse::<u8>().ok().and_then(Day::from_index).ok_or_else(|| {
            ApiError::bad_field("day", format!("expected 0 (Sunday) to 6 (Saturday), got `{}`", shorten(raw)))
        })?;
        if !q.days.contains(&day) {
            q.days.push(day);
        }
    }
    q.days.sort();
    q.time_from = p.parsed::<TimeOfDay>("time_from", "a time \"HH:MM\"")?;
    q.time_to = p.parsed::<TimeOfDay>("time_to", "a time \"HH:MM\"")?;
    (q.types, q.attendance) = crate::routes::search::meeting_filters(p)?;
    if let Some(program) = p.get("program") {
        if Programs::builtin().get(program).is_none() {
            return Err(ApiError::bad_field("program", format!("unknown program `{}`", shorten(program))));
        }
        q.program = Some(program.to_string());
    }
    q.region = p.get("region").map(str::to_string);
    if let Some(text) = p.get("q") {
        if text.chars().count() > 200 {
            return Err(ApiError::bad_field("q", "must be at most 200 characters"));
        }
        q.text = Some(text.to_string());
    }
    if let Some(limit) = p.parsed::<usize>("limit", "a whole number")? {
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(ApiError::bad_field("limit", format!("must be from 1 to {MAX_LIMIT}, not {limit}")));
        }
        q.limit = limit;
    }
    let explicit_at = p
        .get("at")
        .map(|raw| {
            DateTime::parse_from_rfc3339(raw)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| ApiError::bad_field("at", format!("expected an RFC 3339 time, got `{}`", shorten(raw))))
        })
        .transpose()?;
    let starts_within = p.parsed::<u32>("starts_within", "a number of minutes")?;
    if let Some(minutes) = starts_within {
        if !(1..=MAX_STARTS_WITHIN).contains(&minutes) {
            return Err(ApiError::bad_field("starts_within", format!("must be from 1 to {MAX_STARTS_WITHIN} minutes")));
        }
    }

    let fingerprint = fingerprint(&q, starts_within, explicit_at);
    let cursor =
        p.get("cursor").map(|raw| cursor::decode_bound::<CursorToken>("cursor", raw, &fingerprint)).transpose()?;
    // A walk through the pages keeps the moment of its first page, so "now" does not drift.
    let at = starts_within.map(|_| {
        explicit_at
            .or_else(|| cursor.as_ref().and_then(|t| t.at).and_then(|s| DateTime::from_timestamp(s, 0)))
            .unwrap_or_else(Utc::now)
    });
    q.starts_within = starts_within.zip(at).map(|(minutes, at)| StartsWithin { at, minutes });
    q.after = cursor.map(|t| t.c);
    Ok((q, fingerprint, at))
}

/// A short hash of everything that decides which meetings match and in what order.
fn fingerprint(q: &MeetingQuery, starts_within: Option<u32>, at: Option<DateTime<Utc>>) -> String {
    let key = format!(
        "{:?}|{}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
        q.near.map(|p| (p.lat, p.lng)),
        q.radius_km,
        q.days,
        q.time_from,
        q.time_to,
        q.types,
        q.attendance,
        q.program,
        q.region.as_deref().map(str::to_lowercase),
        q.text.as_deref().map(str::to_lowercase),
        starts_within,
        at.map(|t| t.timestamp()),
    );
    cursor::fingerprint(&key)
}

/// `lat` and `lng`, both or neither, in range.
pub(crate) fn near(p: &QueryParams) -> Result<Option<GeoPoint>, ApiError> {
    let lat = p.parsed::<f64>("lat", "a latitude in degrees")?;
    let lng = p.parsed::<f64>("lng", "a longitude in degrees")?;
    match (lat, lng) {
        (Some(lat), Some(lng)) => {
            if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
                return Err(ApiError::bad_field("lat", "must be between -90 and 90"));
            }
            if !(lng.is_finite() && (-180.0..=180.0).contains(&lng)) {
                return Err(ApiError::bad_field("lng", "must be between -180 and 180"));
            }
            Ok(Some(GeoPoint { lat, lng }))
        }
        (Some(_), None) => Err(ApiError::bad_field("lng", "is required with lat")),
        (None, Some(_)) => Err(ApiError::bad_field("lat", "is required with lng")),
        (None, None) => Ok(None),
    }
}

/// `radius_km`, more than 0 and at most [`MAX_RADIUS_KM`] (default [`DEFAULT_RADIUS_KM`]).
pub(crate) fn radius(p: &QueryParams) -> Result<f64, ApiError> {
    match p.parsed::<f64>("radius_km", "a distance in kilometres")? {
        Some(r) if !(r.is_finite() && r > 0.0 && r <= MAX_RADIUS_KM) => {
            Err(ApiError::bad_field("radius_km", format!("must be more than 0 and at most {MAX_RADIUS_KM}")))
        }
        Some(r) => Ok(r),
        None => Ok(DEFAULT_RADIUS_KM),
    }
}
