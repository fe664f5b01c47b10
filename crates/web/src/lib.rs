//! The resident's pages: server-rendered HTML for finding meetings and agencies nearby, on an
//! old phone, with JavaScript off, in English or Spanish; and the staff console under
//! `/staff/` ([`console`]).
//!
//! These are not API: they stay out of the OpenAPI document, answer HTML (errors too), and
//! reuse the API's search, views and report use case rather than their own. Nothing on
//! them loads from another host; the only outside links are directions on openstreetmap.org
//! and a listing's own website or meeting link. Templates are compiled in (askama, escaped).

pub mod assets;
pub mod console;
pub mod detail;
pub mod filter;
pub mod form;
pub mod format;
pub mod i18n;
pub mod ics;
pub mod listing;
pub mod places;
pub mod report;
pub mod report_form;
pub mod search;
pub mod settings;

use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, VARY};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::settings::PageSettings;
use i18n::{Lang, Strings};
use listing::Link;
use recovery_api::error::ApiError;

/// Registers the pages.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(search::page))
        .route("/assets/{name}", web::get().to(assets::serve))
        .route("/meetings/{slug}", web::get().to(detail::meeting))
        .route("/services/{id}", web::get().to(detail::service))
        .route("/report", web::post().to(report::submit))
        .route("/report/thanks", web::get().to(report::thanks))
        .configure(console::configure);
}

/// What every page shows around its content: the language, the crisis line, the help
/// contact and the language switch.
#[derive(Debug, Clone)]
pub struct Chrome {
    /// The page's language code.
    pub lang: &'static str,
    /// The page's words.
    pub t: &'static Strings,
    /// The crisis line's `tel:` number.
    pub crisis_tel: String,
    /// The crisis line's name.
    pub crisis_label: String,
    /// The directory's help contact.
    pub help: Option<Link>,
    /// The other language's code.
    pub other_lang: &'static str,
    /// The other language's name.
    pub other_name: &'static str,
    /// This page in the other language.
    pub switch_href: String,
    /// The assets' version, for their long-cached URLs.
    pub asset_version: &'static str,
}

impl Chrome {
    /// The chrome of the page `req` asks for, in `lang`.
    pub fn new(req: &HttpRequest, lang: Lang) -> Chrome {
        let settings = req.app_data::<web::Data<PageSettings>>().map(|s| s.get_ref().clone()).unwrap_or_default();
        let other = lang.other();
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (k, v) in form_urlencoded::parse(req.query_string().as_bytes()).filter(|(k, _)| k != "lang") {
            query.append_pair(&k, &v);
        }
        query.append_pair("lang", other.code());
        let path = if req.method() == actix_web::http::Method::GET { req.path() } else { "/" };
        Chrome {
            lang: lang.code(),
            t: lang.t(),
            crisis_tel: format::tel(&settings.crisis_line),
            crisis_label: settings.crisis_label,
            help: settings
                .help_contact
                .as_deref()
                .and_then(|c| format::contact_href(c).map(|href| Link { href, text: c.to_string() })),
            other_lang: other.code(),
            other_name: other.t().language_name,
            switch_href: format!("{path}?{}", query.finish()),
            asset_version: assets::version(),
        }
    }
}

/// A page with no content of its own: a problem (404, 400) or a thank-you.
#[derive(Template)]
#[template(path = "web/message.html")]
pub struct MessagePage {
    /// The surroundings.
    pub chrome: Chrome,
    /// The heading.
    pub title: String,
    /// The text.
    pub text: String,
}

/// Renders a page as an HTML answer with `status`; `cache` is its `Cache-Control`.
pub fn html(page: &impl Template, status: StatusCode, cache: &'static str) -> Result<HttpResponse, ApiError> {
    let body = page.render().map_err(|e| ApiError::Internal(format!("rendering a page: {e}")))?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((CACHE_CONTROL, cache))
        .insert_header((VARY, "Accept-Language"))
        .body(body))
}

/// The HTML "not found" page in `lang`.
pub fn not_found(req: &HttpRequest, lang: Lang) -> Result<HttpResponse, ApiError> {
    let t = lang.t();
    let page = MessagePage { chrome: Chrome::new(req, lang), title: t.not_found.into(), text: t.not_found_text.into() };
    html(&page, StatusCode::NOT_FOUND, "no-cache")
}

/// The HTML "too many requests" page in the request's language: a resident who reaches a
/// rate limit on a page gets a page, not a problem document.
pub fn too_many(req: &HttpRequest) -> Result<HttpResponse, ApiError> {
    let lang = Lang::of(req, query_lang(req).as_deref());
    let t = lang.t();
    let page =
        MessagePage { chrome: Chrome::new(req, lang), title: t.too_many_title.into(), text: t.err_too_many.into() };
    html(&page, StatusCode::TOO_MANY_REQUESTS, "no-store")
}

/// The `lang` query parameter of a request, if any.
pub fn query_lang(req: &HttpRequest) -> Option<String> {
    form_urlencoded::parse(req.query_string().as_bytes()).find(|(k, _)| k == "lang").map(|(_, v)| v.into_owned())
}
