//! `POST /report`: the problem-report form on every detail page, without JavaScript. It goes
//! through the same validation, listing check, store call and rate-limit bucket as
//! `POST /v1/reports`; success is a 303 to `/report/thanks`, a problem re-renders the page with
//! the form's messages (422).

use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, web};
use recovery_domain::{MeetingId, ReportInput, ServiceId};
use serde::Deserialize;
use uuid::Uuid;

use super::i18n::Lang;
use super::report_form::{ReportForm, reasons};
use super::{Chrome, MessagePage, detail, html, query_lang};
use recovery_api::error::ApiError;
use recovery_api::state::AppState;
use recovery_app::AppError;

/// The form's fields, as posted.
#[derive(Debug, Deserialize)]
pub struct ReportFields {
    /// `meeting` or `service`.
    #[serde(default)]
    pub listing_kind: String,
    /// The listing's id.
    #[serde(default)]
    pub listing_id: String,
    /// One of the API's reasons.
    #[serde(default)]
    pub reason: String,
    /// What is wrong.
    #[serde(default)]
    pub message: String,
    /// An optional email for staff.
    #[serde(default)]
    pub contact_email: String,
    /// The page's language.
    #[serde(default)]
    pub lang: String,
}

/// The handler.
pub async fn submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    fields: web::Form<ReportFields>,
) -> Result<HttpResponse, ApiError> {
    // A form another site posts here (a report in the resident's name) is refused, as the
    // console's forms are; this page sends no CSRF token, since it has no session to protect.
    if crate::console::session::same_origin(&state, &req).is_err() {
        return Err(ApiError::Forbidden("reports are sent from this site's own report page".into()));
    }
    let fields = fields.into_inner();
    let lang = Lang::parse(&fields.lang).unwrap_or_else(|| Lang::of(&req, None));
    let blank = |s: &str| Some(s.to_string()).filter(|s| !s.trim().is_empty());
    let input = ReportInput {
        listing_kind: blank(&fields.listing_kind),
        listing_id: blank(&fields.listing_id),
        reason: blank(&fields.reason),
        message: blank(&fields.message),
        contact_email: blank(&fields.contact_email),
    };
    let errors = match state.create_report(input).await {
        Ok(_) => {
            return Ok(HttpResponse::SeeOther()
                .insert_header((LOCATION, format!("/report/thanks?lang={}", lang.code())))
                .finish());
        }
        Err(AppError::Invalid(errors)) => {
            let t = lang.t();
            let mut messages: Vec<String> = errors
                .0
                .iter()
                .map(|e| match e.field.as_str() {
                    "reason" => t.err_reason,
                    "message" => t.err_message,
                    "contact_email" => t.err_email,
                    _ => t.err_listing,
                })
                .map(str::to_string)
                .collect();
            messages.dedup();
            messages
        }
        Err(other) => return Err(other.into()),
    };
    // Re-render the listing's page with the form as sent and what to fix.
    let id = fields.listing_id.trim().parse::<Uuid>().ok();
    let form = ReportForm {
        listing_kind: if fields.listing_kind == "service" { "service" } else { "meeting" },
        listing_id: fields.listing_id.clone(),
        reasons: reasons(lang, &fields.reason),
        message: fields.message.clone(),
        contact_email: fields.contact_email.clone(),
        errors,
    };
    let index = state.index();
    let page = match (form.listing_kind, id) {
        ("meeting", Some(id)) => index.index.get(MeetingId(id)).map(|m| detail::meeting_page(&req, &m, lang, form)),
        ("service", Some(id)) => index
            .agencies
            .service(ServiceId(id))
            .cloned()
            .map(|s| detail::service_page(&req, &state, &index.agencies, &s, lang, form)),
        _ => None,
    };
    drop(index);
    match page {
        Some(page) => html(&page, StatusCode::UNPROCESSABLE_ENTITY, "no-store"),
        None => {
            let t = lang.t();
            let page = MessagePage {
                chrome: Chrome::new(&req, lang),
                title: t.bad_request.into(),
                text: t.err_listing.into(),
            };
            html(&page, StatusCode::UNPROCESSABLE_ENTITY, "no-store")
        }
    }
}

/// `GET /report/thanks`.
pub async fn thanks(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let lang = Lang::of(&req, query_lang(&req).as_deref());
    let t = lang.t();
    let page = MessagePage { chrome: Chrome::new(&req, lang), title: t.thanks.into(), text: t.thanks_text.into() };
    html(&page, StatusCode::OK, "no-cache")
}
