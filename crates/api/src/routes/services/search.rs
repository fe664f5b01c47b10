//! `GET /v1/services`: the public search of services, one item per service-at-location,
//! answered from the in-memory catalog.

use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, Utc};
use recovery_domain::TermId;
use recovery_domain::agency::{OpenWindow, ServiceCursor, ServiceQuery, Taxonomies};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::item::ServiceItem;
use crate::conditional::{self, Audience};
use crate::error::{ApiError, Problem};
use crate::extract::cursor;
use crate::extract::query::{QueryParams, shorten};
use crate::routes::meetings::search::DEFAULT_RADIUS_KM;
pub(crate) use crate::routes::meetings::search::{near, radius};
use crate::state::AppState;

/// The default page size.
pub const DEFAULT_LIMIT: usize = 25;
/// The largest page size.
pub const MAX_LIMIT: usize = 200;
/// The oldest `age` asked about.
pub const MAX_AGE: u16 = 150;

/// The search parameters (every one optional).
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ServiceSearchParams {
    /// Latitude of the point to search around (with `lng`).
    #[param(minimum = -90, maximum = 90)]
    lat: Option<f64>,
    /// Longitude of the point to search around (with `lat`).
    #[param(minimum = -180, maximum = 180)]
    lng: Option<f64>,
    /// Radius around `lat`/`lng` in kilometres (default 25, at most 500).
    #[param(minimum = 0, maximum = 500)]
    radius_km: Option<f64>,
    /// Category: a taxonomy term's id or code ("housing"); services filed under it or any
    /// term below it match. A comma list matches any of them.
    category: Option<String>,
    /// Words that must all appear (as word prefixes) in the service's name or description, or
    /// the location's name or address.
    q: Option<String>,
    /// An ISO 639 language code ("es"): services working in it, here.
    language: Option<String>,
    /// `true`: only services open now.
    open_now: Option<bool>,
    /// Only services open at this moment (RFC 3339); not with `open_now`.
    open_at: Option<String>,
    /// Only services whose age range includes this age.
    #[param(minimum = 0, maximum = 150)]
    age: Option<u16>,
    /// Page size (default 25, at most 200).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<usize>,
    /// `next_cursor` from the previous page of the same query.
    cursor: Option<String>,
}

/// One page of services.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceSearchPage {
    /// The services at their locations on this page.
    pub items: Vec<ServiceItem>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
    /// How many services-at-locations match in all.
    pub total: usize,
}

/// What a cursor carries: where the last page ended, and the moment `open_now` was asked at;
/// bound to the query's fingerprint.
#[derive(Debug, Serialize, Deserialize)]
struct CursorToken {
    c: ServiceCursor,
    at: Option<i64>,
}

/// Search active services, one item per service at each of its locations.
///
/// With `lat`/`lng`, only services within `radius_km` match; items carry `distance_km` and
/// come nearest first. Without them items come by name. `open_now`, `open_at`: hours are read
/// in each location's time zone. Every item says whether it is open at the moment asked
/// about (or now) and when it next opens. `total` counts every match; walking `next_cursor`
/// yields every match exactly once.
#[utoipa::path(
    get, path = "/v1/services", tag = "agencies",
    params(ServiceSearchParams),
    responses(
        (status = 200, description = "A page of services", body = ServiceSearchPage),
        (status = 400, description = "A parameter could not be read, or a category is unknown", body = Problem,
            content_type = "application/problem+json"),
    )
)]
#[get("/v1/services")]
pub async fn search(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let params = QueryParams::parse(req.query_string());
    let body = {
        let index = state.index();
        let (query, fingerprint, at) = parse_query(&params, index.agencies.taxonomies())?;
        let page = index
            .agencies
            .search(&query)
            .map_err(|_| ApiError::bad_field("cursor", "this cursor belongs to another query"))?;
        let shown_at = at.unwrap_or_else(Utc::now);
        let items = page
            .items
            .iter()
            .map(|hit| ServiceItem::of(hit, &index.agencies, shown_at, state.defaults().timezone))
            .collect();
        let next_cursor =
            page.next.map(|c| cursor::encode_bound(&CursorToken { c, at: at.map(|t| t.timestamp()) }, &fingerprint));
        ServiceSearchPage { items, next_cursor, total: page.total }
    };
    // Items say whether each service is open now: the answer changes with the clock.
    conditional::json(&req, &body, None, Audience::Everyone)
}

/// Reads the parameters into a catalog query, its fingerprint, and the moment `open` is about.
fn parse_query(
    p: &QueryParams,
    taxonomies: &Taxonomies,
) -> Result<(ServiceQuery, String, Option<DateTime<Utc>>), ApiError> {
    let mut q = ServiceQuery { radius_km: DEFAULT_RADIUS_KM, limit: DEFAULT_LIMIT, ..ServiceQuery::default() };
    q.near = near(p)?;
    q.radius_km = radius(p)?;
    q.categories = categories(p, taxonomies)?;
    q.text = text(p)?;
    q.language = language(p)?;
    if let Some(age) = p.parsed::<u16>("age", "an age in whole years")? {
        if age > MAX_AGE {
            return Err(ApiError::bad_field("age", format!("must be at most {MAX_AGE}")));
        }
        q.age = Some(age);
    }
    q.limit = limit(p)?;
    let open_now = p.parsed::<bool>("open_now", "true or false")?.unwrap_or(false);
    let open_at = at(p, "open_at")?;
    if open_now && open_at.is_some() {
        return Err(ApiError::bad_field("open_at", "give open_now or open_at, not both"));
    }
    let fingerprint = fingerprint(&q, open_now, open_at);
    let cursor =
        p.get("cursor").map(|raw| cursor::decode_bound::<CursorToken>("cursor", raw, &fingerprint)).transpose()?;
    // A walk through the pages keeps the moment of its first page, so "now" does not drift.
    let at = open_at.or_else(|| {
        open_now.then(|| {
            cursor.as_ref().and_then(|t| t.at).and_then(|s| DateTime::from_timestamp(s, 0)).unwrap_or_else(Utc::now)
        })
    });
    q.open = at.map(|at| OpenWindow { at, minutes: 0 });
    q.after = cursor.map(|t| t.c);
    Ok((q, fingerprint, at))
}

/// `category`: each term by id or code, with every term below it; an unknown one is a 400.
pub(crate) fn categories(p: &QueryParams, taxonomies: &Taxonomies) -> Result<Vec<TermId>, ApiError> {
    let mut out: Vec<TermId> = Vec::new();
    for raw in p.list("category") {
        let term = taxonomies
            .resolve(raw)
            .ok_or_else(|| ApiError::bad_field("category", format!("no category `{}`", shorten(raw))))?;
        out.extend(taxonomies.with_descendants(term.id));
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// `q`, at most 200 characters.
pub(crate) fn text(p: &QueryParams) -> Result<Option<String>, ApiError> {
    match p.get("q") {
        Some(text) if text.chars().count() > 200 => Err(ApiError::bad_field("q", "must be at most 200 characters")),
        other => Ok(other.map(str::to_string)),
    }
}

/// `language`: an ISO 639 code (two or three letters), lowercased.
pub(crate) fn language(p: &QueryParams) -> Result<Option<String>, ApiError> {
    match p.get("language") {
        Some(code) if !((2..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_alphabetic())) => Err(
            ApiError::bad_field("language", format!("expected an ISO 639 code such as `es`, got `{}`", shorten(code))),
        ),
        other => Ok(other.map(str::to_ascii_lowercase)),
    }
}

/// `limit`, from 1 to [`MAX_LIMIT`] (default [`DEFAULT_LIMIT`]).
pub(crate) fn limit(p: &QueryParams) -> Result<usize, ApiError> {
    match p.parsed::<usize>("limit", "a whole number")? {
        Some(limit) if !(1..=MAX_LIMIT).contains(&limit) => {
            Err(ApiError::bad_field("limit", format!("must be from 1 to {MAX_LIMIT}, not {limit}")))
        }
        Some(limit) => Ok(limit),
        None => Ok(DEFAULT_LIMIT),
    }
}

/// The RFC 3339 moment in parameter `key`.
pub(crate) fn at(p: &QueryParams, key: &str) -> Result<Option<DateTime<Utc>>, ApiError> {
    p.get(key)
        .map(|raw| {
            DateTime::parse_from_rfc3339(raw)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| ApiError::bad_field(key, format!("expected an RFC 3339 time, got `{}`", shorten(raw))))
        })
        .transpose()
}

/// A short hash of everything that decides which services match and in what order.
fn fingerprint(q: &ServiceQuery, open_now: bool, open_at: Option<DateTime<Utc>>) -> String {
    let key = format!(
        "{:?}|{}|{:?}|{:?}|{:?}|{:?}|{}|{:?}",
        q.near.map(|p| (p.lat, p.lng)),
        q.radius_km,
        q.categories,
        q.text.as_deref().map(str::to_lowercase),
        q.language,
        q.age,
        open_now,
        open_at.map(|t| t.timestamp()),
    );
    cursor::fingerprint(&key)
}
