//! Sign-in throttling as the API answers it: the attempt's keys from the request (the TCP peer,
//! never `X-Forwarded-For`, which any client can write; behind a reverse proxy every client has
//! the proxy's address), and the 429 for a locked attempt. The counting is the application
//! layer's (`recovery_app::accounts`).

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use recovery_app::accounts::Attempt;

use crate::error::{PROBLEM_JSON, Problem};

/// The attempt to sign in as `email` from `req`'s peer.
pub fn attempt(email: &str, req: &HttpRequest) -> Attempt {
    Attempt::new(email, req.peer_addr().map(|peer| peer.ip()))
}

/// The 429 for a locked key: `Retry-After` says when to come back; the body is the same for
/// every locked attempt (no account, no countdown in it), so it tells nothing about the account.
pub fn locked_response(until: DateTime<Utc>) -> HttpResponse {
    let wait = (until - Utc::now()).num_milliseconds().max(0);
    let seconds = (wait + 999) / 1000;
    let problem = Problem {
        kind: "about:blank".to_string(),
        title: "Too Many Requests".to_string(),
        status: 429,
        detail: "too many failed sign-ins; try again after the time in Retry-After".to_string(),
        errors: Vec::new(),
    };
    HttpResponse::TooManyRequests()
        .insert_header((header::RETRY_AFTER, seconds.max(1).to_string()))
        .content_type(PROBLEM_JSON)
        .json(problem)
}
