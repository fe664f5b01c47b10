//! Rate limiting on every route but the probes, with `governor`'s GCRA buckets.
//!
//! Who a request counts against is decided here, before any handler runs:
//! - an API key (checked against the store or the key cache; an unknown or revoked key is a
//!   401, counted against the client's address so keys cannot be guessed at speed): its own
//!   bucket, at the key's `rate_limit_per_minute` or the authenticated limit;
//! - a valid staff access token: the user's bucket, at the authenticated limit;
//! - anyone else: the client address's bucket (IPv6 by /64, since one client usually holds a
//!   whole /64), at the anonymous limit; routes in [`OWN_BUCKETS`] have a bucket of their own.
//!
//! Every limited answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`
//! (seconds until the bucket is full again; IETF httpapi draft); a 429 also `Retry-After`.
//! A key is read-only: any write with one is a 403 here, for every route, present or future,
//! but the writes anyone may make (a report, signing in), where the key is checked and then
//! counts as the anonymous caller it stands for, in the route's own bucket.
//!
//! Buckets live in memory, so limits are per replica. The address is the TCP peer: behind a
//! reverse proxy every anonymous caller shares the proxy's address (and its bucket).
//! (`actix-governor` was considered: its key extraction is synchronous, so it cannot check a
//! key against the store, it has one quota per middleware, and it writes `x-ratelimit-*`.)

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, ResponseError, web};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use recovery_domain::UserId;
use recovery_store::ApiKeyId;

use crate::settings::rate_limits::RateLimitSettings;
use recovery_api::auth::api_key::{API_KEY_HEADER, ApiKeyCache, VerifiedApiKey};
use recovery_api::auth::extractor::{Credential, credential};
use recovery_api::error::ApiError;
use recovery_api::openapi::EXEMPT;
use recovery_api::routes::public::is_open_write;
use recovery_api::state::AppState;

/// `RateLimit-Limit`: the bucket's size, in requests.
pub const RATELIMIT_LIMIT: HeaderName = HeaderName::from_static("ratelimit-limit");
/// `RateLimit-Remaining`: requests left in the bucket.
pub const RATELIMIT_REMAINING: HeaderName = HeaderName::from_static("ratelimit-remaining");
/// `RateLimit-Reset`: seconds until the bucket is full again.
pub const RATELIMIT_RESET: HeaderName = HeaderName::from_static("ratelimit-reset");

/// Anonymous requests that count in a bucket of their own, by method, path and bucket name,
/// rather than in the address's general one; routes naming the same bucket share it (the
/// resident's report form and `POST /v1/reports` are one bucket).
pub const OWN_BUCKETS: [(&str, &str, &str); 2] = [("POST", "/v1/reports", "reports"), ("POST", "/report", "reports")];

/// How often idle buckets are dropped.
pub const PRUNE_INTERVAL: Duration = Duration::from_secs(60);

/// What a bucket is kept for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Bucket {
    /// An anonymous client address.
    Address(IpAddr),
    /// An anonymous client address, on the routes of one bucket of [`OWN_BUCKETS`] (its name).
    Route(&'static str, IpAddr),
    /// A signed-in staff user.
    User(UserId),
    /// An API key.
    Key(ApiKeyId),
}

type Limiter = RateLimiter<Bucket, DefaultKeyedStateStore<Bucket>, DefaultClock, StateInformationMiddleware>;

/// A rate-limiting decision, and what the headers say about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// No limit applies (a limit of 0).
    Unlimited,
    /// Let through.
    Allowed {
        /// The bucket's size.
        limit: u32,
        /// Requests left after this one.
        remaining: u32,
        /// Seconds until the bucket is full again.
        reset: u64,
    },
    /// Refused with 429.
    Denied {
        /// The bucket's size.
        limit: u32,
        /// Seconds until one request is let through again.
        retry_after: u64,
        /// Seconds until the bucket is full again.
        reset: u64,
    },
}

impl Outcome {
    /// Writes the `RateLimit-*` headers.
    pub fn write_headers(&self, headers: &mut HeaderMap) {
        let (limit, remaining, reset) = match *self {
            Outcome::Unlimited => return,
            Outcome::Allowed { limit, remaining, reset } => (limit, remaining, reset),
            Outcome::Denied { limit, reset, .. } => (limit, 0, reset),
        };
        headers.insert(RATELIMIT_LIMIT, HeaderValue::from(limit));
        headers.insert(RATELIMIT_REMAINING, HeaderValue::from(remaining));
        headers.insert(RATELIMIT_RESET, HeaderValue::from(reset));
    }
}

/// Every bucket of this process, one keyed limiter per distinct per-minute rate.
pub struct RateLimits {
    settings: RateLimitSettings,
    limiters: RwLock<HashMap<NonZeroU32, Arc<Limiter>>>,
}

impl std::fmt::Debug for RateLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimits").field("settings", &self.settings).finish_non_exhaustive()
    }
}

impl RateLimits {
    /// Empty buckets for these limits.
    pub fn new(settings: RateLimitSettings) -> RateLimits {
        RateLimits { settings, limiters: RwLock::new(HashMap::new()) }
    }

    /// Takes one request from `bucket`, which holds `per_minute` (0: unlimited).
    fn check(&self, bucket: &Bucket, per_minute: u32) -> Outcome {
        let Some(rate) = NonZeroU32::new(per_minute) else { return Outcome::Unlimited };
        let limiter = self.limiter(rate);
        let interval = Quota::per_minute(rate).replenish_interval();
        let full_in = |missing: u32, extra: Duration| ceil_secs(interval * missing + extra);
        match limiter.check_key(bucket) {
            Ok(state) => {
                let remaining = state.remaining_burst_capacity();
                Outcome::Allowed {
                    limit: per_minute,
                    remaining,
                    reset: full_in(per_minute - remaining, Duration::ZERO),
                }
            }
            Err(not_until) => {
                let wait = not_until.wait_time_from(limiter.clock().now());
                Outcome::Denied {
                    limit: per_minute,
                    retry_after: ceil_secs(wait).max(1),
                    reset: full_in(per_minute - 1, wait).max(1),
                }
            }
        }
    }

    fn limiter(&self, rate: NonZeroU32) -> Arc<Limiter> {
        if let Some(limiter) = self.limiters.read().unwrap_or_else(PoisonError::into_inner).get(&rate) {
            return limiter.clone();
        }
        let mut limiters = self.limiters.write().unwrap_or_else(PoisonError::into_inner);
        limiters
            .entry(rate)
            .or_insert_with(|| {
                Arc::new(RateLimiter::keyed(Quota::per_minute(rate)).with_middleware::<StateInformationMiddleware>())
            })
            .clone()
    }

    /// Forgets buckets that are full again (an idle caller is as good as a new one), so memory
    /// stays bounded by the callers of the last minute or so.
    pub fn prune(&self) {
        for limiter in self.limiters.read().unwrap_or_else(PoisonError::into_inner).values() {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }

    /// How many buckets are held (for tests and metrics).
    pub fn buckets(&self) -> usize {
        self.limiters.read().unwrap_or_else(PoisonError::into_inner).values().map(|l| l.len()).sum()
    }
}

fn ceil_secs(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

/// Prunes the buckets and the key cache every [`PRUNE_INTERVAL`], for as long as the server runs.
pub fn spawn_pruning(limits: web::Data<RateLimits>, keys: web::Data<ApiKeyCache>) {
    actix_web::rt::spawn(async move {
        loop {
            actix_web::rt::time::sleep(PRUNE_INTERVAL).await;
            limits.prune();
            keys.prune();
        }
    });
}

/// Who a request counts against.
#[derive(Debug, Clone)]
enum Caller {
    Anonymous,
    Staff(UserId),
    ApiKey(VerifiedApiKey),
}

/// The bucket key of a client address: IPv4 as is (also when mapped into IPv6), IPv6 by /64.
fn address_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(Ipv6Addr::from(v6.to_bits() & !((1u128 << 64) - 1))),
        },
    }
}

/// Works out the caller; an API key that does not check out is the error.
async fn identify(req: &ServiceRequest, state: &web::Data<AppState>, keys: &ApiKeyCache) -> Result<Caller, ApiError> {
    match credential(req.headers()) {
        Ok(None) => Ok(Caller::Anonymous),
        // An invalid token counts as anonymous here; the route's extractor answers 401 for it.
        Ok(Some(Credential::Token(token))) => Ok(state
            .keys
            .verify(&token)
            .and_then(|claims| claims.sub.parse().ok())
            .map_or(Caller::Anonymous, Caller::Staff)),
        Ok(Some(Credential::ApiKey(key))) => Ok(Caller::ApiKey(keys.verify(state, &key).await?)),
        Err(e) if req.headers().contains_key(API_KEY_HEADER) => Err(e),
        Err(_) => Ok(Caller::Anonymous),
    }
}

/// The middleware: identifies the caller, takes from its bucket, refuses writes with a key.
pub async fn enforce(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody + 'static, BoxBody>>, Error> {
    let path = req.path();
    let (Some(limits), Some(state), Some(keys)) = (
        req.app_data::<web::Data<RateLimits>>().cloned(),
        req.app_data::<web::Data<AppState>>().cloned(),
        req.app_data::<web::Data<ApiKeyCache>>().cloned(),
    ) else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    if EXEMPT.contains(&path) {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    let settings = limits.settings;
    let address = address_key(req.peer_addr().map_or(IpAddr::from([0, 0, 0, 0]), |a| a.ip()));
    let caller = match identify(&req, &state, &keys).await {
        Ok(caller) => caller,
        Err(problem) => {
            let outcome = limits.check(&Bucket::Address(address), settings.anonymous_per_minute);
            return Ok(refuse(req, problem, outcome));
        }
    };
    let method = req.method().clone();
    let open_write = is_open_write(&method, path);
    let (bucket, per_minute) = match &caller {
        // An app relaying a resident's report: the resident's address is what is limited.
        Caller::ApiKey(_) if open_write => anonymous_bucket(&method, path, address, &settings),
        Caller::ApiKey(key) => {
            (Bucket::Key(key.id), key.rate_limit_per_minute.unwrap_or(settings.authenticated_per_minute))
        }
        Caller::Staff(user) => (Bucket::User(*user), settings.authenticated_per_minute),
        Caller::Anonymous => anonymous_bucket(&method, path, address, &settings),
    };
    let outcome = limits.check(&bucket, per_minute);
    if let Outcome::Denied { retry_after, .. } = outcome {
        return Ok(refuse(req, ApiError::TooManyRequests(retry_after), outcome));
    }
    if let Caller::ApiKey(key) = caller {
        if !open_write && !matches!(method, Method::GET | Method::HEAD | Method::OPTIONS) {
            let problem = ApiError::Forbidden("API keys are read-only: writes need a staff access token".into());
            return Ok(refuse(req, problem, outcome));
        }
        req.extensions_mut().insert(key);
    }
    let mut response = next.call(req).await?;
    outcome.write_headers(response.headers_mut());
    Ok(response.map_into_left_body())
}

/// The bucket an anonymous request counts in: its route's own, or its address's.
fn anonymous_bucket(method: &Method, path: &str, address: IpAddr, settings: &RateLimitSettings) -> (Bucket, u32) {
    match OWN_BUCKETS.iter().find(|(m, p, _)| method.as_str() == *m && path == *p) {
        Some((_, _, name)) => (Bucket::Route(name, address), settings.reports_per_minute),
        None => (Bucket::Address(address), settings.anonymous_per_minute),
    }
}

/// Answers `problem` without calling the route, with the bucket's headers (a 429 on the
/// resident's pages is an HTML page in their language).
fn refuse<B>(req: ServiceRequest, problem: ApiError, outcome: Outcome) -> ServiceResponse<EitherBody<B, BoxBody>> {
    let page = match &problem {
        ApiError::TooManyRequests(secs) if super::security_headers::is_page(req.path()) => {
            recovery_web::too_many(req.request()).ok().map(|mut page| {
                page.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(*secs));
                page
            })
        }
        _ => None,
    };
    let mut response = page.unwrap_or_else(|| problem.error_response());
    outcome.write_headers(response.headers_mut());
    debug_assert!(response.status() != StatusCode::OK);
    req.into_response(response).map_into_right_body()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(anonymous: u32) -> RateLimits {
        RateLimits::new(RateLimitSettings {
            anonymous_per_minute: anonymous,
            authenticated_per_minute: 600,
            reports_per_minute: 10,
        })
    }

    #[test]
    fn a_bucket_empties_then_refuses_with_a_wait() {
        let limits = limits(3);
        let bucket = Bucket::Address(IpAddr::from([192, 0, 2, 1]));
        let remaining: Vec<_> = (0..3)
            .map(|_| match limits.check(&bucket, 3) {
                Outcome::Allowed { remaining, limit: 3, reset } => {
                    assert!((1..=60).contains(&reset), "{reset}");
                    remaining
                }
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(remaining, [2, 1, 0]);
        match limits.check(&bucket, 3) {
            Outcome::Denied { limit: 3, retry_after, reset } => {
                assert!((1..=20).contains(&retry_after), "{retry_after}");
                assert!(reset >= retry_after && reset <= 60, "{reset}");
            }
            other => panic!("{other:?}"),
        }
        let other = Bucket::Address(IpAddr::from([192, 0, 2, 2]));
        assert!(matches!(limits.check(&other, 3), Outcome::Allowed { remaining: 2, .. }));
        assert!(matches!(
            limits.check(&Bucket::Route("reports", IpAddr::from([192, 0, 2, 1])), 3),
            Outcome::Allowed { .. }
        ));
        assert_eq!(limits.check(&bucket, 0), Outcome::Unlimited);
        assert_eq!(limits.buckets(), 3);
    }

    #[test]
    fn ipv6_clients_share_a_bucket_per_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(address_key(a), address_key(b));
        assert_ne!(address_key(a), address_key(c));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(address_key(mapped), IpAddr::from([192, 0, 2, 7]));
    }
}
