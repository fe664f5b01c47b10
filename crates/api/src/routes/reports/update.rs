//! `PATCH /v1/reports/{id}`: staff resolve or dismiss a report.

use actix_web::{HttpResponse, patch, web};
use recovery_domain::{Report, ReportUpdateInput, validate_report_update};

use crate::auth::Staff;
use crate::error::{ApiError, UpdateProblems};
use crate::extract::JsonBody;
use crate::state::AppState;

/// Resolve or dismiss a report.
///
/// Editors and admins only (an editor scoped to regions or programs: reports about meetings in
/// scope only). `status` is `resolved` or `dismissed`; `note` replaces any earlier note;
/// `change_seq` names the change-log entry that fixed the listing (resolved reports only; it
/// must exist). Closing an already closed report replaces how it was closed. Logged in the
/// change log (entity `report`, action `resolve` or `dismiss`), without the reporter's email.
#[utoipa::path(
    operation_id = "reports_update",
    patch, path = "/v1/reports/{id}", tag = "reports",
    params(("id" = String, Path, description = "The report's id")),
    request_body = ReportUpdateInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The report, closed", body = Report),
        UpdateProblems,
    )
)]
// Ids are hexadecimal, so `/v1/reports/stale` is never taken for one.
#[patch("/v1/reports/{id:[0-9a-fA-F-]+}")]
pub async fn update(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    body: JsonBody<ReportUpdateInput>,
) -> Result<HttpResponse, ApiError> {
    staff.require_editor()?;
    let id = super::parse_id(&path)?;
    let closing = validate_report_update(body.0)?;
    let report = state.close_report(id, closing, &staff.0).await?;
    Ok(HttpResponse::Ok().json(report))
}
