//! `GET /metrics`: Prometheus text labelled by route pattern.

use recovery_e2e::fixtures::{meeting, merged};
use recovery_e2e::http::{expect_problem, expect_status};
use recovery_e2e::poll::{REPLICATION_DEADLINE, eventually};
use recovery_e2e::{TestApp, both_backends, prometheus};
use reqwest::header::CONTENT_TYPE;
use serde_json::json;

use super::*;

both_backends!(metrics_are_prometheus_text_labelled_by_route_pattern, |app| async move {
    let editor = app.staff("editor").await;
    let mut published = Vec::new();
    for name in ["Metric One", "Metric Two", "Metric Three"] {
        published.push(editor.create(&meeting(name)).await);
    }
    editor.create(&merged(&meeting("Metric Draft"), json!({"status": "draft"}))).await;
    let archived = published.pop().unwrap();
    let archived_id = archived["id"].as_str().unwrap();
    expect_status(editor.delete(&format!("/v1/meetings/{archived_id}")).send().await.unwrap(), 204).await;

    let searches = 5;
    for _ in 0..searches {
        app.search(&format!("lat={PRECISE_LAT}&lng={PRECISE_LNG}&radius_km=500")).await;
    }
    let id = published[0]["id"].as_str().unwrap();
    let slug = published[1]["slug"].as_str().unwrap();
    app.get_json(&format!("/v1/meetings/{id}")).await;
    app.get_json(&format!("/v1/meetings/{slug}")).await;
    expect_problem(app.get("/v1/meetings/no-such-meeting").send().await.unwrap(), 404).await;

    let (text, metrics) = scrape(&app).await;
    let requests = |method: &str, route: &str, status: &str| {
        metrics
            .value(
                "recovery_directory_http_requests_total",
                &[("method", method), ("route", route), ("status", status)],
            )
            .unwrap_or(0.0)
    };
    assert!(requests("GET", "/v1/meetings", "200") >= f64::from(searches), "{text}");
    assert!(requests("GET", "/v1/meetings/{id}", "200") >= 2.0, "reads by id and by slug: {text}");
    assert!(requests("GET", "/v1/meetings/{id}", "404") >= 1.0, "{text}");
    assert!(requests("POST", "/v1/meetings", "201") >= 4.0, "{text}");
    assert!(requests("DELETE", "/v1/meetings/{id}", "204") >= 1.0, "{text}");
    let latency = metrics.family("recovery_directory_http_request_duration_seconds").expect("a latency histogram");
    assert_eq!(latency.kind, "histogram");
    assert!(latency.samples.iter().any(|s| s.label("route") == Some("/v1/meetings")), "{text}");

    // Route labels are patterns: no id, slug, path or query ever becomes a label value.
    for sample in metrics.samples() {
        if let Some(route) = sample.label("route") {
            assert!(route == "unmatched" || route.starts_with('/'), "route label `{route}`");
            assert!(!route.contains('?'), "a query in route label `{route}`");
        }
    }
    for raw in [id, slug, archived_id, "no-such-meeting", PRECISE_LAT] {
        assert!(!text.contains(raw), "`{raw}` appears in /metrics:\n{text}");
    }

    let public = app.search("limit=200").await["total"].as_f64().unwrap();
    assert_eq!(public, 2.0);
    assert_eq!(metrics.value("recovery_directory_index_listings", &[("kind", "meeting")]), Some(public), "{text}");
    assert_eq!(metrics.family("recovery_directory_index_listings").unwrap().kind, "gauge");
    assert!(metrics.value("recovery_directory_import_runs_total", &[("result", "failed")]).is_some(), "{text}");
    assert_eq!(metrics.family("recovery_directory_import_runs").unwrap().kind, "counter");
    assert!(metrics.value("recovery_directory_db_pool_connections_open", &[]).is_some(), "{text}");
    assert!(metrics.value("recovery_directory_change_log_lag", &[]).is_some(), "{text}");
    let app = &app;
    eventually(REPLICATION_DEADLINE, "recovery_directory_change_log_lag settling at 0", || async move {
        let (_, metrics) = scrape(app).await;
        (metrics.value("recovery_directory_change_log_lag", &[]) == Some(0.0)).then_some(())
    })
    .await;
});

/// `GET /metrics`: 200, OpenMetrics text, and a strictly well-formed exposition.
async fn scrape(app: &TestApp) -> (String, prometheus::Exposition) {
    let response = app.get("/metrics").send().await.unwrap();
    let content_type = header(&response, CONTENT_TYPE.as_str());
    assert!(content_type.starts_with("application/openmetrics-text"), "content-type `{content_type}`");
    let text = expect_status(response, 200).await;
    let parsed = prometheus::parse(&text).unwrap_or_else(|e| panic!("/metrics is not Prometheus text: {e}\n{text}"));
    (text, parsed)
}
