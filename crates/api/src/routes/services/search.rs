//! `GET /v1/services`: the public search of services, one item per service-at-location,
//! answered from the in-memory catalog.

use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, Utc};
use recovery_domain::TermId;
use recovery_domain::agency::{OpenWindow, ServiceCursor, ServiceQuery, Taxonomies};
use recovery_domain::index::GeoPoint;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::item::ServiceItem;
use crate::conditional::{self, Audience};
use crate::error::{ApiError, Problem};
use crate::extract::query::{FromQuery, Query, QueryParams};
use crate::extract::{cursor, filters};
use crate::state::AppState;

/// The default page size.
pub const DEFAULT_LIMIT: usize = 25;
/// The largest page size.
pub const MAX_LIMIT: usize = 200;

/// The search parameters (every one optional).
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ServiceSearchParams {
    /// Latitude of the point to search around; `lat` and `lng` come together (one alone is a 400).
    #[param(minimum = -90, maximum = 90)]
    lat: Option<f64>,
    /// Longitude of the point to search around; `lat` and `lng` come together (one alone is a 400).
    #[param(minimum = -180, maximum = 180)]
    lng: Option<f64>,
    /// Radius around `lat`/`lng` in kilometres (default 25, at most 500).
    #[param(exclusive_minimum = 0, maximum = 500, value_type = Option<f64>)]
    radius_km: f64,
    /// Category: a taxonomy term's id or code ("housing"); services filed under it or any
    /// term below it match. A comma list matches any of them.
    #[param(value_type = Option<String>)]
    category: Vec<TermId>,
    /// Words that must all appear (as word prefixes) in the service's name or description, or
    /// the location's name or address.
    q: Option<String>,
    /// An ISO 639 language code ("es"): services working in it, here.
    language: Option<String>,
    /// `true`: only services open now.
    #[param(value_type = Option<bool>)]
    open_now: bool,
    /// Only services open at this moment (RFC 3339); not with `open_now`.
    #[param(value_type = Option<String>)]
    open_at: Option<DateTime<Utc>>,
    /// Only services whose age range includes this age.
    #[param(minimum = 0, maximum = 150)]
    age: Option<u16>,
    /// Page size (default 25, at most 200).
    #[param(minimum = 1, maximum = 200, value_type = Option<usize>)]
    limit: usize,
    /// `next_cursor` from the previous page of the same query.
    #[param(value_type = Option<String>)]
    cursor: Option<CursorToken>,
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
    operation_id = "services_search",
    get, path = "/v1/services", tag = "agencies",
    params(ServiceSearchParams),
    responses(
        (status = 200, description = "A page of services", body = ServiceSearchPage),
        (status = 400, description = "A parameter could not be read, or a category is unknown", body = Problem,
            content_type = "application/problem+json"),
    )
)]
#[get("/v1/services")]
pub async fn search(
    state: web::Data<AppState>,
    query: Query<ServiceSearchParams>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let body = {
        let index = state.index();
        let params = query.read_with(index.agencies.taxonomies())?;
        let fingerprint = params.fingerprint();
        let (query, at) = params.into_query();
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

impl FromQuery<&Taxonomies> for ServiceSearchParams {
    fn from_query(p: &QueryParams, taxonomies: &Taxonomies) -> Result<Self, ApiError> {
        let near = filters::near(p)?;
        let radius_km = filters::radius(p)?;
        let category = filters::categories(p, taxonomies)?;
        let q = filters::text(p)?;
        let language = filters::language(p)?;
        let age = filters::age(p)?;
        let limit = p.limit(DEFAULT_LIMIT, MAX_LIMIT)?;
        let open_now = p.parsed::<bool>("open_now", "true or false")?.unwrap_or(false);
        let open_at = filters::at(p, "open_at")?;
        if open_now && open_at.is_some() {
            return Err(ApiError::bad_field("open_at", "give open_now or open_at, not both"));
        }
        let mut params = ServiceSearchParams {
            lat: near.map(|n| n.lat),
            lng: near.map(|n| n.lng),
            radius_km,
            category,
            q,
            language,
            open_now,
            open_at,
            age,
            limit,
            cursor: None,
        };
        let fingerprint = params.fingerprint();
        params.cursor = p.get("cursor").map(|raw| cursor::decode_bound("cursor", raw, &fingerprint)).transpose()?;
        Ok(params)
    }
}

impl ServiceSearchParams {
    /// The catalog query these parameters ask, and the moment `open` is about.
    fn into_query(self) -> (ServiceQuery, Option<DateTime<Utc>>) {
        // A walk through the pages keeps the moment of its first page, so "now" does not drift.
        let at = self.open_at.or_else(|| {
            self.open_now.then(|| {
                self.cursor
                    .as_ref()
                    .and_then(|t| t.at)
                    .and_then(|s| DateTime::from_timestamp(s, 0))
                    .unwrap_or_else(Utc::now)
            })
        });
        let query = ServiceQuery {
            near: self.near(),
            radius_km: self.radius_km,
            categories: self.category,
            text: self.q,
            language: self.language,
            age: self.age,
            limit: self.limit,
            open: at.map(|at| OpenWindow { at, minutes: 0 }),
            after: self.cursor.map(|t| t.c),
        };
        (query, at)
    }

    fn near(&self) -> Option<GeoPoint> {
        self.lat.zip(self.lng).map(|(lat, lng)| GeoPoint { lat, lng })
    }

    /// A short hash of everything that decides which services match and in what order.
    fn fingerprint(&self) -> String {
        let key = format!(
            "{:?}|{}|{:?}|{:?}|{:?}|{:?}|{}|{:?}",
            self.near().map(|p| (p.lat, p.lng)),
            self.radius_km,
            self.category,
            self.q.as_deref().map(str::to_lowercase),
            self.language,
            self.age,
            self.open_now,
            self.open_at.map(|t| t.timestamp()),
        );
        cursor::fingerprint(&key)
    }
}
