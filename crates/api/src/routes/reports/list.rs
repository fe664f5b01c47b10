//! `GET /v1/reports`: the staff queue.

use actix_web::{HttpResponse, get, web};
use recovery_domain::{Report, ReportId, ReportStatus};
use recovery_store::ReportQuery;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::Staff;
use crate::error::{ApiError, Problem};
use crate::extract::cursor;
use crate::extract::query::{FromQuery, Query, QueryParams, shorten};
use crate::state::AppState;

/// The queue's filters (every one optional).
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportListParams {
    /// Only reports with this status: `open`, `resolved` or `dismissed`.
    #[param(value_type = Option<String>)]
    status: Option<ReportStatus>,
    /// Only reports about this listing (its id).
    #[param(value_type = Option<String>)]
    listing_id: Option<Uuid>,
    /// Page size (default 50, at most 200).
    #[param(minimum = 1, maximum = 200, value_type = Option<usize>)]
    limit: usize,
    /// `next_cursor` from the previous page.
    #[param(rename = "cursor", value_type = Option<String>)]
    after: Option<ReportId>,
}

impl FromQuery for ReportListParams {
    fn from_query(p: &QueryParams, (): ()) -> Result<Self, ApiError> {
        let status = p
            .get("status")
            .map(|raw| {
                ReportStatus::parse(raw).ok_or_else(|| {
                    ApiError::bad_field(
                        "status",
                        format!("expected open, resolved or dismissed, got `{}`", shorten(raw)),
                    )
                })
            })
            .transpose()?;
        let listing_id = p.parsed::<Uuid>("listing_id", "a listing id")?;
        let limit = p.limit(super::DEFAULT_LIMIT, super::MAX_LIMIT)?;
        let after =
            p.get("cursor").map(|raw| cursor::decode::<CursorToken>("cursor", raw)).transpose()?.map(|t| t.after);
        Ok(ReportListParams { status, listing_id, limit, after })
    }
}

/// One page of reports.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportPage {
    /// The reports on this page, oldest first.
    pub items: Vec<Report>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// Where a page of reports ended.
#[derive(Debug, Serialize, Deserialize)]
struct CursorToken {
    after: ReportId,
}

/// List problem reports.
///
/// Staff only (any role), reporters' emails included. Oldest first; walking `next_cursor`
/// yields every match once. An editor scoped to regions or programs sees only reports about
/// meetings in scope.
#[utoipa::path(
    operation_id = "reports_list",
    get, path = "/v1/reports", tag = "reports",
    params(ReportListParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of reports", body = ReportPage),
        (status = 400, description = "A parameter could not be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a staff user (an API key)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/reports")]
pub async fn list(
    state: web::Data<AppState>,
    staff: Staff,
    query: Query<ReportListParams>,
) -> Result<HttpResponse, ApiError> {
    let ReportListParams { status, listing_id, limit, after } = query.read()?;
    let query = ReportQuery { status, listing_id, after, limit: limit + 1 };
    let mut items = state.list_reports(query, &staff.0).await?;
    let next_cursor = if items.len() > limit {
        items.truncate(limit);
        items.last().map(|r| cursor::encode(&CursorToken { after: r.id }))
    } else {
        None
    };
    Ok(HttpResponse::Ok().json(ReportPage { items, next_cursor }))
}
