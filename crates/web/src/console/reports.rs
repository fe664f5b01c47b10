//! `/staff/reports`: the problem-report queue (open first, oldest first) and closing a report,
//! through the same use cases as `GET /v1/reports` and `PATCH /v1/reports/{id}`. A scoped
//! editor sees, and may close, only reports about meetings in scope.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use recovery_api::error::ApiError;
use recovery_api::state::AppState;
use recovery_app::AppError;
use recovery_domain::report::{ReportUpdateInput, validate_report_update};
use recovery_domain::{ListingKind, MeetingId, ReportId, ReportStatus};
use recovery_store::ReportQuery;

use super::text::EN;
use super::{Layout, Problem, failure, not_found, problems, query, render, see_other, when};

/// How many reports the queue shows at once.
const SHOWN: usize = 200;

/// One report as the queue shows it.
#[derive(Debug, Clone)]
pub struct Item {
    /// Its id.
    pub id: String,
    /// The listing's name.
    pub listing: String,
    /// The listing's console page (meetings).
    pub href: Option<String>,
    /// Reason.
    pub reason: String,
    /// Message.
    pub message: String,
    /// Reporter's email.
    pub email: Option<String>,
    /// Received.
    pub received: String,
    /// True while open.
    pub open: bool,
    /// How it was closed.
    pub closed: String,
}

/// The queue page.
#[derive(Template)]
#[template(path = "console/reports.html")]
pub struct ReportsPage {
    /// The surroundings.
    pub layout: Layout,
    /// True when the open ones are shown.
    pub showing_open: bool,
    /// The reports.
    pub items: Vec<Item>,
    /// Problems with a closing just sent.
    pub problems: Vec<Problem>,
}

async fn page(
    state: &AppState,
    signed: &super::session::Signed,
    open: bool,
    problems: Vec<Problem>,
    notice: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let wanted = if open { vec![ReportStatus::Open] } else { vec![ReportStatus::Resolved, ReportStatus::Dismissed] };
    let mut reports = Vec::new();
    for status in wanted {
        let q = ReportQuery { status: Some(status), limit: SHOWN, ..ReportQuery::default() };
        reports.extend(state.list_reports(q, &signed.user).await?);
    }
    if !open {
        reports.sort_by_key(|r| std::cmp::Reverse(r.closed_at));
    }
    let ids: Vec<MeetingId> =
        reports.iter().filter(|r| r.listing_kind == ListingKind::Meeting).map(|r| MeetingId(r.listing_id)).collect();
    let names: HashMap<MeetingId, String> = state
        .read(move |store| {
            let mut names = HashMap::new();
            for id in ids {
                if let Ok(m) = store.get_meeting(id) {
                    names.insert(id, m.data.name);
                }
            }
            Ok(names)
        })
        .await?;
    let items = reports
        .into_iter()
        .map(|r| {
            let meeting = (r.listing_kind == ListingKind::Meeting).then_some(MeetingId(r.listing_id));
            Item {
                id: r.id.to_string(),
                listing: meeting.and_then(|id| names.get(&id).cloned()).unwrap_or_else(|| EN.a_service.to_string()),
                href: meeting.map(|id| format!("/staff/meetings/{id}")),
                reason: r.reason.as_str().replace('_', " "),
                message: r.message,
                email: r.contact_email,
                received: when(r.created_at),
                open: r.status == ReportStatus::Open,
                closed: [Some(r.status.as_str().to_string()), r.note, r.change_seq.map(|s| format!("#{s}"))]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · "),
            }
        })
        .collect();
    let layout = Layout::signed(signed, EN.reports, "reports").with_notice(notice);
    render(&ReportsPage { layout, showing_open: open, items, problems }, status)
}

/// `GET /staff/reports[?closed=1]`.
pub async fn list(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let signed = signed_in_or_return!(state, req);
    let open = query(&req, "closed").is_none();
    let notice = query(&req, "done").map(|_| EN.report_closed.to_string());
    page(&state, &signed, open, Vec::new(), notice, StatusCode::OK).await
}

/// `POST /staff/reports/{id}`: resolve or dismiss, with a note and optionally the fixing change.
pub async fn close(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let (signed, fields) = posted_or_return!(state, req, body);
    let Ok(id) = id.parse::<ReportId>() else { return not_found(&signed) };
    let change_seq = fields.get("change_seq").map(|s| s.trim_start_matches('#').parse::<i64>());
    let label = |field: &str| match field {
        "note" => EN.note,
        "change_seq" => EN.fixing_change,
        _ => EN.status,
    };
    let number_error = |_| {
        vec![Problem {
            field: format!("change_seq-{id}"),
            message: format!("{}: {}", EN.fixing_change, EN.not_a_number),
        }]
    };
    let change_seq = match change_seq.transpose() {
        Ok(seq) => seq,
        Err(e) => return page(&state, &signed, true, number_error(e), None, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    let input = ReportUpdateInput { status: fields.get("status"), note: fields.get("note"), change_seq };
    let closed = match validate_report_update(input) {
        Ok(closing) => state.close_report(id, closing, &signed.user).await,
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    match closed {
        Ok(_) => Ok(see_other("/staff/reports?done=1")),
        Err(AppError::Invalid(errors)) => {
            let mut problems = problems(&errors.0, label);
            for p in &mut problems {
                p.field = format!("{}-{id}", p.field);
            }
            page(&state, &signed, true, problems, None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => failure(&signed, e),
    }
}
