//! Rate limits, on servers started with the built-in defaults (the rest of the suite runs with
//! generous ones): 300 a minute per anonymous address, 10 anonymous reports a minute in a
//! bucket of their own, 600 per staff user or API key unless the key says otherwise, probes
//! never limited, and the `RateLimit-*` headers on every limited answer.

use std::time::Instant;

use recovery_e2e::http::{expect_json, expect_problem};
use recovery_e2e::{Backend, TestApp, both_backends};
use reqwest::{RequestBuilder, Response};
use serde_json::json;

fn header(response: &Response, name: &str) -> Option<u64> {
    response.headers().get(name).map(|v| v.to_str().unwrap().parse().unwrap_or_else(|_| panic!("{name}: {v:?}")))
}

/// Sends `request()` until the answer is 429 (the bucket held `limit`, of which `used` were
/// taken already); returns how many were let through, checking each answer's headers on the
/// way, and the 429.
async fn exhaust(limit: u64, used: u64, request: impl Fn() -> RequestBuilder) -> (u64, Response) {
    let started = Instant::now();
    let mut allowed = 0;
    loop {
        let response = request().send().await.unwrap();
        if response.status() == 429 {
            // GCRA refills one request every 60/limit seconds while we send.
            let refilled = (started.elapsed().as_secs_f64() * limit as f64 / 60.0).ceil() as u64;
            let expected = limit - used;
            assert!(allowed >= expected && allowed <= expected + refilled + 1, "{allowed} let through, limit {limit}");
            return (allowed, response);
        }
        assert_ne!(response.status(), 500);
        assert_eq!(header(&response, "ratelimit-limit"), Some(limit), "{:?}", response.headers());
        let remaining = header(&response, "ratelimit-remaining").expect("RateLimit-Remaining");
        assert!(remaining < limit, "{remaining}");
        let reset = header(&response, "ratelimit-reset").expect("RateLimit-Reset");
        assert!(reset <= 60, "{reset}");
        allowed += 1;
        assert!(allowed <= limit * 2, "never refused after {allowed} requests");
    }
}

async fn assert_refused(response: Response, limit: u64) {
    let retry_after = header(&response, "retry-after").expect("Retry-After");
    assert!((1..=60).contains(&retry_after), "Retry-After {retry_after}");
    assert_eq!(header(&response, "ratelimit-limit"), Some(limit));
    assert_eq!(header(&response, "ratelimit-remaining"), Some(0));
    assert!(header(&response, "ratelimit-reset").expect("RateLimit-Reset") >= retry_after);
    let problem = expect_problem(response, 429).await;
    assert!(problem["detail"].as_str().unwrap().contains("retry"), "{problem}");
}

#[tokio::test]
async fn anonymous_callers_get_300_a_minute_and_probes_are_never_limited() {
    let app = TestApp::builder(Backend::Sqlite).default_rate_limits().start().await;
    // Signing in is an anonymous request: one from the address's bucket.
    let staff = app.staff("viewer").await;
    let (_, refused) = exhaust(300, 1, || app.get("/v1/regions")).await;
    assert_eq!(refused.headers()["access-control-allow-origin"], "*", "a browser app can read its 429");
    assert_refused(refused, 300).await;
    // Every route counts against the address, not just the one used: the bucket is empty for
    // them too. (A slow machine may have refilled one request since; then it is the last.)
    for route in ["/v1/meetings", "/no/such/route", "/v1/search"] {
        let response = app.get(route).send().await.unwrap();
        if response.status() != 429 {
            assert_eq!(header(&response, "ratelimit-remaining"), Some(0), "{route} has its own bucket");
        }
    }

    for probe in ["/healthz", "/readyz", "/metrics"] {
        for _ in 0..20 {
            let response = app.get(probe).send().await.unwrap();
            assert_eq!(response.status(), 200, "{probe}");
            assert!(!response.headers().contains_key("ratelimit-limit"), "{probe} is limited");
        }
    }

    // A signed-in user on the same address has a bucket of their own.
    let response = staff.get("/v1/meetings").send().await.unwrap();
    assert_eq!(header(&response, "ratelimit-limit"), Some(600));
    expect_json(response, 200).await;
}

#[tokio::test]
async fn anonymous_reports_have_a_bucket_of_their_own() {
    let app = TestApp::builder(Backend::Sqlite).default_rate_limits().start().await;
    let report = || app.request(reqwest::Method::POST, "/v1/reports").json(&json!({"message": "rate limit test"}));
    let (_, refused) = exhaust(10, 0, report).await;
    assert_refused(refused, 10).await;

    // The general bucket is untouched by the reports, and still lets reads through.
    let response = app.get("/v1/regions").send().await.unwrap();
    assert_eq!(header(&response, "ratelimit-limit"), Some(300));
    assert_eq!(header(&response, "ratelimit-remaining"), Some(299), "reports were counted in the general bucket");
    expect_json(response, 200).await;
}

#[tokio::test]
async fn limits_follow_the_settings_and_zero_turns_one_off() {
    let app = TestApp::builder(Backend::Sqlite)
        .default_rate_limits()
        .env("RD_RATE_LIMIT_ANONYMOUS_PER_MINUTE", "0")
        .env("RD_RATE_LIMIT_REPORTS_PER_MINUTE", "3")
        .start()
        .await;
    for _ in 0..350 {
        let response = app.get("/v1/programs").send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert!(!response.headers().contains_key("ratelimit-limit"), "an unlimited bucket has no headers");
    }
    let (_, refused) =
        exhaust(3, 0, || app.request(reqwest::Method::POST, "/v1/reports").json(&json!({"message": "x"}))).await;
    assert_refused(refused, 3).await;
}

both_backends!(an_api_key_has_its_own_limit, backend: |backend| async move {
    let app = TestApp::builder(backend).default_rate_limits().start().await;
    let admin = app.staff("admin").await;
    let slow = admin.api_key("Slow app", Some(5)).await;
    let usual = admin.api_key("Usual app", None).await;

    let (_, refused) = exhaust(5, 0, || app.get("/v1/meetings").header("X-API-Key", &slow)).await;
    assert_refused(refused, 5).await;
    // Another key, and the anonymous bucket of the same address, are not affected.
    let response = app.get("/v1/meetings").bearer_auth(&usual).send().await.unwrap();
    assert_eq!(header(&response, "ratelimit-limit"), Some(600));
    assert_eq!(header(&response, "ratelimit-remaining"), Some(599));
    expect_json(response, 200).await;
    let response = app.get("/v1/meetings").send().await.unwrap();
    assert_eq!(header(&response, "ratelimit-limit"), Some(300));
    expect_json(response, 200).await;
});
