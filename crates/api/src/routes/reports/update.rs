//! `PATCH /v1/reports/{id}`: staff resolve or dismiss a report.

use actix_web::{HttpResponse, patch, web};
use recovery_domain::{ListingKind, MeetingId, Report, ReportUpdateInput, ValidationErrors, validate_report_update};
use recovery_store::StoreError;

use crate::auth::Staff;
use crate::error::{ApiError, UpdateProblems, blocking};
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
    patch, path = "/v1/reports/{id}", tag = "reports",
    params(("id" = String, Path, description = "The report's id")),
    request_body = ReportUpdateInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The report, closed", body = Report),
        UpdateProblems,
    )
)]
#[patch("/v1/reports/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    body: JsonBody<ReportUpdateInput>,
) -> Result<HttpResponse, ApiError> {
    staff.require_editor()?;
    let id = super::parse_id(&path)?;
    let closing = validate_report_update(body.0)?;
    let by = staff.0.id;
    let store = state.store().clone();
    let user = staff.0;
    let checked = blocking(move || {
        let report = store.get_report(id)?;
        let in_scope = match super::scope_of(&user) {
            None => true,
            Some(keep) if report.listing_kind == ListingKind::Meeting => {
                match store.get_meeting(MeetingId(report.listing_id)) {
                    Ok(meeting) => keep(&meeting),
                    Err(StoreError::NotFound) => false,
                    Err(e) => return Err(e),
                }
            }
            Some(_) => false,
        };
        let known_change = closing.change_seq.map(|seq| store.change_exists(seq)).transpose()?;
        Ok((in_scope, known_change, closing))
    })
    .await;
    let (in_scope, known_change, closing) = match checked {
        Ok(checked) => checked,
        Err(ApiError::NotFound(_)) => return Err(ApiError::NotFound(format!("no report with id `{id}`"))),
        Err(e) => return Err(e),
    };
    if !in_scope {
        return Err(ApiError::Forbidden("this report is about a listing outside your scope".into()));
    }
    if let (Some(seq), Some(false)) = (closing.change_seq, known_change) {
        return Err(ValidationErrors::one("change_seq", format!("there is no change-log entry {seq}")).into());
    }
    let store = state.store().clone();
    let (report, _) = blocking(move || store.close_report(id, closing, by)).await?;
    Ok(HttpResponse::Ok().json(report))
}
