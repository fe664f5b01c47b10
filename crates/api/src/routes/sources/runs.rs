//! `GET /v1/sources/{id}/runs`: the reports a source's latest runs left.

use actix_web::{HttpResponse, get, web};
use recovery_domain::source::ImportRun;
use utoipa::IntoParams;

use super::StaffReadProblems;
use crate::auth::Staff;
use crate::error::{ApiError, blocking};
use crate::extract::query::{FromQuery, Query, QueryParams};
use crate::state::AppState;

/// How many runs a list has unless asked.
pub const DEFAULT_LIMIT: usize = 20;
/// The most runs one list has.
pub const MAX_LIMIT: usize = 100;

/// The parameters of a run list.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RunListParams {
    /// How many of the latest runs (default 20, at most 100).
    #[param(minimum = 1, maximum = 100, value_type = Option<usize>)]
    limit: usize,
}

impl FromQuery for RunListParams {
    fn from_query(p: &QueryParams, (): ()) -> Result<Self, ApiError> {
        Ok(RunListParams { limit: p.limit(DEFAULT_LIMIT, MAX_LIMIT)? })
    }
}

/// List a source's latest runs.
///
/// Staff of any role. Newest first, each with its whole report (counts, rejected records with
/// their positions and reasons, conflicts, flagged listings, warnings). Scheduled runs, runs
/// requested here, and command-line runs of the same source all appear.
#[utoipa::path(
    operation_id = "sources_runs",
    get, path = "/v1/sources/{id}/runs", tag = "sources",
    params(("id" = String, Path, description = "The source's id"), RunListParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The latest runs, newest first", body = Vec<ImportRun>),
        (status = 400, description = "`limit` is not 1 to 100", body = crate::error::Problem,
            content_type = "application/problem+json"),
        StaffReadProblems,
    )
)]
#[get("/v1/sources/{id}/runs")]
pub async fn list(
    state: web::Data<AppState>,
    _staff: Staff,
    path: web::Path<String>,
    query: Query<RunListParams>,
) -> Result<HttpResponse, ApiError> {
    let raw = path.into_inner();
    let id = super::parse_id(&raw)?;
    let RunListParams { limit } = query.read()?;
    super::load(&state, id, &raw).await?;
    let store = state.store().clone();
    let runs = blocking(move || store.list_runs(id, limit as i64)).await?;
    Ok(HttpResponse::Ok().json(runs))
}
