//! Fetching under the address policy, against real local HTTP servers: refused addresses
//! (literal, resolved, redirected to), limits, timeouts and error statuses.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use recovery_import::fetch::{FetchError, FetchPolicy, Fetcher, USER_AGENT};
use recovery_standin::{Reply, StandIn};

fn loopback_allowed() -> FetchPolicy {
    FetchPolicy { allowed: vec!["127.0.0.0/8".parse().unwrap()], ..FetchPolicy::public_only() }
}

fn feed() -> StandIn {
    StandIn::answering(|target| match target {
        "/feed" => Reply::ok("application/json", b"[1,2,3]"),
        _ => Reply::body(404, "text/plain", b"no"),
    })
}

#[tokio::test]
async fn a_literal_loopback_url_is_refused_unless_allowed() {
    let server = feed();
    let err = Fetcher::new(FetchPolicy::public_only()).get(&server.url("/feed")).await.unwrap_err();
    match &err {
        FetchError::Blocked { address, what, .. } => assert_eq!((address.as_str(), *what), ("127.0.0.1", "loopback")),
        other => panic!("expected Blocked, got {other:?}"),
    }
    assert!(err.to_string().contains("127.0.0.1"), "{err}");
    assert!(server.requests().is_empty(), "no request may reach a refused address");

    let fetched = Fetcher::new(loopback_allowed()).get(&server.url("/feed")).await.unwrap();
    assert_eq!(fetched.body, b"[1,2,3]");
    assert_eq!(fetched.content_type.as_deref(), Some("application/json"));
    assert_eq!(server.requests()[0].user_agent.as_deref(), Some(USER_AGENT));

    // The operator's command line may fetch anything.
    assert!(Fetcher::new(FetchPolicy::any()).get(&server.url("/feed")).await.is_ok());
}

#[tokio::test]
async fn other_literal_forms_of_inside_addresses_are_refused() {
    let fetcher = Fetcher::new(FetchPolicy::public_only());
    for (url, what) in [
        ("http://169.254.169.254/latest/meta-data/", "cloud metadata"),
        ("http://10.0.0.1/feed", "private"),
        ("http://[::1]:9/feed", "loopback"),
        ("http://[::ffff:127.0.0.1]:9/feed", "loopback"),
        ("http://0.0.0.0:9/feed", "unspecified"),
        // The URL parser reads a bare number as an IPv4 address: 2130706433 is 127.0.0.1.
        ("http://2130706433:9/feed", "loopback"),
    ] {
        match fetcher.get(url).await {
            Err(FetchError::Blocked { what: got, .. }) => assert_eq!(got, what, "{url}"),
            other => panic!("{url}: expected Blocked, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_name_resolving_to_loopback_is_refused() {
    let server = feed();
    let url = format!("http://localhost:{}/feed", server.port());
    match Fetcher::new(FetchPolicy::public_only()).get(&url).await {
        Err(FetchError::Blocked { host, what, .. }) => assert_eq!((host.as_str(), what), ("localhost", "loopback")),
        other => panic!("expected Blocked, got {other:?}"),
    }
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn every_redirect_is_checked_again() {
    let server = StandIn::answering(|target| match target {
        "/to-metadata" => Reply::Redirect(String::from("http://169.254.169.254/latest/meta-data/")),
        "/to-private" => Reply::Redirect(String::from("http://10.1.2.3/feed")),
        "/to-file" => Reply::Redirect(String::from("file:///etc/passwd")),
        "/relative" => Reply::Redirect(String::from("/feed")),
        "/loop" => Reply::Redirect(String::from("/loop")),
        "/feed" => Reply::ok("application/json", b"[]"),
        _ => Reply::body(404, "text/plain", b""),
    });
    let fetcher = Fetcher::new(loopback_allowed());
    match fetcher.get(&server.url("/to-metadata")).await {
        Err(FetchError::Blocked { url, address, what, .. }) => {
            assert_eq!(url, "http://169.254.169.254/latest/meta-data/");
            assert_eq!((address.as_str(), what), ("169.254.169.254", "cloud metadata"));
        }
        other => panic!("expected Blocked, got {other:?}"),
    }
    assert!(matches!(fetcher.get(&server.url("/to-private")).await, Err(FetchError::Blocked { what: "private", .. })));
    assert!(matches!(fetcher.get(&server.url("/to-file")).await, Err(FetchError::Url(_))));
    assert!(matches!(fetcher.get(&server.url("/loop")).await, Err(FetchError::Redirects(_))));

    let fetched = fetcher.get(&server.url("/relative")).await.unwrap();
    assert_eq!(fetched.url, server.url("/feed"));
    assert_eq!(fetched.body, b"[]");
}

#[tokio::test]
async fn only_http_and_https_urls_are_fetched() {
    let fetcher = Fetcher::new(FetchPolicy::any());
    for url in ["file:///etc/passwd", "ftp://example.org/x", "gopher://example.org/", "not a url"] {
        assert!(matches!(fetcher.get(url).await, Err(FetchError::Url(_))), "{url}");
    }
}

#[tokio::test]
async fn bodies_over_the_cap_are_refused() {
    let server = StandIn::answering(|target| match target {
        "/announced" => Reply::announcing(50 * 1024 * 1024),
        // 64 KiB chunks without a length, 4 MiB in all.
        _ => Reply::Chunked { size: 64 * 1024, count: 64 },
    });
    let policy = FetchPolicy { max_bytes: 1024 * 1024, ..FetchPolicy::any() };
    let fetcher = Fetcher::new(policy);
    for path in ["/announced", "/chunked"] {
        match fetcher.get(&server.url(path)).await {
            Err(FetchError::TooLarge { limit, .. }) => assert_eq!(limit, 1024 * 1024, "{path}"),
            other => panic!("{path}: expected TooLarge, got {other:?}"),
        }
    }
    // Under the cap, the same chunked body is read whole.
    let roomy = Fetcher::new(FetchPolicy { max_bytes: 8 * 1024 * 1024, ..FetchPolicy::any() });
    assert_eq!(roomy.get(&server.url("/chunked")).await.unwrap().body.len(), 4 * 1024 * 1024);
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let server = StandIn::answering(|_| Reply::Slow(Duration::from_secs(10)));
    let policy = FetchPolicy { timeout: Duration::from_millis(500), ..FetchPolicy::any() };
    match Fetcher::new(policy).get(&server.url("/slow")).await {
        Err(FetchError::Timeout { url, .. }) => assert_eq!(url, server.url("/slow")),
        other => panic!("expected Timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn error_statuses_fail_the_fetch() {
    let server = StandIn::answering(|target| match target {
        "/500" => Reply::body(500, "text/html", b"<h1>oops</h1>"),
        _ => Reply::body(403, "text/html", b"denied"),
    });
    let fetcher = Fetcher::new(FetchPolicy::any());
    assert_eq!(
        fetcher.get(&server.url("/500")).await.unwrap_err(),
        FetchError::Status { url: server.url("/500"), status: 500 }
    );
    assert!(matches!(fetcher.get(&server.url("/x")).await, Err(FetchError::Status { status: 403, .. })));
}

#[tokio::test]
async fn an_unknown_host_is_a_dns_error() {
    let fetcher = Fetcher::new(FetchPolicy::public_only());
    match fetcher.get("http://no-such-host.invalid/feed").await {
        Err(FetchError::Dns(host)) => assert_eq!(host, "no-such-host.invalid"),
        other => panic!("expected Dns, got {other:?}"),
    }
}
