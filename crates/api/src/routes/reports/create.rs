//! `POST /v1/reports`: anyone tells staff a listing is wrong.

use actix_web::{HttpResponse, post, web};
use recovery_domain::{Report, ReportInput};

use crate::error::{ApiError, Problem};
use crate::extract::JsonBody;
use crate::state::AppState;

/// Report a problem with a listing.
///
/// No sign-in needed. The listing must be a published meeting (`listing_kind: "meeting"`) or
/// a listed agency service (`listing_kind: "service"`, its service id). The message is required (at most 2,000 characters);
/// `contact_email` is optional and private: it is echoed back to the sender here, shown to staff
/// only, never written to the change log, and erased after the retention period (180 days by
/// default). Limited to a few reports per minute per address (429 beyond).
#[utoipa::path(
    operation_id = "reports_create",
    post, path = "/v1/reports", tag = "reports",
    request_body = ReportInput,
    security(()),
    responses(
        (status = 201, description = "The report, open", body = Report),
        (status = 400, description = "Malformed JSON, or a field reports do not have", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 1 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields failed validation, or the listing is not a published one; `errors` names each field", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many reports from this address; retry after `Retry-After` seconds", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/reports")]
pub async fn create(state: web::Data<AppState>, body: JsonBody<ReportInput>) -> Result<HttpResponse, ApiError> {
    let report = state.create_report(body.0).await?;
    Ok(HttpResponse::Created().json(report))
}
