//! `GET /v1/changes`: the change feed.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, get, web};
use recovery_store::{ChangeFilter, Store, StoreError};
use utoipa::IntoParams;

use super::view::{ChangeItem, ChangePage, StaffChange};
use crate::auth::MaybeStaff;
use crate::conditional::VARY_CREDENTIALS;
use crate::error::{ApiError, Problem, blocking};
use crate::extract::cursor;
use crate::extract::query::{FromQuery, Query, QueryParams, shorten};
use crate::state::AppState;

/// The default page size.
pub const DEFAULT_LIMIT: i64 = 100;
/// The largest page size.
pub const MAX_LIMIT: i64 = 1000;
/// The most log entries one public request reads while looking for entries the public may
/// see (entries about drafts are skipped); the page then ends early, with a cursor.
pub const MAX_PUBLIC_SCAN: usize = 10_000;

/// Feed parameters (every one optional).
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChangeParams {
    /// `next_cursor` of the previous page; absent = from the beginning of the log.
    #[param(value_type = Option<String>)]
    since: i64,
    /// Only changes to this kind of entity (`meeting`, `user`, …). The public only ever sees
    /// meetings.
    entity: Option<String>,
    /// Only changes to the entity with this id.
    id: Option<String>,
    /// Page size (default 100, at most 1000).
    #[param(minimum = 1, maximum = 1000, value_type = Option<i64>)]
    limit: i64,
}

/// Read the change log, oldest first, page by page.
///
/// Walking `next_cursor` (passed back as `since`) until it is null yields every change
/// visible to the caller exactly once, in commit order, with nothing skipped even while others
/// write. A null `next_cursor` means you are caught up: keep the `since` you sent and ask again
/// later. A page may hold fewer than `limit` items while more follow.
///
/// **Staff** (a bearer token of any role) see every entry: who (`actor`), the whole entity
/// before and after, and a field-level `diff`.
///
/// **The public** (no credentials, or an API key) see listing changes only, projected for
/// keeping a copy in sync: a change after which a meeting is published carries `meeting`
/// (its public view: no private contacts, no staff identity); a change that took a meeting out
/// of public view is a tombstone (`action`: `unpublished` or `archived`, no data). Changes to
/// meetings that were never published are left out. A change to an agency listing
/// (`organization`, `location`, `service`, `taxonomy_term`) carries it as `data` (public view);
/// its deletion is a tombstone with `action: deleted`.
#[utoipa::path(
    operation_id = "changes_list",
    get, path = "/v1/changes", tag = "changes",
    params(ChangeParams),
    security((), ("bearer" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "A page of changes", body = ChangePage,
            headers(("Vary" = String, description = "Authorization, X-API-Key: staff and the public get different pages"))),
        (status = 400, description = "A parameter could not be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A token or key was sent but is not valid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/changes")]
pub async fn list(
    state: web::Data<AppState>,
    caller: MaybeStaff,
    query: Query<ChangeParams>,
) -> Result<HttpResponse, ApiError> {
    let query = query.read()?;
    let store = state.store().clone();
    let staff = caller.0.is_some();
    let page = blocking(move || if staff { staff_page(&store, &query) } else { public_page(&store, &query) }).await?;
    let cache = if staff { "private, no-store" } else { "no-cache" };
    Ok(HttpResponse::Ok()
        .insert_header((header::VARY, HeaderValue::from_static(VARY_CREDENTIALS)))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static(cache)))
        .json(page))
}

impl FromQuery for ChangeParams {
    fn from_query(p: &QueryParams, (): ()) -> Result<Self, ApiError> {
        let since = p.get("since").map(|raw| cursor::decode_position("since", raw)).transpose()?.unwrap_or(0);
        let limit = p.limit(DEFAULT_LIMIT, MAX_LIMIT)?;
        let entity = p.get("entity").map(str::to_string);
        if let Some(e) = &entity {
            if e.len() > 40 || !e.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                return Err(ApiError::bad_field("entity", format!("not an entity name: `{}`", shorten(e))));
            }
        }
        let entity_id = p.get("id").map(str::to_string);
        if entity_id.as_ref().is_some_and(|id| id.len() > 200) {
            return Err(ApiError::bad_field("id", "must be at most 200 characters"));
        }
        Ok(ChangeParams { since, entity, id: entity_id, limit })
    }
}

impl ChangeParams {
    /// What the store filters the log by.
    fn filter(&self) -> ChangeFilter {
        ChangeFilter { entity: self.entity.clone(), entity_id: self.id.clone() }
    }
}

/// The kinds of entity the public feed carries.
const PUBLIC_ENTITIES: [&str; 5] = [
    recovery_domain::change::MEETING,
    recovery_domain::agency::ORGANIZATION,
    recovery_domain::agency::LOCATION,
    recovery_domain::agency::SERVICE,
    recovery_domain::agency::TAXONOMY_TERM,
];

fn staff_page(store: &Store, q: &ChangeParams) -> Result<ChangePage, StoreError> {
    let changes = store.changes_after(q.since, &q.filter(), q.limit)?;
    let next_cursor = changes.last().map(|c| cursor::encode_position(c.seq));
    let items = changes.into_iter().map(|c| ChangeItem::Staff(StaffChange::from(c))).collect();
    Ok(ChangePage { items, next_cursor })
}

/// Reads entries after `since` until `limit` of them are public, the log ends, or
/// [`MAX_PUBLIC_SCAN`] were read; the cursor is the last entry read, public or not.
fn public_page(store: &Store, q: &ChangeParams) -> Result<ChangePage, StoreError> {
    if q.entity.as_deref().is_some_and(|e| !PUBLIC_ENTITIES.contains(&e)) {
        return Ok(ChangePage { items: Vec::new(), next_cursor: None });
    }
    let filter = q.filter();
    let limit = usize::try_from(q.limit).unwrap_or(1);
    let mut items = Vec::new();
    let mut position = q.since;
    let mut read = 0;
    'scan: while items.len() < limit && read < MAX_PUBLIC_SCAN {
        let batch = store.changes_after(position, &filter, q.limit.max(DEFAULT_LIMIT))?;
        let full = batch.len() as i64 == q.limit.max(DEFAULT_LIMIT);
        for change in batch {
            position = change.seq;
            read += 1;
            if let Some(public) = change.public_projection() {
                items.push(ChangeItem::from(public));
                if items.len() == limit {
                    break 'scan;
                }
            }
        }
        if !full {
            break;
        }
    }
    let next_cursor = (position > q.since).then(|| cursor::encode_position(position));
    Ok(ChangePage { items, next_cursor })
}
