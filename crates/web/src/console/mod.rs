//! The staff console under `/staff/`: signed-in pages where staff keep meetings true and work
//! the report queue.
//!
//! It has no write path of its own: every action calls the same `Directory` use case as its
//! REST route (same validation messages, role and scope checks, change-log entries). Pages are
//! server-rendered, work with JavaScript off, load nothing from another host, and are never
//! cached (`no-store`: the back button after signing out shows no staff data).

/// The signed-in user of a request, or `return` the answer to a signed-out one (back to the
/// sign-in form) from the handler.
macro_rules! signed_in_or_return {
    ($state:expr, $req:expr) => {
        match $crate::console::signed_in(&$state, &$req).await? {
            Ok(signed) => signed,
            Err(answer) => return Ok(answer),
        }
    };
}

/// The signed-in user and the fields of a form post that came from one of our pages (CSRF
/// token and origin checked), or `return` the answer (sign in first, or the 403 page).
macro_rules! posted_or_return {
    ($state:expr, $req:expr, $body:expr) => {{
        let signed = signed_in_or_return!($state, $req);
        let fields = $crate::console::Fields::parse(&$body);
        if let Some(refusal) = $crate::console::check(&$state, &$req, &signed, &fields) {
            return Ok(refusal);
        }
        (signed, fields)
    }};
}

pub mod home;
pub mod meeting_form;
pub mod meetings;
pub mod reports;
pub mod session;
pub mod sign_in;
pub mod text;
pub mod users;

use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, LOCATION, REFERRER_POLICY, SET_COOKIE};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{DateTime, Utc};
use recovery_api::error::ApiError;
use recovery_api::state::AppState;
use recovery_app::AppError;
use recovery_domain::{FieldError, Role, User};

use session::{CSRF_FIELD, Refusal, Signed};
use text::{EN, Words};

/// Registers the console's pages.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/staff", web::get().to(|| async { see_other("/staff/") }))
        .route("/staff/", web::get().to(home::page))
        .route("/staff/sources", web::get().to(home::sources))
        .route("/staff/duplicates", web::get().to(home::duplicates))
        .route("/staff/sign-in", web::post().to(sign_in::sign_in))
        .route("/staff/sign-out", web::post().to(sign_in::sign_out))
        .route("/staff/password", web::get().to(sign_in::password_page))
        .route("/staff/password", web::post().to(sign_in::change_password))
        .route("/staff/link/{token}", web::get().to(sign_in::link_page))
        .route("/staff/link/{token}", web::post().to(sign_in::use_link))
        .route("/staff/meetings", web::get().to(meetings::list))
        .route("/staff/meetings", web::post().to(meetings::create))
        .route("/staff/meetings/new", web::get().to(meetings::new))
        .route("/staff/meetings/{id}", web::get().to(meetings::edit))
        .route("/staff/meetings/{id}", web::post().to(meetings::save))
        .route("/staff/meetings/{id}/history", web::get().to(meetings::history))
        .route("/staff/meetings/{id}/preview", web::get().to(meetings::preview))
        .route("/staff/meetings/{id}/verify", web::post().to(meetings::verify))
        .route("/staff/meetings/{id}/archive", web::post().to(meetings::archive))
        .route("/staff/meetings/{id}/restore", web::post().to(meetings::restore))
        .route("/staff/reports", web::get().to(reports::list))
        .route("/staff/reports/{id}", web::post().to(reports::close))
        .route("/staff/users", web::get().to(users::list))
        .route("/staff/users/invite", web::post().to(users::invite))
        .route("/staff/users/{id}/reset", web::post().to(users::reset))
        .route("/staff/links/{id}/revoke", web::post().to(users::revoke));
}

/// What every console page shows around its content.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The words.
    pub w: &'static Words,
    /// The page's title (before the console's name).
    pub title: String,
    /// The signed-in user's email, when signed in.
    pub email: Option<String>,
    /// True for admins (the users page is linked).
    pub admin: bool,
    /// The CSRF token of the page's forms.
    pub csrf: String,
    /// A notice at the top ("Saved.").
    pub notice: Option<String>,
    /// The assets' version.
    pub asset_version: &'static str,
    /// Which navigation entry is current.
    pub section: &'static str,
}

impl Layout {
    /// The layout of a signed-in page.
    pub fn signed(signed: &Signed, title: impl Into<String>, section: &'static str) -> Layout {
        Layout {
            w: &EN,
            title: title.into(),
            email: Some(signed.user.email.clone()),
            admin: signed.user.role == Role::Admin,
            csrf: signed.csrf(),
            notice: None,
            asset_version: crate::assets::version(),
            section,
        }
    }

    /// The layout of a signed-out page whose forms carry `csrf`.
    pub fn signed_out(title: impl Into<String>, csrf: String) -> Layout {
        Layout {
            w: &EN,
            title: title.into(),
            email: None,
            admin: false,
            csrf,
            notice: None,
            asset_version: crate::assets::version(),
            section: "",
        }
    }

    /// This layout with `notice` shown.
    pub fn with_notice(mut self, notice: Option<String>) -> Layout {
        self.notice = notice;
        self
    }
}

/// A page with a heading and a text (forbidden, not found, a refused form).
#[derive(Template)]
#[template(path = "console/message.html")]
pub struct MessagePage {
    /// The surroundings.
    pub layout: Layout,
    /// The text.
    pub text: String,
}

/// An error summary entry: a field's id and its message.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The field's name (its id is [`field_id`] of it).
    pub field: String,
    /// The message, with the field's label in front.
    pub message: String,
}

impl Problem {
    /// The id of the field the entry links to.
    pub fn id(&self) -> String {
        field_id(&self.field)
    }
}

/// The HTML id of the field named `name` (`location.city` → `f-location-city`).
pub fn field_id(name: &str) -> String {
    let mut id = String::from("f-");
    for c in name.chars() {
        id.push(if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' });
    }
    id.trim_end_matches('-').to_string()
}

/// Renders a console page: HTML, never stored by any cache.
pub fn render(page: &impl Template, status: StatusCode) -> Result<HttpResponse, ApiError> {
    let body = page.render().map_err(|e| ApiError::Internal(format!("rendering a page: {e}")))?;
    // `same-origin`, not the site's usual `no-referrer`: under `no-referrer` browsers send
    // `Origin: null` with form posts, and the console checks `Origin`.
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((CACHE_CONTROL, "no-store"))
        .insert_header((REFERRER_POLICY, "same-origin"))
        .body(body))
}

/// A 303 to `to` (after a POST, so a reload does not post again).
pub fn see_other(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((LOCATION, to.to_string()))
        .insert_header((CACHE_CONTROL, "no-store"))
        .finish()
}

/// A 303 to `to` that also sets `cookie`.
pub fn see_other_with_cookie(to: &str, cookie: String) -> HttpResponse {
    let mut response = see_other(to);
    if let Ok(value) = actix_web::http::header::HeaderValue::from_str(&cookie) {
        response.headers_mut().append(SET_COOKIE, value);
    }
    response
}

/// The page for a signed-in page asked for while signed out: back to the sign-in form.
pub fn sign_in_first() -> HttpResponse {
    see_other("/staff/")
}

/// A page with `text` under `title`, answered with `status`.
pub fn message(layout: Layout, text: &str, status: StatusCode) -> Result<HttpResponse, ApiError> {
    render(&MessagePage { layout, text: text.to_string() }, status)
}

/// The 403 page for a refused form.
pub fn refused(signed: Option<&Signed>, _why: Refusal) -> Result<HttpResponse, ApiError> {
    let layout = match signed {
        Some(signed) => Layout::signed(signed, EN.forbidden, ""),
        None => Layout::signed_out(EN.forbidden, String::new()),
    };
    message(layout, EN.stale_form, StatusCode::FORBIDDEN)
}

/// The page for a use case that did not happen for a reason that is not the form's: forbidden
/// (scope, role), not found; anything else stays an error (logged, generic to the user).
pub fn failure(signed: &Signed, error: AppError) -> Result<HttpResponse, ApiError> {
    match error {
        AppError::Forbidden(why) => message(Layout::signed(signed, EN.forbidden, ""), &why, StatusCode::FORBIDDEN),
        AppError::NotFound(_) | AppError::Store(recovery_store::StoreError::NotFound) => not_found(signed),
        other => Err(other.into()),
    }
}

/// The console's 404 page.
pub fn not_found(signed: &Signed) -> Result<HttpResponse, ApiError> {
    message(Layout::signed(signed, EN.not_found, ""), EN.not_found_text, StatusCode::NOT_FOUND)
}

/// A posted form's fields, in order (repeated names kept, for checkboxes).
#[derive(Debug, Clone, Default)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    /// Reads an `application/x-www-form-urlencoded` body.
    pub fn parse(body: &[u8]) -> Fields {
        Fields(form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
    }

    /// The first value of `name`, as sent.
    pub fn raw(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The first value of `name`, trimmed; `None` when absent or blank.
    pub fn get(&self, name: &str) -> Option<String> {
        self.raw(name).map(str::trim).filter(|v| !v.is_empty()).map(str::to_string)
    }

    /// Every non-blank value of `name`.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0.iter().filter(|(k, v)| k == name && !v.trim().is_empty()).map(|(_, v)| v.trim().to_string()).collect()
    }

    /// True when a checkbox named `name` was ticked.
    pub fn ticked(&self, name: &str) -> bool {
        self.0.iter().any(|(k, v)| k == name && !v.is_empty())
    }

    /// The CSRF token sent.
    pub fn csrf(&self) -> Option<&str> {
        self.raw(CSRF_FIELD)
    }
}

/// Checks a signed-in POST: `None` when it may go on, or the 403 page to answer.
pub fn check(state: &AppState, req: &HttpRequest, signed: &Signed, fields: &Fields) -> Option<HttpResponse> {
    session::check_post(state, req, Some(signed), fields.csrf())
        .err()
        .map(|why| refused(Some(signed), why).unwrap_or_else(|e| actix_web::ResponseError::error_response(&e)))
}

/// The signed-in user of `req`; `Err` is the answer for a signed-out request (back to sign in).
pub async fn signed_in(state: &AppState, req: &HttpRequest) -> Result<Result<Signed, HttpResponse>, ApiError> {
    Ok(session::current(state, req).await?.ok_or_else(sign_in_first))
}

/// The first value of query parameter `name` of `req`, if any.
pub fn query(req: &HttpRequest, name: &str) -> Option<String> {
    form_urlencoded::parse(req.query_string().as_bytes()).find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

/// `at` as staff read it: UTC, to the minute.
pub fn when(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// Who `actor` (a change-log actor: a user id or `system:…`) is, by email when known.
pub fn who(actor: &str, users: &[User]) -> String {
    users.iter().find(|u| u.id.to_string() == actor).map_or_else(|| actor.to_string(), |u| u.email.clone())
}

/// The errors of a use case as the summary shows them, labelled by `label`.
pub fn problems(errors: &[FieldError], label: impl Fn(&str) -> &'static str) -> Vec<Problem> {
    errors
        .iter()
        .map(|e| {
            let field = base_field(&e.field);
            let name = label(&field);
            Problem { message: format!("{name}: {}", e.message), field }
        })
        .collect()
}

/// The form field an error names: list positions of types and regions point at the list's one
/// field; contacts keep theirs (each contact has its own fields).
pub fn base_field(field: &str) -> String {
    for list in ["types", "location.regions"] {
        if field.starts_with(list) {
            return list.to_string();
        }
    }
    field.to_string()
}
