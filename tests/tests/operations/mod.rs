//! Operating the service, seen from outside: the readiness probe, Prometheus metrics, request
//! ids, logs that hold neither a resident's precise location nor a staff secret, `config check`
//! and the layering of flags, environment and the TOML file, and a replica that joins after the
//! writes. How the service behaves under faults (outages, kills, SIGTERM, a full disk) is in
//! the `faults` module.

mod config;
mod cost;
mod logs;
mod metrics;
pub(crate) mod readiness;
mod replicas;
mod request_ids;

use recovery_e2e::TEST_TIMEOUT;
use recovery_e2e::app::{STAFF_PASSWORD, assert_user_added, client, run_cli};
use recovery_e2e::http::expect_json;
use recovery_e2e::process::ServerProcess;
use reqwest::Response;
use serde_json::{Value, json};

/// A resident's precise location: it must never reach a log.
const PRECISE_LAT: &str = "40.712776";
const PRECISE_LNG: &str = "-74.005974";

/// Fails the test when `test` runs past [`TEST_TIMEOUT`] (for tests outside `both_backends!`).
pub(crate) async fn bounded(test: impl std::future::Future<Output = ()>) {
    if tokio::time::timeout(TEST_TIMEOUT, test).await.is_err() {
        panic!("the test did not finish within {TEST_TIMEOUT:?}");
    }
}

/// Adds an editor to the database at `url` and signs in on `server`; returns the token.
pub(crate) async fn sign_in_new_editor(server: &ServerProcess, url: &str) -> String {
    let email = "operator@example.org";
    let args = ["user", "add", "--email", email, "--role", "editor", "--password-stdin", "--database", url];
    assert_user_added(&run_cli(&args, &format!("{STAFF_PASSWORD}\n")).await, email);
    let response = client()
        .post(server.url("/v1/auth/token"))
        .json(&json!({"email": email, "password": STAFF_PASSWORD}))
        .send()
        .await
        .unwrap();
    expect_json(response, 200).await["access_token"].as_str().unwrap().to_string()
}

pub(crate) async fn create_with(http: &reqwest::Client, server: &ServerProcess, token: &str, body: &Value) -> Value {
    let response = http.post(server.url("/v1/meetings")).bearer_auth(token).json(body).send().await.unwrap();
    expect_json(response, 201).await
}

fn header(response: &Response, name: &str) -> String {
    response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}
