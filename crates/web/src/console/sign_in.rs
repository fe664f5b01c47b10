//! Signing in and out, changing one's own password, and the one-time links through which an
//! invited user (or one an admin reset) chooses a password. Sign-in goes through the same use
//! case, accounts, lockout and password rules as `POST /v1/auth/token`.

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderValue, SET_COOKIE};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use recovery_api::auth::throttle;
use recovery_api::error::ApiError;
use recovery_api::state::AppState;
use recovery_app::AppError;
use recovery_app::accounts::{PasswordChange, SignIn};
use recovery_domain::user::LinkRefusal;

use super::session::{self, FORM_COOKIE, SESSION_COOKIE, Signed};
use super::text::EN;
use super::{Fields, Layout, Problem, check, message, refused, render, see_other_with_cookie, signed_in};

/// The sign-in page.
#[derive(Template)]
#[template(path = "console/sign_in.html")]
pub struct SignInPage {
    /// The surroundings.
    pub layout: Layout,
    /// Problems to show.
    pub problems: Vec<Problem>,
    /// The email typed.
    pub email: String,
}

/// A page that sets a password: one's own (with the current one), or through a link.
#[derive(Template)]
#[template(path = "console/password.html")]
pub struct PasswordPage {
    /// The surroundings.
    pub layout: Layout,
    /// Problems to show.
    pub problems: Vec<Problem>,
    /// A line above the form.
    pub intro: Option<String>,
    /// Where the form posts.
    pub action: String,
    /// The account's email (for password managers), on a link's page.
    pub account: Option<String>,
    /// True when the current password is asked for.
    pub ask_current: bool,
    /// The new password's field name (`new_password`, or `password` on a link's page).
    pub new_field: &'static str,
}

/// The sign-in form, with `problems` and the email typed; sets the form cookie when needed.
pub fn sign_in_page(
    state: &AppState,
    req: &HttpRequest,
    problems: Vec<Problem>,
    email: String,
    status: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let (csrf, cookie) = session::form_token(state, req)?;
    let page = SignInPage { layout: Layout::signed_out(EN.sign_in, csrf), problems, email };
    let mut response = render(&page, status)?;
    if let Some(cookie) = cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
    Ok(response)
}

/// `POST /staff/sign-in`.
pub async fn sign_in(state: web::Data<AppState>, req: HttpRequest, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let fields = Fields::parse(&body);
    if let Err(why) = session::check_post(&state, &req, None, fields.csrf()) {
        return refused(None, why);
    }
    let email = fields.get("email").unwrap_or_default();
    let password = fields.raw("password").unwrap_or_default().to_string();
    let refusal = |text: &str| vec![Problem { field: "email".into(), message: text.to_string() }];
    match state.sign_in(&email, &password, &throttle::attempt(&email, &req)).await? {
        SignIn::Signed(user) => {
            let token = state.start_session(user.id).await?;
            let mut response = see_other_with_cookie("/staff/", session::set_cookie(&state, SESSION_COOKIE, &token));
            if let Ok(clear) = HeaderValue::from_str(&session::clear_cookie(&state, FORM_COOKIE)) {
                response.headers_mut().append(SET_COOKIE, clear);
            }
            Ok(response)
        }
        SignIn::Refused => sign_in_page(&state, &req, refusal(EN.sign_in_refused), email, StatusCode::UNAUTHORIZED),
        SignIn::Locked(_) => {
            sign_in_page(&state, &req, refusal(EN.sign_in_locked), email, StatusCode::TOO_MANY_REQUESTS)
        }
    }
}

/// `POST /staff/sign-out`: ends the session (the cookie goes too).
pub async fn sign_out(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let signed = match signed_in(&state, &req).await? {
        Ok(signed) => signed,
        Err(_) => return Ok(see_other_with_cookie("/staff/", session::clear_cookie(&state, SESSION_COOKIE))),
    };
    if let Some(refusal) = check(&state, &req, &signed, &Fields::parse(&body)) {
        return Ok(refusal);
    }
    state.end_session(signed.token()).await?;
    Ok(see_other_with_cookie("/staff/", session::clear_cookie(&state, SESSION_COOKIE)))
}

fn own_password_page(signed: &Signed, problems: Vec<Problem>, notice: Option<String>) -> PasswordPage {
    PasswordPage {
        layout: Layout::signed(signed, EN.change_password, "password").with_notice(notice),
        problems,
        intro: None,
        action: "/staff/password".into(),
        account: Some(signed.user.email.clone()),
        ask_current: true,
        new_field: "new_password",
    }
}

/// `GET /staff/password`.
pub async fn password_page(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let signed = signed_in_or_return!(state, req);
    let notice = super::query(&req, "done").map(|_| EN.password_changed.to_string());
    render(&own_password_page(&signed, Vec::new(), notice), StatusCode::OK)
}

/// `POST /staff/password`: changes one's own password through the same use case as
/// `POST /v1/auth/password` (the throttle counts a wrong current password). Every session of
/// the user ends; this browser gets a new one.
pub async fn change_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let (signed, fields) = posted_or_return!(state, req, body);
    let current = fields.raw("current_password").unwrap_or_default();
    let new = fields.raw("new_password").unwrap_or_default();
    let attempt = throttle::attempt(&signed.user.email, &req);
    let problem = |field: &str, message: &str| vec![Problem { field: field.into(), message: message.into() }];
    let problems = match state.change_password(signed.user.id, &attempt, current, new).await {
        Ok(PasswordChange::Changed) => {
            let token = state.start_session(signed.user.id).await?;
            let cookie = session::set_cookie(&state, SESSION_COOKIE, &token);
            return Ok(see_other_with_cookie("/staff/password?done=1", cookie));
        }
        Ok(PasswordChange::WrongPassword) => problem("current_password", EN.wrong_password),
        Ok(PasswordChange::Locked(_)) => problem("current_password", EN.sign_in_locked),
        Err(AppError::Invalid(errors)) => super::problems(&errors.0, |_| EN.new_password),
        Err(e) => return Err(e.into()),
    };
    render(&own_password_page(&signed, problems, None), StatusCode::UNPROCESSABLE_ENTITY)
}

fn link_refused(refusal: LinkRefusal) -> Result<HttpResponse, ApiError> {
    let text = if refusal == LinkRefusal::Expired { EN.link_expired } else { EN.link_unusable };
    message(Layout::signed_out(EN.choose_password, String::new()), text, StatusCode::NOT_FOUND)
}

fn link_page_for(csrf: String, token: &str, email: String, problems: Vec<Problem>) -> PasswordPage {
    PasswordPage {
        layout: Layout::signed_out(EN.choose_password, csrf),
        problems,
        intro: Some(EN.choose_password_text.to_string()),
        action: format!("/staff/link/{token}"),
        account: Some(email),
        ask_current: false,
        new_field: "password",
    }
}

/// `GET /staff/link/{token}`: the form to choose a password, if the link still works.
pub async fn link_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let link = match state.check_link(&token).await? {
        Ok(link) => link,
        Err(refusal) => return link_refused(refusal),
    };
    let (csrf, cookie) = session::form_token(&state, &req)?;
    let mut response = render(&link_page_for(csrf, &token, link.user.email, Vec::new()), StatusCode::OK)?;
    if let Some(cookie) = cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
    response.headers_mut().insert(actix_web::http::header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    Ok(response)
}

/// `POST /staff/link/{token}`: sets the password, uses the link up, and signs the user in.
pub async fn use_link(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let fields = Fields::parse(&body);
    if let Err(why) = session::check_post(&state, &req, None, fields.csrf()) {
        return refused(None, why);
    }
    let password = fields.raw("password").unwrap_or_default();
    match state.redeem_link(&token, password).await {
        Ok(Ok(user)) => {
            let session_token = state.start_session(user.id).await?;
            let mut response =
                see_other_with_cookie("/staff/", session::set_cookie(&state, SESSION_COOKIE, &session_token));
            if let Ok(clear) = HeaderValue::from_str(&session::clear_cookie(&state, FORM_COOKIE)) {
                response.headers_mut().append(SET_COOKIE, clear);
            }
            Ok(response)
        }
        Ok(Err(refusal)) => link_refused(refusal),
        Err(AppError::Invalid(errors)) => {
            let link = match state.check_link(&token).await? {
                Ok(link) => link,
                Err(refusal) => return link_refused(refusal),
            };
            let problems = super::problems(&errors.0, |_| EN.new_password);
            let (csrf, _) = session::form_token(&state, &req)?;
            render(&link_page_for(csrf, &token, link.user.email, problems), StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(e.into()),
    }
}
