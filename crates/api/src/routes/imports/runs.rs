//! `GET /v1/imports/{run_id}`: one run's report.

use actix_web::{HttpResponse, get, web};
use recovery_domain::RunId;
use recovery_domain::source::ImportRun;

use crate::auth::Staff;
use crate::error::{ApiError, blocking};
use crate::routes::agency_write;
use crate::routes::sources::StaffReadProblems;
use crate::state::AppState;

/// What the answers call a run.
const NOUN: &str = "import run";

/// Read one import run.
///
/// Staff of any role. The run's report: where it read from, what started it, how it ended
/// (`failed` with an `error` when the source could not be fetched or read), the counts, every
/// rejected record with its position and reason, conflicts with local edits, flagged
/// listings and warnings. Runs outlive their source (`source_id` is then null).
#[utoipa::path(
    operation_id = "imports_read",
    get, path = "/v1/imports/{run_id}", tag = "imports",
    params(("run_id" = String, Path, description = "The run's id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The run", body = ImportRun), StaffReadProblems)
)]
// Ids are hexadecimal, so `/v1/imports/hsds` is never taken for one.
#[get("/v1/imports/{run_id:[0-9a-fA-F-]+}")]
pub async fn read(
    state: web::Data<AppState>,
    _staff: Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let raw = path.into_inner();
    let id: RunId = agency_write::parse_id(&raw, NOUN)?;
    let store = state.store().clone();
    let run = blocking(move || store.get_run(id)).await.map_err(agency_write::naming(NOUN, raw))?;
    Ok(HttpResponse::Ok().json(run))
}
