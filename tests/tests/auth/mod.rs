//! `/v1/auth`: signing in, the bearer tokens the API accepts, refresh tokens and sign-out,
//! and the sign-in throttle.

mod refresh;
mod throttle;
mod token;

use recovery_e2e::TestApp;
use recovery_e2e::app::STAFF_PASSWORD;
use recovery_e2e::fixtures::meeting;
use recovery_e2e::http::{expect_json, expect_problem};
use reqwest::Method;
use serde_json::{Value, json};

/// `POST /v1/meetings` with `token`; returns the status.
async fn write_with(app: &TestApp, token: &str) -> u16 {
    let response =
        app.request(Method::POST, "/v1/meetings").bearer_auth(token).json(&meeting("Token Test")).send().await.unwrap();
    let status = response.status().as_u16();
    if status == 401 {
        expect_problem(response, 401).await;
    }
    status
}

/// `POST path` with a JSON body, anonymously.
async fn post(app: &TestApp, path: &str, body: Value) -> reqwest::Response {
    app.request(Method::POST, path).json(&body).send().await.unwrap()
}

/// Signs in; returns the whole 200 answer.
async fn sign_in(app: &TestApp, email: &str) -> Value {
    expect_json(post(app, "/v1/auth/token", json!({"email": email, "password": STAFF_PASSWORD})).await, 200).await
}
