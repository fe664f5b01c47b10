//! Name resolution that refuses non-public addresses. reqwest connects only to what its
//! resolver returns, so checking here (and not before the request) closes the gap where a name
//! resolves to a public address when checked and to a private one when connected.

use std::net::{IpAddr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use super::address::{is_allowed, non_public};

/// A resolver that refuses names leading to addresses the policy does not allow.
#[derive(Debug, Clone)]
pub(crate) struct CheckingResolver {
    /// None lets every address through (the operator's `any` policy).
    pub(crate) allowed: Option<Vec<ipnet::IpNet>>,
}

/// A host that is (or resolves to) an address the policy refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{host} is at {address}, a {what} address")]
pub(crate) struct Refused {
    /// The host as written in the URL.
    pub(crate) host: String,
    /// The address refused.
    pub(crate) address: IpAddr,
    /// What kind of address it is.
    pub(crate) what: &'static str,
}

/// A host name that does not resolve.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot resolve {0}")]
pub(crate) struct Unresolved(pub(crate) String);

impl CheckingResolver {
    /// `Err` when `ip` (reached through `host`) is refused.
    pub(crate) fn check(&self, host: &str, ip: IpAddr) -> Result<(), Refused> {
        let Some(allowed) = &self.allowed else { return Ok(()) };
        match non_public(ip) {
            Some(what) if !is_allowed(ip, allowed) => Err(Refused { host: host.to_string(), address: ip, what }),
            _ => Ok(()),
        }
    }
}

impl Resolve for CheckingResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let this = self.clone();
        let host = name.as_str().to_string();
        Box::pin(async move {
            let looked_up = tokio::net::lookup_host((host.clone(), 0)).await;
            let found: Vec<SocketAddr> = match looked_up {
                Ok(addrs) => addrs.collect(),
                Err(_) => return Err(Unresolved(host).into()),
            };
            if found.is_empty() {
                return Err(Unresolved(host).into());
            }
            // One refused address refuses the name: a public name has no business pointing
            // inside, and connecting to "the other" address would only hide the attempt.
            for addr in &found {
                this.check(&host, addr.ip())?;
            }
            let addrs: Addrs = Box::new(found.into_iter());
            Ok(addrs)
        })
    }
}
