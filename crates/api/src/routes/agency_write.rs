//! What the agency routes (organizations, locations, services, taxonomy terms) share: ids and
//! 404s that name what was asked for, reading one listing for the public or for staff, and
//! paging the public lists by id. Writes are the directory's (`recovery_app::agencies`).

use std::str::FromStr;

use actix_web::{HttpRequest, HttpResponse, http::header};
use chrono::{DateTime, Utc};
use recovery_store::{Store, StoreError};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::conditional::{self, Audience};
use crate::error::{ApiError, Problem, blocking};
use crate::extract::cursor;
use crate::extract::query::{FromQuery, QueryParams, shorten};
use crate::state::AppState;
use recovery_domain::projection::IndexState;

/// The default page size of the agency lists.
pub const DEFAULT_LIMIT: usize = 25;
/// The largest page size of the agency lists.
pub const MAX_LIMIT: usize = 200;

/// Reads an id from a path segment; anything else names no `noun`.
pub(crate) fn parse_id<T: FromStr>(raw: &str, noun: &str) -> Result<T, ApiError> {
    raw.parse().map_err(|_| not_found(noun, raw))
}

/// The 404 for a `noun` that does not exist.
pub(crate) fn not_found(noun: &str, raw: &str) -> ApiError {
    ApiError::NotFound(format!("no {noun} `{}`", shorten(raw)))
}

/// Turns the store's bare "not found" into one naming the `noun` asked for.
pub(crate) fn naming<E: Into<ApiError>>(noun: &'static str, raw: String) -> impl FnOnce(E) -> ApiError {
    move |e| match e.into() {
        ApiError::NotFound(_) => not_found(noun, &raw),
        other => other,
    }
}

/// One record as `staff` or the public may see it: staff (any role) get the stored record, the
/// public its public view from the catalog; a missing one is a 404 naming `noun`.
pub(crate) async fn read_one<T, S, P>(
    state: &AppState,
    staff: bool,
    raw: String,
    noun: &'static str,
    stored: S,
    public: P,
) -> Result<T, ApiError>
where
    T: Send + 'static,
    S: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    P: FnOnce(&IndexState) -> Option<T>,
{
    if staff {
        let store = state.store().clone();
        return blocking(move || stored(&store)).await.map_err(naming(noun, raw));
    }
    let found = public(&state.index());
    found.ok_or_else(|| not_found(noun, &raw))
}

/// The 201 answer to a create: `Location` and the new record.
pub(crate) fn created(location: String, body: &impl Serialize) -> HttpResponse {
    HttpResponse::Created().insert_header((header::LOCATION, location)).json(body)
}

/// The 200 answer to a read of one record, with validators (staff reads are private).
pub(crate) fn one(
    req: &HttpRequest,
    body: &impl Serialize,
    updated_at: DateTime<Utc>,
    staff: bool,
) -> Result<HttpResponse, ApiError> {
    conditional::json(req, body, Some(updated_at), Audience::of(staff))
}

/// The paging parameters of the agency lists.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Page size (default 25, at most 200).
    #[param(minimum = 1, maximum = 200, value_type = Option<usize>)]
    pub limit: usize,
    /// `next_cursor` from the previous page.
    #[param(rename = "cursor", value_type = Option<String>)]
    pub after: Option<Uuid>,
}

impl FromQuery for ListParams {
    fn from_query(p: &QueryParams, (): ()) -> Result<Self, ApiError> {
        let limit = p.limit(DEFAULT_LIMIT, MAX_LIMIT)?;
        let after =
            p.get("cursor").map(|raw| cursor::decode::<ListCursor>("cursor", raw)).transpose()?.map(|c| c.after);
        Ok(ListParams { limit, after })
    }
}

/// One page of a list, in id order.
#[derive(Debug, Serialize, ToSchema)]
pub struct ListPage<T> {
    /// The records on this page, by id.
    pub items: Vec<T>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
    /// How many records there are in all.
    pub total: usize,
}

/// Where a list page ended: the last id on it.
#[derive(Debug, Serialize, Deserialize)]
struct ListCursor {
    after: Uuid,
}

/// The page of `records` (in id order; `id` reads a record's id) after `after`.
pub(crate) fn page<'a, T: Clone + 'a>(
    records: impl Iterator<Item = &'a T>,
    id: impl Fn(&T) -> Uuid,
    limit: usize,
    after: Option<Uuid>,
) -> ListPage<T> {
    let mut total = 0;
    let mut items = Vec::new();
    let mut more = false;
    for record in records {
        total += 1;
        if more || after.is_some_and(|a| id(record) <= a) {
            continue;
        }
        if items.len() < limit {
            items.push(record.clone());
        } else {
            more = true;
        }
    }
    let next_cursor = more.then(|| items.last().map(|r| cursor::encode(&ListCursor { after: id(r) }))).flatten();
    ListPage { items, next_cursor, total }
}

/// The problems a delete can answer with (for `#[utoipa::path]`).
#[derive(utoipa::IntoResponses)]
pub enum DeleteProblems {
    /// Not signed in, or the token is not valid.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// Signed in, but the role may not write.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// No such record.
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
    /// Other records still refer to it; `detail` says which kind.
    #[response(status = 409, content_type = "application/problem+json")]
    Conflict(Problem),
}

/// The problems a read of one record can answer with.
#[derive(utoipa::IntoResponses)]
pub enum ReadProblems {
    /// A token was sent but is not valid.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// No such record.
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
}
