//! The OpenAPI document (committed file, `openapi` subcommand, `GET /openapi.json`), the
//! offline docs UI, and the health probe.

use recovery_e2e::app::run_cli;
use recovery_e2e::binary::workspace_root;
use recovery_e2e::http::{expect_json, expect_status};
use recovery_e2e::{Backend, TestApp};
use serde_json::Value;

const REGENERATE: &str = "cargo run -- openapi > openapi/openapi.json";

fn committed() -> String {
    let path = workspace_root().join("openapi/openapi.json");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{} is missing ({e}): generate it with `{REGENERATE}`", path.display()))
}

#[tokio::test]
async fn the_openapi_subcommand_prints_the_committed_document() {
    let committed = committed();
    let output = run_cli(&["openapi"], "").await;
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let printed = String::from_utf8(output.stdout).expect("UTF-8");
    if printed != committed {
        let line = printed.lines().zip(committed.lines()).position(|(a, b)| a != b).map_or(0, |i| i + 1);
        panic!(
            "openapi/openapi.json is out of date (first difference near line {line}); regenerate it with `{REGENERATE}`"
        );
    }
}

#[tokio::test]
async fn the_server_serves_the_committed_document() {
    let committed: Value = serde_json::from_str(&committed()).expect("openapi/openapi.json is JSON");
    let app = TestApp::start(Backend::Sqlite).await;
    let served = app.get_json("/openapi.json").await;
    assert!(served["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")), "openapi: {}", served["openapi"]);
    assert!(
        served == committed,
        "GET /openapi.json differs from openapi/openapi.json; regenerate it with `{REGENERATE}`"
    );
    for path in ["/v1/meetings", "/v1/meetings/{id}", "/v1/auth/token", "/feeds/meeting-guide.json", "/v1/programs"] {
        assert!(served["paths"][path].is_object(), "the document lacks {path}");
    }
}

#[tokio::test]
async fn the_docs_work_offline() {
    let app = TestApp::start(Backend::Sqlite).await;
    let response = app.get("/docs").send().await.unwrap();
    assert!(response.url().path().starts_with("/docs/"), "redirected to {}", response.url());
    let content_type =
        response.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    assert!(content_type.starts_with("text/html"), "content-type {content_type}");
    let page_url = response.url().clone();
    let html = expect_status(response, 200).await;

    let assets = asset_urls(&html);
    assert!(!assets.is_empty(), "the docs page loads no scripts or styles:\n{html}");
    for asset in &assets {
        let lower = asset.to_ascii_lowercase();
        assert!(
            !lower.starts_with("http:") && !lower.starts_with("https:") && !lower.starts_with("//"),
            "the docs page loads {asset} from another host"
        );
        let url = page_url.join(asset).unwrap();
        let fetched = app.client().get(url.clone()).send().await.unwrap();
        assert_eq!(fetched.status(), 200, "{url}");
        assert!(!fetched.bytes().await.unwrap().is_empty(), "{url} is empty");
    }
}

#[tokio::test]
async fn healthz_answers_200() {
    let app = TestApp::start(Backend::Sqlite).await;
    expect_json(app.get("/healthz").send().await.unwrap(), 200).await;
}

/// The `src` of every `<script>` and the `href` of every stylesheet `<link>`.
fn asset_urls(html: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for (tag, attribute) in [("<script", "src="), ("<link", "href=")] {
        for chunk in html.split(tag).skip(1) {
            let element = &chunk[..chunk.find('>').unwrap_or(chunk.len())];
            if tag == "<link" && !element.contains("stylesheet") {
                continue;
            }
            if let Some(at) = element.find(attribute) {
                let rest = &element[at + attribute.len()..];
                let quote = rest.chars().next().unwrap_or('"');
                let value = if quote == '"' || quote == '\'' {
                    rest[1..].split(quote).next().unwrap_or_default()
                } else {
                    rest.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or_default()
                };
                urls.push(value.to_string());
            }
        }
    }
    urls
}

#[tokio::test]
async fn unknown_routes_are_problem_documents() {
    let app = TestApp::start(Backend::Sqlite).await;
    for (method, path) in [("GET", "/nope"), ("GET", "/v1/meeting"), ("DELETE", "/v1/programs")] {
        let response = app.request(method.parse().unwrap(), path).send().await.unwrap();
        assert!(response.status().is_client_error(), "{method} {path}: {}", response.status());
        let status = response.status().as_u16();
        recovery_e2e::http::expect_problem(response, status).await;
    }
}
