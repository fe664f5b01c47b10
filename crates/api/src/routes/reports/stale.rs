//! `GET /v1/reports/stale`: published meetings nobody has verified lately, oldest first.

use std::convert::Infallible;
use std::sync::Arc;

use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, TimeDelta, Utc};
use recovery_domain::{Meeting, MeetingId, Programs};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Staff;
use crate::error::{ApiError, Problem};
use crate::extract::cursor;
use crate::extract::query::{FromQuery, Query, QueryParams, shorten};
use crate::routes::meetings::view::MeetingView;
use crate::state::AppState;

/// How long ago a meeting must have been verified to be listed, when not given.
pub const DEFAULT_OLDER_THAN_DAYS: u32 = 90;
/// The largest `older_than_days`: ten years.
pub const MAX_OLDER_THAN_DAYS: u32 = 3_650;

/// The stale list's filters (every one optional).
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StaleParams {
    /// List meetings last verified at least this many days ago, or never (default 90; 0 lists
    /// every published meeting).
    #[param(minimum = 0, maximum = 3650, value_type = Option<u32>)]
    older_than_days: u32,
    /// Region name; matches any level of a meeting's region path (case-insensitive).
    region: Option<String>,
    /// Program id ("aa", "na").
    program: Option<String>,
    /// Agency category. Not supported until agencies are listed: any value is a 400.
    #[param(value_type = Option<String>)]
    category: Option<Infallible>,
    /// Page size (default 50, at most 200).
    #[param(minimum = 1, maximum = 200, value_type = Option<usize>)]
    limit: usize,
    /// `next_cursor` from the previous page of the same query.
    #[param(value_type = Option<String>)]
    cursor: Option<CursorToken>,
}

impl FromQuery for StaleParams {
    fn from_query(p: &QueryParams, (): ()) -> Result<Self, ApiError> {
        if let Some(category) = p.get("category") {
            return Err(ApiError::bad_field(
                "category",
                format!("agency categories are not supported until agencies are listed (got `{}`)", shorten(category)),
            ));
        }
        let older_than_days =
            p.parsed::<u32>("older_than_days", "a whole number of days")?.unwrap_or(DEFAULT_OLDER_THAN_DAYS);
        if older_than_days > MAX_OLDER_THAN_DAYS {
            return Err(ApiError::bad_field("older_than_days", format!("must be from 0 to {MAX_OLDER_THAN_DAYS}")));
        }
        let program = p.get("program").map(str::to_string);
        if let Some(program) = &program {
            if Programs::builtin().get(program).is_none() {
                return Err(ApiError::bad_field("program", format!("unknown program `{}`", shorten(program))));
            }
        }
        let region = p.get("region").map(str::to_string);
        let limit = p.limit(super::DEFAULT_LIMIT, super::MAX_LIMIT)?;
        let fingerprint = fingerprint(older_than_days, region.as_deref(), program.as_deref());
        let cursor = p.get("cursor").map(|raw| cursor::decode_bound("cursor", raw, &fingerprint)).transpose()?;
        Ok(StaleParams { older_than_days, region, program, category: None, limit, cursor })
    }
}

/// One page of stale meetings.
#[derive(Debug, Serialize, ToSchema)]
pub struct StalePage {
    /// The meetings on this page (as the public sees them): never verified first, then by
    /// `verified_at`, oldest first.
    pub items: Vec<MeetingView>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
    /// How many meetings match in all.
    pub total: usize,
}

/// Where a page ended, and the moment the walk started (so "N days ago" does not drift); bound
/// to the filters' fingerprint.
#[derive(Debug, Serialize, Deserialize)]
struct CursorToken {
    verified_at: Option<DateTime<Utc>>,
    id: MeetingId,
    at: DateTime<Utc>,
}

/// List published meetings not verified lately.
///
/// Staff only (any role). Lists published meetings whose `verified_at` is at least
/// `older_than_days` days old, or that were never verified; never-verified ones come first,
/// then by `verified_at` (oldest first), then by id. Verify one with
/// `POST /v1/meetings/{id}/verify`. Walking `next_cursor` yields every match once. An editor
/// scoped to regions or programs sees only meetings in scope. `category` is answered 400 until
/// agencies are listed.
#[utoipa::path(
    operation_id = "reports_stale",
    get, path = "/v1/reports/stale", tag = "reports",
    params(StaleParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of stale meetings", body = StalePage),
        (status = 400, description = "A parameter could not be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a staff user (an API key)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/reports/stale")]
pub async fn stale(
    state: web::Data<AppState>,
    staff: Staff,
    query: Query<StaleParams>,
) -> Result<HttpResponse, ApiError> {
    let StaleParams { older_than_days, region, program, category: None, limit, cursor } = query.read()?;
    let fingerprint = fingerprint(older_than_days, region.as_deref(), program.as_deref());
    let at = cursor.as_ref().map_or_else(Utc::now, |c| c.at);
    let cutoff = at - TimeDelta::days(i64::from(older_than_days));
    let after = cursor.map(|c| (c.verified_at, c.id));

    let meetings = state.index().index.meetings();
    let scope = super::scope_of(&staff.0);
    let region = region.as_deref().map(str::to_lowercase);
    let mut matches: Vec<Arc<Meeting>> = meetings
        .into_iter()
        .filter(|m| m.verified_at.is_none_or(|v| v <= cutoff))
        .filter(|m| program.as_ref().is_none_or(|p| &m.data.program == p))
        .filter(|m| region.as_ref().is_none_or(|r| m.data.is_in_region(r)))
        .filter(|m| scope.as_ref().is_none_or(|keep| keep(m)))
        .collect();
    let total = matches.len();
    matches.sort_unstable_by_key(|m| (m.verified_at, m.id));
    let start = after.map_or(0, |key| matches.partition_point(|m| (m.verified_at, m.id) <= key));
    let page: Vec<Arc<Meeting>> = matches.into_iter().skip(start).take(limit + 1).collect();
    let next_cursor = if page.len() > limit { page.get(limit - 1) } else { None }.map(|last| {
        cursor::encode_bound(&CursorToken { verified_at: last.verified_at, id: last.id, at }, &fingerprint)
    });
    let items = page.into_iter().take(limit).map(MeetingView::of).collect();
    Ok(HttpResponse::Ok().json(StalePage { items, next_cursor, total }))
}

/// A short hash of the filters, so a cursor is only used with the query that made it.
fn fingerprint(days: u32, region: Option<&str>, program: Option<&str>) -> String {
    let key = format!("{days}|{:?}|{:?}", region.map(str::to_lowercase), program);
    cursor::fingerprint(&key)
}
