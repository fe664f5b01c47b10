//! A meeting's history as readable field diffs, and the preview of its resident page.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use recovery_api::error::ApiError;
use recovery_api::state::AppState;
use recovery_domain::diff::diff;

use super::{Difference, load, shown};
use crate::console::text::EN;
use crate::console::{Layout, render, when, who};

/// One entry of a meeting's history.
#[derive(Debug, Clone)]
pub struct HistoryEntry {
    /// The change's number.
    pub seq: i64,
    /// When.
    pub when: String,
    /// Who.
    pub who: String,
    /// What was done.
    pub action: String,
    /// The fields it changed.
    pub changes: Vec<Difference>,
}

/// The history page.
#[derive(Template)]
#[template(path = "console/history.html")]
pub struct HistoryPage {
    /// The surroundings.
    pub layout: Layout,
    /// The meeting's console page.
    pub back: String,
    /// Newest first.
    pub entries: Vec<HistoryEntry>,
}

/// `GET /staff/meetings/{id}/history`: the change log of the meeting as readable diffs.
pub async fn history(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let signed = signed_in_or_return!(state, req);
    let meeting = match load(&state, &signed, &id).await? {
        Ok(m) => m,
        Err(answer) => return Ok(answer),
    };
    let mid = meeting.id;
    let (log, users) =
        state.read(move |store| Ok((store.meeting_history(mid, None, 200)?, store.list_users()?))).await?;
    let entries = log
        .iter()
        .map(|c| HistoryEntry {
            seq: c.seq,
            when: when(c.at),
            who: who(&c.actor, &users),
            action: c.action.clone(),
            changes: diff(c.before.as_ref(), c.after.as_ref())
                .into_iter()
                .filter(|d| !matches!(d.field.as_str(), "updated_at" | "created_at"))
                .map(|d| Difference { field: d.field, saved: shown(&d.before), yours: shown(&d.after) })
                .collect(),
        })
        .collect();
    let layout = Layout::signed(&signed, format!("{} {}", EN.history_of, meeting.data.name), "meetings");
    render(&HistoryPage { layout, back: format!("/staff/meetings/{}", meeting.id), entries }, StatusCode::OK)
}

/// `GET /staff/meetings/{id}/preview`: the resident's page of the meeting as it would be
/// published (private fields removed), whatever its status.
pub async fn preview(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let signed = signed_in_or_return!(state, req);
    let meeting = match load(&state, &signed, &id).await? {
        Ok(m) => m,
        Err(answer) => return Ok(answer),
    };
    let lang = crate::i18n::Lang::En;
    let public = meeting.public_view();
    let report = crate::report_form::ReportForm::new(recovery_domain::ListingKind::Meeting, public.id.0, lang);
    let page = crate::detail::meeting_page(&req, &public, lang, report);
    let body = page.render().map_err(|e| ApiError::Internal(format!("rendering a page: {e}")))?;
    let banner = format!("<p class=\"notice\" role=\"status\">{}</p>", EN.preview_banner);
    let body = body.replacen("<main id=\"main\">", &format!("<main id=\"main\">{banner}"), 1);
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .body(body))
}
