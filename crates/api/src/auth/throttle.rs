//! Sign-in throttling: failed sign-ins counted in the database per account and per client
//! address, so the limit holds across replicas.
//!
//! After [`POLICY`]'s five failures within fifteen minutes, a key is locked for fifteen
//! minutes: sign-ins with it are answered 429 with `Retry-After`, even with the right
//! password. The account key is the lowercased email whether or not such an account exists,
//! and locked answers never look at the account, so they are identical for real and unknown
//! accounts. A successful sign-in clears the account's counter (not the address's).
//!
//! The client address is the TCP peer (`HttpRequest::peer_addr`), never `X-Forwarded-For`,
//! which any client can write. Behind a reverse proxy every client has the proxy's address.
//! IPv6 addresses count by /64, since one client usually holds a whole /64.
//!
//! Keys are stored as SHA-256 hashes: someone who types a password into the email field does
//! not leave it in the table in clear. Passwords are never part of a key.

use std::net::{IpAddr, Ipv6Addr};

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use chrono::{DateTime, TimeDelta, Utc};
use recovery_store::ThrottlePolicy;
use sha2::{Digest, Sha256};

use crate::error::{ApiError, PROBLEM_JSON, Problem, blocking};
use crate::state::AppState;

/// Five failures within fifteen minutes lock a key for fifteen minutes.
pub const POLICY: ThrottlePolicy =
    ThrottlePolicy { max_failures: 5, window: TimeDelta::minutes(15), lockout: TimeDelta::minutes(15) };

/// The throttle keys of one sign-in attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptKeys {
    /// The account asked for (whether or not it exists).
    pub account: String,
    /// The client's address.
    pub address: String,
}

impl AttemptKeys {
    /// The keys of an attempt to sign in as `email` from `req`'s peer.
    pub fn new(email: &str, req: &HttpRequest) -> AttemptKeys {
        let address = req.peer_addr().map_or_else(|| "unknown".to_string(), |peer| address_of(peer.ip()));
        AttemptKeys { account: key("account", &email.trim().to_lowercase()), address: key("address", &address) }
    }

    fn both(&self) -> [&str; 2] {
        [&self.account, &self.address]
    }
}

fn key(kind: &str, value: &str) -> String {
    format!("{kind}:{}", hex::encode(Sha256::digest(value.as_bytes())))
}

/// An address as counted: IPv4 (or IPv4-mapped IPv6) whole, other IPv6 by its /64.
fn address_of(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{}/64", Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

/// When `keys` may try again, if either is locked now.
pub async fn locked_until(state: &AppState, keys: &AttemptKeys) -> Result<Option<DateTime<Utc>>, ApiError> {
    let (store, keys) = (state.store().clone(), keys.clone());
    blocking(move || store.sign_in_locked_until(&keys.both(), Utc::now())).await
}

/// Counts a failed attempt against both keys.
pub async fn record_failure(state: &AppState, keys: &AttemptKeys) -> Result<(), ApiError> {
    let (store, keys) = (state.store().clone(), keys.clone());
    blocking(move || store.record_sign_in_failure(&keys.both(), POLICY, Utc::now())).await?;
    Ok(())
}

/// Forgets the account's failures after a successful sign-in.
pub async fn clear_account(state: &AppState, keys: &AttemptKeys) -> Result<(), ApiError> {
    let (store, account) = (state.store().clone(), keys.account.clone());
    blocking(move || store.clear_sign_in_failures(&account)).await
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_count_whole_or_by_64() {
        assert_eq!(address_of("192.0.2.7".parse().unwrap()), "192.0.2.7");
        assert_eq!(address_of("::ffff:192.0.2.7".parse().unwrap()), "192.0.2.7");
        assert_eq!(address_of("2001:db8:1:2:3:4:5:6".parse().unwrap()), "2001:db8:1:2::/64");
        assert_eq!(address_of("2001:db8:1:2:ffff::1".parse().unwrap()), "2001:db8:1:2::/64");
    }

    #[test]
    fn keys_hide_what_they_count() {
        let a = key("account", "ann@example.org");
        assert!(a.starts_with("account:") && !a.contains("ann"), "{a}");
        assert_eq!(a, key("account", "ann@example.org"));
        assert_ne!(a, key("address", "ann@example.org"));
    }
}
