//! `GET /v1/duplicates`: probable duplicate listings among the published ones, for staff to
//! review. Nothing is ever merged automatically; the rules are in
//! [`recovery_domain::duplicates`]. The answer is capped (`limit`): many look-alike listings
//! would otherwise make it grow with the square of their number.

use std::collections::HashMap;

use actix_web::{HttpResponse, get, web};
use recovery_domain::duplicates::{DuplicatePair, find_duplicates};
use recovery_domain::{MeetingId, SourceId};
use recovery_store::{Store, StoreError};
use utoipa::IntoParams;

use crate::auth::Staff;
use crate::error::{ApiError, Problem, blocking};
use crate::extract::query::{FromQuery, Query, QueryParams, shorten};
use crate::state::AppState;

/// Pairs listed when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 200;
/// The most pairs one answer lists.
pub const MAX_LIMIT: usize = 1000;

/// Duplicate-listing parameters.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DuplicateParams {
    /// The most pairs to list (default 200, at most 1000).
    #[param(minimum = 1, maximum = 1000, value_type = Option<i64>)]
    limit: usize,
}

impl FromQuery for DuplicateParams {
    /// `limit`; any other parameter is a 400, so a typo is not silently ignored.
    fn from_query(p: &QueryParams, (): ()) -> Result<Self, ApiError> {
        if let Some(key) = p.keys().find(|key| *key != "limit") {
            return Err(ApiError::bad_field(
                key,
                format!("unknown query parameter `{}`; the only one is `limit`", shorten(key)),
            ));
        }
        // Read as a signed number, so `-1` is out of range rather than not a number.
        let limit = p.limit(DEFAULT_LIMIT as i64, MAX_LIMIT as i64)?;
        Ok(DuplicateParams { limit: usize::try_from(limit).unwrap_or(DEFAULT_LIMIT) })
    }
}

/// List probable duplicate listings.
///
/// Staff of any role. Pairs of published listings that probably describe one meeting:
/// - `same-place-and-time`: same program and day, starts at most 5 minutes apart, names alike
///   (equal ignoring case, accents and punctuation, one's words all in the other's, or at
///   least half their words shared), and both placed within 150 m of each other;
/// - `same-conference-url`: the same video-conference room (links compared ignoring scheme,
///   host case, trailing slashes and Zoom's `pwd`; Zoom links by meeting number) starting at
///   most 5 minutes apart at the same instant, whatever their names.
///
/// Each pair lists both listings (with the source that brought each, when imported), every
/// reason that applies, and the distance in metres when both are placed. Pairs are ordered by
/// the first listing's id. Nothing is merged: archive or edit one of them if they are the same.
///
/// The answer is bounded: at most `limit` pairs (default 200, at most 1000), and each listing
/// is compared with at most 50 others of the same program and day (or the same room), nearest
/// start first. When exactly `limit` pairs come back there may be more: resolve these and ask
/// again. Any parameter other than `limit` is a 400.
#[utoipa::path(
    operation_id = "duplicates_list",
    get, path = "/v1/duplicates", tag = "review",
    params(DuplicateParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Probable duplicate pairs, at most `limit`", body = Vec<DuplicatePair>),
        (status = 400, description = "`limit` is not a whole number from 1 to 1000, or a parameter is unknown", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a staff user (an API key)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/duplicates")]
pub async fn list(
    state: web::Data<AppState>,
    _staff: Staff,
    query: Query<DuplicateParams>,
) -> Result<HttpResponse, ApiError> {
    let DuplicateParams { limit } = query.read()?;
    // The index holds exactly the published listings; the shared handles are cheap to take,
    // and the comparison runs off the async threads without holding the index lock.
    let meetings = state.index().index.meetings();
    let store = state.store().clone();
    let pairs = blocking(move || {
        let mut pairs = find_duplicates(&meetings, limit);
        add_sources(&store, &mut pairs)?;
        Ok::<_, StoreError>(pairs)
    })
    .await?;
    Ok(HttpResponse::Ok().json(pairs))
}

/// Fills in the source of each listed meeting, asking the store once per distinct meeting (at
/// most twice `limit` of them).
fn add_sources(store: &Store, pairs: &mut [DuplicatePair]) -> Result<(), StoreError> {
    let mut sources: HashMap<MeetingId, Option<SourceId>> = HashMap::new();
    for pair in pairs {
        for listing in [&mut pair.first, &mut pair.second] {
            listing.source_id = match sources.get(&listing.id) {
                Some(known) => *known,
                None => {
                    let found = store.meeting_provenance(listing.id)?.map(|p| p.source_id);
                    sources.insert(listing.id, found);
                    found
                }
            };
        }
    }
    Ok(())
}
