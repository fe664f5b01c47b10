//! `GET /v1/meetings/{id}/history`: one meeting's audit trail.

use actix_web::{HttpRequest, HttpResponse, get, web};
use utoipa::IntoParams;

use crate::auth::Staff;
use crate::conditional::{self, Audience};
use crate::error::{ApiError, Problem, blocking};
use crate::extract::cursor;
use crate::extract::query::{FromQuery, Query, QueryParams};
use crate::routes::changes::list::{DEFAULT_LIMIT, MAX_LIMIT};
use crate::routes::changes::view::{HistoryPage, StaffChange};
use crate::state::AppState;

/// History parameters.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistoryParams {
    /// `next_cursor` of the previous page (older entries).
    #[param(rename = "cursor", value_type = Option<String>)]
    before: Option<i64>,
    /// Page size (default 100, at most 1000).
    #[param(minimum = 1, maximum = 1000, value_type = Option<i64>)]
    limit: i64,
}

impl FromQuery for HistoryParams {
    fn from_query(p: &QueryParams, (): ()) -> Result<Self, ApiError> {
        let before = p.get("cursor").map(|raw| cursor::decode_position("cursor", raw)).transpose()?;
        Ok(HistoryParams { before, limit: p.limit(DEFAULT_LIMIT, MAX_LIMIT)? })
    }
}

/// A meeting's history.
///
/// Staff only (any role). Every change-log entry about the meeting, newest first: who, when,
/// the whole meeting before and after, and a field-level `diff`. Scrubs of the history are
/// entries too (`action: scrub`, with what was scrubbed but not the data).
#[utoipa::path(
    operation_id = "meetings_history",
    get, path = "/v1/meetings/{id}/history", tag = "meetings",
    params(("id" = String, Path, description = "The meeting's id"), HistoryParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Entries about the meeting, newest first", body = HistoryPage),
        (status = 400, description = "A parameter could not be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An API key was sent: history is for staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/meetings/{id}/history")]
pub async fn history(
    state: web::Data<AppState>,
    _staff: Staff,
    path: web::Path<String>,
    query: Query<HistoryParams>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let id = super::parse_id(&path)?;
    let HistoryParams { before, limit } = query.read()?;
    let store = state.store().clone();
    let changes = blocking(move || {
        store.get_meeting(id)?;
        store.meeting_history(id, before, limit)
    })
    .await
    .map_err(|e| match e {
        ApiError::NotFound(_) => ApiError::NotFound(format!("no meeting with id `{id}`")),
        other => other,
    })?;
    let next_cursor =
        (changes.len() as i64 == limit).then(|| changes.last().map(|c| cursor::encode_position(c.seq))).flatten();
    let page = HistoryPage { items: changes.into_iter().map(StaffChange::from).collect(), next_cursor };
    conditional::json(&req, &page, None, Audience::Staff)
}
