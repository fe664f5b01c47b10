//! Logs (JSON and text) that carry the request id and hold neither a resident's precise
//! location nor a staff secret.

use std::time::Duration;

use recovery_e2e::app::STAFF_PASSWORD;
use recovery_e2e::fixtures::meeting;
use recovery_e2e::http::expect_status;
use recovery_e2e::poll::eventually;
use recovery_e2e::{Backend, TestApp, both_backends};
use reqwest::Method;
use serde_json::{Value, json};

use super::*;

both_backends!(json_logs_cut_coordinates_and_hold_no_secrets, backend: |backend| async move {
    let app = TestApp::builder(backend).env("RD_LOG", "info").env("RD_LOG_FORMAT", "json").start().await;
    let editor = app.staff("editor").await;
    editor.create(&meeting("Logged Meeting")).await;
    let wrong_password = "not the password, but close";
    let refused = app
        .request(Method::POST, "/v1/auth/token")
        .json(&json!({"email": editor.email, "password": wrong_password}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);

    let search = format!("/v1/meetings?lat={PRECISE_LAT}&lng={PRECISE_LNG}&radius_km=10");
    expect_status(app.get(&search).header("x-request-id", "log-probe-1").send().await.unwrap(), 200).await;
    // Out of range, so refused: still cut.
    let refused = format!("/v1/meetings?lat={PRECISE_LAT}&lng=-200.005974");
    expect_status(app.get(&refused).header("x-request-id", "log-probe-2").send().await.unwrap(), 400).await;

    let app = &app;
    let line = eventually(Duration::from_secs(5), "the search's log line", || async move {
        json_lines(&app.server_log()).into_iter().find(|l| l["request_id"] == "log-probe-1")
    })
    .await;
    let query = line["query"].as_str().unwrap_or_else(|| panic!("no query in {line}"));
    assert!(query.contains("lat=40.71&lng=-74.01"), "{line}");
    assert_eq!(line["status"], 200, "{line}");
    assert_eq!(line["method"], "GET", "{line}");
    assert_eq!(line["path"], "/v1/meetings", "{line}");
    let line = eventually(Duration::from_secs(5), "the refused search's log line", || async move {
        json_lines(&app.server_log()).into_iter().find(|l| l["request_id"] == "log-probe-2")
    })
    .await;
    assert_eq!(line["status"], 400, "{line}");
    assert!(line["query"].as_str().unwrap().contains("lng=-200.01"), "{line}");

    let log = app.server_log();
    let lines = json_lines(&log);
    assert_eq!(lines.len(), log.lines().filter(|l| !l.trim().is_empty()).count(), "a line that is not a JSON object:\n{log}");
    for precise in [PRECISE_LAT, PRECISE_LNG, "74.005974", "200.005974"] {
        assert!(!log.contains(precise), "`{precise}` in the log:\n{log}");
    }
    for line in &lines {
        if let Some(query) = line["query"].as_str() {
            assert_coordinates_cut(query);
        }
    }
    let token = editor.token();
    let signature = token.rsplit('.').next().unwrap();
    for secret in [STAFF_PASSWORD, wrong_password, token, signature] {
        assert!(!log.contains(secret), "a password or token in the log:\n{log}");
    }
});

#[tokio::test]
async fn text_logs_carry_the_request_id_and_cut_coordinates() {
    run_with_sqlite_app(&[("RD_LOG", "info"), ("RD_LOG_FORMAT", "text")], |app| async move {
        let search = format!("/v1/meetings?lat={PRECISE_LAT}&lng={PRECISE_LNG}");
        expect_status(app.get(&search).header("x-request-id", "text-probe-1").send().await.unwrap(), 200).await;
        let app = &app;
        let line = eventually(Duration::from_secs(5), "the search's log line", || async move {
            app.server_log().lines().find(|l| l.contains("text-probe-1")).map(str::to_string)
        })
        .await;
        assert!(!line.trim_start().starts_with('{'), "RD_LOG_FORMAT=text wrote JSON: {line}");
        assert!(line.contains("lat=40.71&lng=-74.01"), "{line}");
        assert!(!line.contains('\u{1b}'), "colour codes in a log file: {line:?}");
        let log = app.server_log();
        for precise in [PRECISE_LAT, PRECISE_LNG] {
            assert!(!log.contains(precise), "`{precise}` in the log:\n{log}");
        }
    })
    .await;
}

async fn run_with_sqlite_app<F, Fut>(env: &[(&str, &str)], test: F)
where
    F: FnOnce(TestApp) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    bounded(async {
        let mut builder = TestApp::builder(Backend::Sqlite);
        for (key, value) in env {
            builder = builder.env(key, value);
        }
        test(builder.start().await).await;
    })
    .await;
}

/// The lines of `log` that are JSON objects.
fn json_lines(log: &str) -> Vec<Value> {
    log.lines().filter_map(|l| serde_json::from_str::<Value>(l).ok()).filter(Value::is_object).collect()
}

/// Every `lat`/`lng` in a logged query has at most two decimals.
fn assert_coordinates_cut(query: &str) {
    for pair in query.split('&') {
        if let Some((key, value)) = pair.split_once('=') {
            if ["lat", "lng", "latitude", "longitude"].contains(&key) {
                let decimals = value.split_once('.').map_or(0, |(_, d)| d.len());
                assert!(decimals <= 2, "a precise coordinate in a logged query: {query}");
            }
        }
    }
}
