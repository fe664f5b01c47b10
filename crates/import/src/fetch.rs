//! Fetching a source over HTTP(S) safely: timeouts, a size cap, a clear user agent, and —
//! for URLs staff registered — no loopback, private, link-local or cloud-metadata addresses,
//! checked after DNS resolution and again on every redirect.
//!
//! The address check lives in the resolver reqwest connects through ([`resolve`]), so what is
//! checked is what is connected to; literal-IP hosts skip resolution and are checked here.
//! Redirects are followed by hand so each hop gets the same checks as the first URL.

mod address;
mod body;
mod resolve;

use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::{HeaderValue, LOCATION};

use resolve::{CheckingResolver, Refused, Unresolved};

/// The user agent every request sends (the crate version appended).
pub const USER_AGENT: &str = concat!(
    "recovery-directory/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/recovery-directory; meeting and agency feed sync)"
);
/// The default cap on a fetched body.
pub const DEFAULT_MAX_BYTES: u64 = 20 * 1024 * 1024;
/// The default time a whole fetch may take.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The default time to connect.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// At most this many redirects are followed.
pub const MAX_REDIRECTS: usize = 5;

/// Which addresses a fetch may reach, and its limits.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchPolicy {
    /// True lets a fetch reach any address (the operator's command line); false refuses
    /// loopback, private, link-local, shared, multicast, unspecified and cloud-metadata
    /// addresses unless `allowed` holds them.
    pub any_address: bool,
    /// Networks the operator allows despite the rule above (`10.1.2.0/24`, `127.0.0.1/32`).
    pub allowed: Vec<ipnet::IpNet>,
    /// The largest body accepted, in bytes.
    pub max_bytes: u64,
    /// The time a whole fetch (connect, redirects, body) may take.
    pub timeout: Duration,
    /// The time to connect.
    pub connect_timeout: Duration,
}

impl FetchPolicy {
    /// The policy for URLs registered through the API: public addresses only.
    pub fn public_only() -> FetchPolicy {
        FetchPolicy {
            any_address: false,
            allowed: Vec::new(),
            max_bytes: DEFAULT_MAX_BYTES,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
        }
    }

    /// The policy of the operator's command line: any address.
    pub fn any() -> FetchPolicy {
        FetchPolicy { any_address: true, ..FetchPolicy::public_only() }
    }
}

/// A fetched body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The URL finally answered (after redirects).
    pub url: String,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The body, at most the policy's `max_bytes`.
    pub body: Vec<u8>,
}

/// Why a fetch failed, for the run report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// Not an absolute http(s) URL.
    #[error("not an http or https URL: {0}")]
    Url(String),
    /// The host resolves to (or is) an address the policy refuses.
    #[error(
        "refused to fetch {url}: {host} is at {address}, a {what} address (allow it in the configuration if it is yours)"
    )]
    Blocked {
        /// The URL refused (the original or a redirect's target).
        url: String,
        /// Its host.
        host: String,
        /// The address refused.
        address: String,
        /// What kind of address ("loopback", "private", "link-local", "cloud metadata", …).
        what: &'static str,
    },
    /// The host name does not resolve.
    #[error("cannot resolve {0}")]
    Dns(String),
    /// No connection could be made, or it broke.
    #[error("cannot connect to {url}: {message}")]
    Connect {
        /// The URL.
        url: String,
        /// What went wrong.
        message: String,
    },
    /// The fetch took longer than the policy allows.
    #[error("{url} did not answer within {seconds} s")]
    Timeout {
        /// The URL.
        url: String,
        /// The limit.
        seconds: u64,
    },
    /// The server answered with an error status.
    #[error("{url} answered HTTP {status}")]
    Status {
        /// The URL.
        url: String,
        /// The status code.
        status: u16,
    },
    /// Too many redirects.
    #[error("{0} redirected more than 5 times")]
    Redirects(String),
    /// The body is larger than the policy allows.
    #[error("{url} sent more than {limit} bytes")]
    TooLarge {
        /// The URL.
        url: String,
        /// The limit.
        limit: u64,
    },
}

/// An HTTP client under a [`FetchPolicy`].
#[derive(Debug, Clone)]
pub struct Fetcher {
    policy: FetchPolicy,
    resolver: CheckingResolver,
    /// The client, or why it could not be built (reported by every fetch).
    client: Result<reqwest::Client, String>,
}

impl Fetcher {
    /// A client under `policy`.
    pub fn new(policy: FetchPolicy) -> Fetcher {
        Fetcher::with_user_agent(policy, USER_AGENT)
    }

    /// A client under `policy` that names itself `user_agent` (a geocoder's usage policy may
    /// ask for the operator's own).
    pub fn with_user_agent(policy: FetchPolicy, user_agent: &str) -> Fetcher {
        let resolver = CheckingResolver { allowed: (!policy.any_address).then(|| policy.allowed.clone()) };
        let agent = HeaderValue::from_str(user_agent).unwrap_or(HeaderValue::from_static(USER_AGENT));
        let client = reqwest::Client::builder()
            .user_agent(agent)
            .redirect(reqwest::redirect::Policy::none())
            // A proxy would resolve and connect on our behalf, past the address check.
            .no_proxy()
            .dns_resolver(Arc::new(resolver.clone()))
            // The whole fetch, redirects and body included, is timed in `get`.
            .connect_timeout(policy.connect_timeout)
            .build()
            .map_err(|e| format!("cannot set up the HTTP client: {e}"));
        Fetcher { policy, resolver, client }
    }

    /// The policy.
    pub fn policy(&self) -> &FetchPolicy {
        &self.policy
    }

    /// GETs `url` under the policy.
    pub async fn get(&self, url: &str) -> Result<Fetched, FetchError> {
        let seconds = self.policy.timeout.as_secs_f64().ceil() as u64;
        match tokio::time::timeout(self.policy.timeout, self.follow(url)).await {
            Ok(result) => result,
            Err(_) => Err(FetchError::Timeout { url: url.to_string(), seconds }),
        }
    }

    /// Follows redirects by hand, checking every hop.
    async fn follow(&self, original: &str) -> Result<Fetched, FetchError> {
        let client =
            self.client.as_ref().map_err(|e| FetchError::Connect { url: original.into(), message: e.clone() })?;
        let mut url = Url::parse(original.trim()).map_err(|_| FetchError::Url(original.to_string()))?;
        for _ in 0..=MAX_REDIRECTS {
            self.check_url(&url)?;
            let response = client.get(url.clone()).send().await.map_err(|e| self.failure(&url, &e))?;
            let status = response.status();
            if status.is_redirection() {
                if let Some(next) = redirect_target(&url, response.headers().get(LOCATION)) {
                    url = next?;
                    continue;
                }
            }
            if !status.is_success() {
                return Err(FetchError::Status { url: url.to_string(), status: status.as_u16() });
            }
            return body::read(response, &url, self.policy.max_bytes).await;
        }
        Err(FetchError::Redirects(original.to_string()))
    }

    /// Refuses a URL that is not http(s), or whose host is a refused literal address.
    fn check_url(&self, url: &Url) -> Result<(), FetchError> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(FetchError::Url(url.to_string()));
        }
        let host = url.host_str().filter(|h| !h.is_empty()).ok_or_else(|| FetchError::Url(url.to_string()))?;
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        if let Ok(ip) = bare.parse::<std::net::IpAddr>() {
            self.resolver.check(host, ip).map_err(|refused| blocked(url, refused))?;
        }
        Ok(())
    }

    /// The fetch error a failed request stands for.
    fn failure(&self, url: &Url, error: &reqwest::Error) -> FetchError {
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
        let mut innermost = error.to_string();
        while let Some(e) = source {
            if let Some(refused) = e.downcast_ref::<Refused>() {
                return blocked(url, refused.clone());
            }
            if let Some(Unresolved(host)) = e.downcast_ref::<Unresolved>() {
                return FetchError::Dns(host.clone());
            }
            innermost = e.to_string();
            source = e.source();
        }
        if error.is_timeout() {
            // Only the connect timeout is reqwest's; the total one is `get`'s.
            let seconds = self.policy.connect_timeout.as_secs_f64().ceil() as u64;
            return FetchError::Timeout { url: url.to_string(), seconds };
        }
        FetchError::Connect { url: url.to_string(), message: innermost }
    }
}

/// The URL a redirect leads to (relative to `from`), `None` without a `Location`.
fn redirect_target(from: &Url, location: Option<&HeaderValue>) -> Option<Result<Url, FetchError>> {
    let location = location?;
    let text = String::from_utf8_lossy(location.as_bytes()).into_owned();
    Some(from.join(text.trim()).map_err(|_| FetchError::Url(text)))
}

fn blocked(url: &Url, refused: Refused) -> FetchError {
    FetchError::Blocked {
        url: url.to_string(),
        host: refused.host,
        address: refused.address.to_string(),
        what: refused.what,
    }
}
