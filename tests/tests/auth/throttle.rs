//! The sign-in throttle: per account and per client address, cleared by a successful sign-in.

use recovery_e2e::app::STAFF_PASSWORD;
use recovery_e2e::http::{expect_json, expect_problem};
use recovery_e2e::{TestApp, both_backends};
use reqwest::header::CONTENT_TYPE;
use serde_json::{Value, json};

use super::*;

/// A client whose connections come from `ip` (any 127.x.y.z reaches the server on Linux), so
/// tests can be several client addresses at once.
fn client_from(ip: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(Some(ip.parse().unwrap()))
        .timeout(std::time::Duration::from_secs(15))
        .build()
        .unwrap()
}

/// Signs in as `email` from client address `ip`.
async fn sign_in_from(app: &TestApp, ip: &str, email: &str, password: &str) -> reqwest::Response {
    client_from(ip)
        .post(app.url("/v1/auth/token"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
}

/// Asserts a lockout answer and returns (Retry-After seconds, content type, body).
async fn locked(response: reqwest::Response) -> (u64, String, Value) {
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or_else(|| panic!("429 without a Retry-After in seconds: {:?}", response.headers()));
    assert!((1..=900).contains(&retry_after), "Retry-After: {retry_after}");
    let content_type = response.headers().get(CONTENT_TYPE).unwrap().to_str().unwrap().to_string();
    (retry_after, content_type, expect_problem(response, 429).await)
}

both_backends!(an_account_locks_after_five_failures_from_anywhere, |app| async move {
    app.add_user("real@example.org", "admin", STAFF_PASSWORD).await;
    let mut answers = Vec::new();
    for (n, email) in ["real@example.org", "ghost@example.org"].into_iter().enumerate() {
        // Five failures, each from another address: only the account can be counting.
        for i in 0..5 {
            let ip = format!("127.0.{}.{}", 10 + n, 10 + i);
            let response = sign_in_from(&app, &ip, email, "not the password").await;
            expect_problem(response, 401).await;
        }
        // The sixth attempt, from a fresh address and with the right password, is refused.
        let response = sign_in_from(&app, &format!("127.0.{}.99", 10 + n), email, STAFF_PASSWORD).await;
        answers.push(locked(response).await);
    }
    let ((_, real_type, real_body), (_, ghost_type, ghost_body)) = (&answers[0], &answers[1]);
    assert_eq!(real_type, ghost_type);
    assert_eq!(real_body, ghost_body, "a locked real account and a locked unknown one are told apart");
    assert!(!real_body.to_string().contains("real@example.org"));

    // Other accounts are not affected.
    app.add_user("other@example.org", "viewer", STAFF_PASSWORD).await;
    sign_in(&app, "other@example.org").await;
});

both_backends!(an_address_locks_after_five_failures_on_any_accounts, |app| async move {
    app.add_user("real@example.org", "editor", STAFF_PASSWORD).await;
    for i in 0..5 {
        let response = sign_in_from(&app, "127.0.20.1", &format!("guess{i}@example.org"), "password123").await;
        expect_problem(response, 401).await;
    }
    locked(sign_in_from(&app, "127.0.20.1", "real@example.org", STAFF_PASSWORD).await).await;
    let elsewhere = sign_in_from(&app, "127.0.20.2", "real@example.org", STAFF_PASSWORD).await;
    expect_json(elsewhere, 200).await;
});

both_backends!(a_successful_sign_in_clears_the_accounts_failures, |app| async move {
    app.add_user("real@example.org", "editor", STAFF_PASSWORD).await;
    let fail = |i: usize| {
        let app = &app;
        async move {
            let response = sign_in_from(app, &format!("127.0.30.{i}"), "real@example.org", "wrong password").await;
            response.status().as_u16()
        }
    };
    for i in 1..=4 {
        assert_eq!(fail(i).await, 401);
    }
    expect_json(sign_in_from(&app, "127.0.30.50", "real@example.org", STAFF_PASSWORD).await, 200).await;
    // Without the reset, the first of these would lock the account and the rest be 429s.
    for i in 5..=9 {
        assert_eq!(fail(i).await, 401, "failure {} after the success", i - 4);
    }
    locked(sign_in_from(&app, "127.0.30.51", "real@example.org", STAFF_PASSWORD).await).await;
});
