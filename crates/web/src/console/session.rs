//! Who is signed in to the console, and whether a form really came from one of our pages.
//!
//! The session is an opaque random token in an `HttpOnly`, `SameSite=Strict` cookie (`Secure`
//! when the public URL is https) scoped to `/staff`; the server keeps only its hash
//! ([`recovery_app::accounts::console`]). Every form carries a CSRF token: for a signed-in
//! user a hash of their session token (so it needs no storage and dies with the session); for
//! the signed-out forms (sign in, choose a password) a random token that a second cookie also
//! carries (double submit). Every POST must also come with our own `Origin`, when the browser
//! sends one, and not be a cross-site request by `Sec-Fetch-Site`.

use actix_web::HttpRequest;
use actix_web::http::header;
use recovery_api::error::ApiError;
use recovery_api::state::AppState;
use recovery_app::accounts::console::{random_token, well_formed};
use recovery_domain::User;
use sha2::{Digest, Sha256};

/// The session cookie.
pub const SESSION_COOKIE: &str = "rd_staff";
/// The signed-out forms' CSRF cookie.
pub const FORM_COOKIE: &str = "rd_staff_form";
/// The form field holding the CSRF token.
pub const CSRF_FIELD: &str = "csrf";

/// A signed-in user and their session.
#[derive(Debug, Clone)]
pub struct Signed {
    /// The user, as stored now.
    pub user: User,
    token: String,
}

impl Signed {
    /// The CSRF token of this session's forms.
    pub fn csrf(&self) -> String {
        csrf_of(&self.token)
    }

    /// The session token (to end the session).
    pub fn token(&self) -> &str {
        &self.token
    }
}

/// The CSRF token of session `token`: not the token, and not usable to find it.
fn csrf_of(token: &str) -> String {
    let digest = Sha256::digest(format!("csrf:{token}").as_bytes());
    hex::encode(&digest[..20])
}

/// The value of cookie `name` in `req`, if it sent one.
pub fn cookie(req: &HttpRequest, name: &str) -> Option<String> {
    req.headers()
        .get_all(header::COOKIE)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_string())
}

/// The signed-in user of `req`, if its session cookie names a live session.
pub async fn current(state: &AppState, req: &HttpRequest) -> Result<Option<Signed>, ApiError> {
    let Some(token) = cookie(req, SESSION_COOKIE).filter(|t| well_formed(t)) else { return Ok(None) };
    Ok(state.session_user(&token).await?.map(|user| Signed { user, token }))
}

/// True when cookies must be `Secure` (the public URL is https).
pub fn secure(state: &AppState) -> bool {
    state.public_url.starts_with("https://")
}

/// The `Set-Cookie` value that stores `value` as cookie `name` for the console.
pub fn set_cookie(state: &AppState, name: &str, value: &str) -> String {
    let secure = if secure(state) { "; Secure" } else { "" };
    format!("{name}={value}; Path=/staff; HttpOnly; SameSite=Strict{secure}")
}

/// The `Set-Cookie` value that removes cookie `name`.
pub fn clear_cookie(state: &AppState, name: &str) -> String {
    let secure = if secure(state) { "; Secure" } else { "" };
    format!("{name}=; Path=/staff; HttpOnly; SameSite=Strict; Max-Age=0{secure}")
}

/// The CSRF token for a signed-out form: the one `req`'s cookie already holds, or a new one
/// (the second value is then the cookie to set).
pub fn form_token(state: &AppState, req: &HttpRequest) -> Result<(String, Option<String>), ApiError> {
    if let Some(token) = cookie(req, FORM_COOKIE).filter(|t| well_formed(t)) {
        return Ok((csrf_of(&token), None));
    }
    let token = random_token()?;
    Ok((csrf_of(&token), Some(set_cookie(state, FORM_COOKIE, &token))))
}

/// Why a POST was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A foreign `Origin` or a cross-site request.
    Origin,
    /// No token, or not the right one.
    Token,
}

/// Checks that a POST came from one of our pages: same origin, and `presented` is the CSRF
/// token of `signed`'s session (or, signed out, of the form cookie).
pub fn check_post(
    state: &AppState,
    req: &HttpRequest,
    signed: Option<&Signed>,
    presented: Option<&str>,
) -> Result<(), Refusal> {
    same_origin(state, req)?;
    let expected = match signed {
        Some(signed) => signed.csrf(),
        None => match cookie(req, FORM_COOKIE).filter(|t| well_formed(t)) {
            Some(token) => csrf_of(&token),
            None => return Err(Refusal::Token),
        },
    };
    match presented {
        Some(presented) if constant_time_eq(presented.as_bytes(), expected.as_bytes()) => Ok(()),
        _ => Err(Refusal::Token),
    }
}

/// `Ok` unless the request says it comes from another site (`Sec-Fetch-Site`, `Origin`).
pub(crate) fn same_origin(state: &AppState, req: &HttpRequest) -> Result<(), Refusal> {
    let headers = req.headers();
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if matches!(fetch_site, Some("cross-site" | "same-site")) {
        return Err(Refusal::Origin);
    }
    let Some(origin) = headers.get(header::ORIGIN) else { return Ok(()) };
    let origin = origin.to_str().map_err(|_| Refusal::Origin)?.trim_end_matches('/');
    // A page under `Referrer-Policy: no-referrer` (the one-time link's page keeps its token out
    // of referrers that way) posts with `Origin: null`; the browser's own `Sec-Fetch-Site`,
    // which no page can forge, still says whether the post came from this site.
    if origin == "null" && fetch_site == Some("same-origin") {
        return Ok(());
    }
    let info = req.connection_info();
    let own = format!("{}://{}", info.scheme(), info.host());
    let public = origin_of(&state.public_url);
    if origin.eq_ignore_ascii_case(&own) || public.is_some_and(|p| origin.eq_ignore_ascii_case(p)) {
        Ok(())
    } else {
        Err(Refusal::Origin)
    }
}

/// The `scheme://host[:port]` part of a URL.
fn origin_of(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once("://")?;
    let end = rest.find('/').map_or(url.len(), |i| scheme.len() + 3 + i);
    Some(&url[..end])
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_and_tokens() {
        assert_eq!(origin_of("https://example.org/path"), Some("https://example.org"));
        assert_eq!(origin_of("http://127.0.0.1:8080"), Some("http://127.0.0.1:8080"));
        assert!(
            constant_time_eq(b"abc", b"abc") && !constant_time_eq(b"abc", b"abd") && !constant_time_eq(b"a", b"ab")
        );
        assert_ne!(csrf_of("a"), csrf_of("b"));
        assert_eq!(csrf_of("a").len(), 40);
    }
}
