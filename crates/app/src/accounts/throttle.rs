//! Sign-in throttling: failed sign-ins counted in the database per account and per client
//! address, so the limit holds across replicas.
//!
//! After [`POLICY`]'s five failures within fifteen minutes, a key is locked for fifteen
//! minutes: sign-ins with it are refused, even with the right password. The account key is the
//! lowercased email whether or not such an account exists, and a locked attempt never looks at
//! the account, so it is answered the same for real and unknown accounts. A successful sign-in
//! clears the account's counter (not the address's).
//!
//! The address is the one the surface trusts (the TCP peer, never a header any client can
//! write). IPv6 addresses count by /64, since one client usually holds a whole /64. Keys are
//! stored as SHA-256 hashes: someone who types a password into the email field does not leave
//! it in the table in clear. Passwords are never part of a key.

use std::net::{IpAddr, Ipv6Addr};

use chrono::{DateTime, TimeDelta, Utc};
use recovery_store::ThrottlePolicy;
use sha2::{Digest, Sha256};

use crate::{AppError, Directory};

/// Five failures within fifteen minutes lock a key for fifteen minutes.
pub const POLICY: ThrottlePolicy =
    ThrottlePolicy { max_failures: 5, window: TimeDelta::minutes(15), lockout: TimeDelta::minutes(15) };

/// The throttle keys of one sign-in attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// The account asked for (whether or not it exists).
    account: String,
    /// The client's address.
    address: String,
}

impl Attempt {
    /// An attempt to sign in as `email` from `address` (`None` when the surface cannot tell).
    pub fn new(email: &str, address: Option<IpAddr>) -> Attempt {
        let address = address.map_or_else(|| "unknown".to_string(), address_of);
        Attempt { account: key("account", &email.trim().to_lowercase()), address: key("address", &address) }
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

impl Directory {
    /// When `attempt` may try again, if either of its keys is locked now.
    pub async fn sign_in_locked_until(&self, attempt: &Attempt) -> Result<Option<DateTime<Utc>>, AppError> {
        let attempt = attempt.clone();
        self.read(move |store| store.sign_in_locked_until(&attempt.both(), Utc::now())).await
    }

    /// Counts a failed attempt against both its keys.
    pub async fn record_sign_in_failure(&self, attempt: &Attempt) -> Result<(), AppError> {
        let attempt = attempt.clone();
        self.read(move |store| store.record_sign_in_failure(&attempt.both(), POLICY, Utc::now())).await?;
        Ok(())
    }

    /// Forgets the account's failures after a successful sign-in.
    pub async fn clear_sign_in_failures(&self, attempt: &Attempt) -> Result<(), AppError> {
        let account = attempt.account.clone();
        self.read(move |store| store.clear_sign_in_failures(&account)).await
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
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
