//! Conditional GETs: `ETag` and `Last-Modified` on reads, `304 Not Modified` for clients that
//! already hold the current representation.
//!
//! Apps that mirror the directory poll the same URLs again and again; answering "unchanged"
//! without a body saves them and us the bytes. The rules (RFC 9110 §13):
//! - the `ETag` is strong, a hash of the exact body bytes, so two replicas serving the same
//!   data give the same tag;
//! - `If-None-Match` is evaluated when present (weak comparison, `*` matches), and then
//!   `If-Modified-Since` is ignored; otherwise `If-Modified-Since` answers 304 when the
//!   representation has not changed since that (whole-second) date. An unreadable date is
//!   ignored, as the RFC asks;
//! - a 304 carries the same `ETag`, `Last-Modified`, `Cache-Control` and `Vary` as the 200.
//!
//! `Last-Modified` of a single meeting is when its content (or verification) last changed. A
//! list has no such date of its own, so lists use the moment this process first served the
//! current generation of its index: never earlier than the real change, so a stale copy is
//! never declared fresh, though another replica (or a restart) may answer 200 for data that
//! did not change. Changes less than a second apart share a `Last-Modified`; clients that need
//! to tell them apart use `If-None-Match`, which is exact.

use std::sync::{LazyLock, Mutex, PoisonError};
use std::time::SystemTime;

use actix_web::http::header::{self, Header, HeaderValue, HttpDate, IfModifiedSince};
use actix_web::{HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// The credential headers a response may depend on.
pub const VARY_CREDENTIALS: &str = "Authorization, X-API-Key";

/// Who a representation is for, which decides how caches may keep it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The same for every caller (programs, regions).
    Everyone,
    /// The public view of something staff see differently: shared caches may keep it, keyed
    /// by the credential headers.
    Public,
    /// A staff view: only the caller's own cache may keep it.
    Staff,
}

impl Audience {
    /// The public or staff audience, by whether the caller is signed-in staff.
    pub fn of(staff: bool) -> Audience {
        if staff { Audience::Staff } else { Audience::Public }
    }

    fn cache_control(self) -> &'static str {
        match self {
            Audience::Everyone | Audience::Public => "no-cache",
            Audience::Staff => "private, no-cache",
        }
    }
}

/// A strong entity tag (quoted) for a body.
pub fn strong_etag(body: &[u8]) -> String {
    format!("\"{}\"", hex::encode(&Sha256::digest(body)[..16]))
}

/// True when the request's `If-None-Match` lists `etag` or `*` (weak comparison: `W/"x"`
/// matches `"x"`).
pub fn if_none_match(req: &HttpRequest, etag: &str) -> bool {
    req.headers().get_all(header::IF_NONE_MATCH).filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(|tag| {
        let tag = tag.trim();
        tag == "*" || tag.trim_start_matches("W/") == etag
    })
}

/// True when the client's copy (as described by its conditional headers) is current.
pub fn is_fresh(req: &HttpRequest, etag: &str, last_modified: Option<DateTime<Utc>>) -> bool {
    if req.headers().contains_key(header::IF_NONE_MATCH) {
        return if_none_match(req, etag);
    }
    let Some(modified) = last_modified else { return false };
    let Ok(IfModifiedSince(since)) = IfModifiedSince::parse(req) else { return false };
    modified.timestamp() <= DateTime::<Utc>::from(SystemTime::from(since)).timestamp()
}

/// Answers `body` as JSON with validators, or 304 when the client's copy is current.
pub fn json<T: Serialize>(
    req: &HttpRequest,
    body: &T,
    last_modified: Option<DateTime<Utc>>,
    audience: Audience,
) -> Result<HttpResponse, ApiError> {
    let bytes = serde_json::to_vec(body).map_err(|e| ApiError::Internal(format!("could not write JSON: {e}")))?;
    let etag = strong_etag(&bytes);
    let fresh = is_fresh(req, &etag, last_modified);
    let mut response = if fresh { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    response
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static(audience.cache_control())));
    if let Some(modified) = last_modified {
        response.insert_header(header::LastModified(HttpDate::from(SystemTime::from(modified))));
    }
    if audience != Audience::Everyone {
        response.insert_header((header::VARY, HeaderValue::from_static(VARY_CREDENTIALS)));
    }
    if fresh {
        return Ok(response.finish());
    }
    Ok(response.content_type("application/json").body(bytes))
}

/// The index generation this process serves, and when it first served it.
static GENERATION_SEEN: LazyLock<Mutex<(u64, DateTime<Utc>)>> = LazyLock::new(|| Mutex::new((0, Utc::now())));

/// When this process first answered with index generation `generation`: the `Last-Modified`
/// of lists built from the index (see the module doc). An older generation (a request that
/// read the index just before a change) gets the time of the newest one seen, which is later
/// than its real change, so still safe.
pub fn generation_seen_at(generation: u64) -> DateTime<Utc> {
    let mut seen = GENERATION_SEEN.lock().unwrap_or_else(PoisonError::into_inner);
    if generation > seen.0 {
        *seen = (generation, Utc::now());
    }
    seen.1
}

/// When this process started serving: the `Last-Modified` of what is built into it.
pub fn started_at() -> DateTime<Utc> {
    static STARTED: LazyLock<DateTime<Utc>> = LazyLock::new(Utc::now);
    *STARTED
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::body::MessageBody;
    use actix_web::test::TestRequest;
    use chrono::TimeDelta;

    fn date(t: DateTime<Utc>) -> String {
        HttpDate::from(SystemTime::from(t)).to_string()
    }

    #[test]
    fn if_none_match_wins_over_if_modified_since() {
        let modified = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let later = date(modified + TimeDelta::seconds(5));
        let earlier = date(modified - TimeDelta::seconds(5));
        let req = |headers: &[(&str, &str)]| {
            headers.iter().fold(TestRequest::get(), |r, (k, v)| r.insert_header((*k, *v))).to_http_request()
        };
        let etag = "\"abc\"";
        assert!(is_fresh(&req(&[("if-none-match", "\"abc\"")]), etag, Some(modified)));
        assert!(is_fresh(&req(&[("if-none-match", "\"x\", W/\"abc\"")]), etag, None));
        assert!(is_fresh(&req(&[("if-none-match", "*")]), etag, None));
        assert!(!is_fresh(&req(&[("if-none-match", "\"x\""), ("if-modified-since", &later)]), etag, Some(modified)));
        assert!(is_fresh(&req(&[("if-none-match", "\"abc\""), ("if-modified-since", &earlier)]), etag, Some(modified)));
        assert!(is_fresh(&req(&[("if-modified-since", &later)]), etag, Some(modified)));
        assert!(is_fresh(&req(&[("if-modified-since", &date(modified))]), etag, Some(modified)));
        assert!(!is_fresh(&req(&[("if-modified-since", &earlier)]), etag, Some(modified)));
        assert!(!is_fresh(&req(&[("if-modified-since", "yesterday")]), etag, Some(modified)));
        assert!(!is_fresh(&req(&[("if-modified-since", &later)]), etag, None));
        assert!(!is_fresh(&req(&[]), etag, Some(modified)));
    }

    #[test]
    fn responses_carry_validators_and_304s_no_body() {
        let body = serde_json::json!({"a": 1});
        let modified = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let ok = json(&TestRequest::get().to_http_request(), &body, Some(modified), Audience::Staff).unwrap();
        assert_eq!(ok.status(), 200);
        let etag = ok.headers().get(header::ETAG).unwrap().to_str().unwrap().to_string();
        assert_eq!(etag, strong_etag(br#"{"a":1}"#));
        assert_eq!(ok.headers().get(header::CACHE_CONTROL).unwrap(), "private, no-cache");
        assert_eq!(ok.headers().get(header::VARY).unwrap(), VARY_CREDENTIALS);
        assert_eq!(ok.headers().get(header::LAST_MODIFIED).unwrap().to_str().unwrap(), date(modified));

        let req = TestRequest::get().insert_header((header::IF_NONE_MATCH, etag.as_str())).to_http_request();
        let not_modified = json(&req, &body, Some(modified), Audience::Everyone).unwrap();
        assert_eq!(not_modified.status(), 304);
        assert_eq!(not_modified.headers().get(header::ETAG).unwrap().to_str().unwrap(), etag);
        assert!(not_modified.headers().get(header::VARY).is_none());
        assert_eq!(not_modified.into_body().size(), actix_web::body::BodySize::Sized(0));
    }

    #[test]
    fn generations_are_dated_when_first_seen() {
        let first = generation_seen_at(1_000_000);
        assert_eq!(generation_seen_at(1_000_000), first);
        assert_eq!(generation_seen_at(999_999), first, "an older generation gets the newest time");
        assert!(generation_seen_at(1_000_001) >= first);
    }
}
