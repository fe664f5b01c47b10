//! Browsers: CORS (public reads open to every origin, the rest only to configured origins,
//! preflights answered) and the security headers on every answer, the docs page included.

use recovery_e2e::fixtures::meeting;
use recovery_e2e::http::{expect_json, expect_problem, expect_status};
use recovery_e2e::{Backend, TestApp};
use reqwest::{Method, Response};
use serde_json::json;

const ADMIN_ORIGIN: &str = "https://admin.example.org";
const OTHER_ORIGIN: &str = "https://elsewhere.example";

fn get(response: &Response, name: &str) -> Option<String> {
    response.headers().get(name).map(|v| v.to_str().unwrap().to_string())
}

fn preflight(app: &TestApp, path: &str, origin: &str, method: &str) -> reqwest::RequestBuilder {
    app.request(Method::OPTIONS, path)
        .header("Origin", origin)
        .header("Access-Control-Request-Method", method)
        .header("Access-Control-Request-Headers", "authorization, x-api-key, content-type")
}

fn assert_no_cors(response: &Response, what: &str) {
    let cors: Vec<_> = response
        .headers()
        .keys()
        .filter(|k| k.as_str().starts_with("access-control-"))
        .map(|k| k.to_string())
        .collect();
    assert!(cors.is_empty(), "{what}: unexpected CORS headers {cors:?}");
}

#[tokio::test]
async fn public_reads_are_open_to_every_origin() {
    let app = TestApp::start(Backend::Sqlite).await;
    for path in [
        "/v1/meetings",
        "/v1/regions",
        "/v1/programs",
        "/v1/programs/aa/types",
        "/feeds/meeting-guide.json",
        "/openapi.json",
    ] {
        for origin in [Some(OTHER_ORIGIN), None] {
            let mut request = app.get(path);
            if let Some(origin) = origin {
                request = request.header("Origin", origin);
            }
            let response = request.send().await.unwrap();
            let values: Vec<_> = response.headers().get_all("access-control-allow-origin").iter().collect();
            assert_eq!(values, ["*"], "{path}: one source of truth for CORS");
            assert!(get(&response, "access-control-expose-headers").unwrap().contains("RateLimit-Remaining"));
            expect_status(response, 200).await;
        }
    }
    // Errors of public reads too, so a browser app can read them.
    let response = app.get("/v1/meetings?lat=91&lng=0").header("Origin", OTHER_ORIGIN).send().await.unwrap();
    assert_eq!(get(&response, "access-control-allow-origin").as_deref(), Some("*"));
    expect_problem(response, 400).await;

    let response = preflight(&app, "/v1/meetings", OTHER_ORIGIN, "GET").send().await.unwrap();
    assert_eq!(response.status(), 204);
    assert_eq!(get(&response, "access-control-allow-origin").as_deref(), Some("*"));
    let allowed = get(&response, "access-control-allow-headers").unwrap().to_ascii_lowercase();
    for header in ["authorization", "x-api-key", "content-type"] {
        assert!(allowed.contains(header), "{header} not in {allowed}");
    }
    assert!(get(&response, "access-control-allow-methods").unwrap().contains("GET"));
    assert!(get(&response, "access-control-max-age").unwrap().parse::<u32>().unwrap() > 0);
}

#[tokio::test]
async fn writes_and_staff_routes_are_closed_to_origins_by_default() {
    let app = TestApp::start(Backend::Sqlite).await;
    for (path, method) in
        [("/v1/meetings", "POST"), ("/v1/meetings/x", "DELETE"), ("/v1/api-keys", "GET"), ("/v1/auth/token", "POST")]
    {
        let response = preflight(&app, path, ADMIN_ORIGIN, method).send().await.unwrap();
        assert_no_cors(&response, &format!("preflight {method} {path}"));
        expect_problem(response, 403).await;
    }
    let editor = app.staff("editor").await;
    let response =
        editor.post("/v1/meetings", &meeting("No Origin")).header("Origin", OTHER_ORIGIN).send().await.unwrap();
    assert_no_cors(&response, "POST /v1/meetings");
    expect_json(response, 201).await;
}

#[tokio::test]
async fn configured_origins_may_write() {
    let app = TestApp::builder(Backend::Sqlite)
        .env("RD_CORS_ORIGINS", &format!("{ADMIN_ORIGIN}, http://localhost:3000"))
        .start()
        .await;
    let response = preflight(&app, "/v1/meetings", ADMIN_ORIGIN, "POST").send().await.unwrap();
    assert_eq!(response.status(), 204);
    assert_eq!(get(&response, "access-control-allow-origin").as_deref(), Some(ADMIN_ORIGIN));
    assert!(get(&response, "vary").unwrap().contains("Origin"));
    let methods = get(&response, "access-control-allow-methods").unwrap();
    for method in ["POST", "PUT", "PATCH", "DELETE"] {
        assert!(methods.contains(method), "{method} not in {methods}");
    }
    assert!(get(&response, "access-control-allow-headers").unwrap().contains("Authorization"));
    assert!(get(&response, "access-control-max-age").is_some());
    let localhost = preflight(&app, "/v1/api-keys", "http://localhost:3000", "GET").send().await.unwrap();
    assert_eq!(get(&localhost, "access-control-allow-origin").as_deref(), Some("http://localhost:3000"));

    let refused = preflight(&app, "/v1/meetings", OTHER_ORIGIN, "POST").send().await.unwrap();
    assert_no_cors(&refused, "preflight from an origin not configured");
    expect_problem(refused, 403).await;

    let editor = app.staff("editor").await;
    let response =
        editor.post("/v1/meetings", &meeting("From Admin")).header("Origin", ADMIN_ORIGIN).send().await.unwrap();
    assert_eq!(get(&response, "access-control-allow-origin").as_deref(), Some(ADMIN_ORIGIN));
    expect_json(response, 201).await;
    let response =
        editor.post("/v1/meetings", &meeting("From Elsewhere")).header("Origin", OTHER_ORIGIN).send().await.unwrap();
    assert_no_cors(&response, "a write from an origin not configured");
    expect_json(response, 201).await;
}

#[tokio::test]
async fn config_check_refuses_what_is_not_an_origin() {
    let output = recovery_e2e::app::run_cli(
        &["config", "check", "--cors-allowed-origins", "https://ok.example,admin.example.org/path"],
        "",
    )
    .await;
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("admin.example.org/path"), "{stderr}");
    let output =
        recovery_e2e::app::run_cli(&["config", "check", "--cors-allowed-origins", "https://ok.example"], "").await;
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("cors_allowed_origins") && stdout.contains("https://ok.example"), "{stdout}");
    assert!(stdout.contains("rate_limit_reports_per_minute") && stdout.contains("= 10"), "{stdout}");
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let app = TestApp::start(Backend::Sqlite).await;
    let editor = app.staff("editor").await;
    let answers = [
        ("a public read", app.get("/v1/meetings").send().await.unwrap()),
        ("an unknown route", app.get("/no/such/route").send().await.unwrap()),
        ("a missing token", app.request(Method::POST, "/v1/meetings").json(&json!({})).send().await.unwrap()),
        ("a preflight", preflight(&app, "/v1/meetings", OTHER_ORIGIN, "GET").send().await.unwrap()),
        ("a refused preflight", preflight(&app, "/v1/meetings", OTHER_ORIGIN, "POST").send().await.unwrap()),
        ("a staff read", editor.get("/v1/meetings").send().await.unwrap()),
        ("a probe", app.get("/healthz").send().await.unwrap()),
    ];
    for (what, response) in &answers {
        assert_eq!(get(response, "x-content-type-options").as_deref(), Some("nosniff"), "{what}");
        assert_eq!(get(response, "referrer-policy").as_deref(), Some("no-referrer"), "{what}");
        assert_eq!(get(response, "x-frame-options").as_deref(), Some("DENY"), "{what}");
        let csp = get(response, "content-security-policy").unwrap_or_else(|| panic!("{what}: no CSP"));
        assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    }

    // Authenticated and sign-in answers are never stored; public ones keep their caching.
    let staff_read = editor.get("/v1/meetings").send().await.unwrap();
    assert_eq!(get(&staff_read, "cache-control").as_deref(), Some("no-store"));
    let feed = app.get("/feeds/meeting-guide.json").send().await.unwrap();
    assert_eq!(get(&feed, "cache-control").as_deref(), Some("public, max-age=60"));
    let staff_feed = editor.get("/feeds/meeting-guide.json").send().await.unwrap();
    assert_eq!(get(&staff_feed, "cache-control").as_deref(), Some("no-store"));
    let sign_in = app
        .request(Method::POST, "/v1/auth/token")
        .json(&json!({"email": editor.email, "password": recovery_e2e::app::STAFF_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(get(&sign_in, "cache-control").as_deref(), Some("no-store"));
    expect_json(sign_in, 200).await;
}

#[tokio::test]
async fn the_docs_page_loads_under_its_policy() {
    let app = TestApp::start(Backend::Sqlite).await;
    let response = app.get("/docs/").send().await.unwrap();
    let csp = get(&response, "content-security-policy").expect("a CSP on the docs page");
    assert_eq!(get(&response, "x-frame-options").as_deref(), Some("DENY"));
    let html = expect_status(response, 200).await;
    let directive = |name: &str| -> String {
        csp.split(';').map(str::trim).find(|d| d.starts_with(&format!("{name} "))).unwrap_or_default().to_string()
    };
    assert!(directive("script-src").contains("'self'"), "{csp}");
    assert!(!directive("script-src").contains("unsafe"), "scripts stay strict: {csp}");
    assert!(directive("style-src").contains("'self'"), "{csp}");
    assert!(directive("connect-src").contains("'self'"), "Swagger UI fetches /openapi.json: {csp}");
    assert!(directive("img-src").contains("data:"), "Swagger UI's icons are data: URLs: {csp}");

    // Every script is a same-origin file the policy allows (no inline script it would block),
    // and every script and stylesheet loads.
    let mut assets = Vec::new();
    for chunk in html.split("<script").skip(1) {
        let tag = &chunk[..chunk.find('>').unwrap()];
        let src = tag.split("src=\"").nth(1).unwrap_or_else(|| panic!("an inline <script>, blocked by {csp}"));
        assets.push(src[..src.find('"').unwrap()].to_string());
    }
    for chunk in html.split("<link").skip(1).filter(|c| c[..c.find('>').unwrap()].contains("stylesheet")) {
        let href = chunk.split("href=\"").nth(1).unwrap();
        assets.push(href[..href.find('"').unwrap()].to_string());
    }
    assert!(assets.len() >= 3, "{html}");
    for asset in assets {
        assert!(!asset.contains("//"), "{asset} is not same-origin");
        let url = app.url(&format!("/docs/{}", asset.trim_start_matches("./")));
        let response = app.client().get(&url).send().await.unwrap();
        assert_eq!(response.status(), 200, "{url}");
        assert!(get(&response, "content-security-policy").is_some(), "{url}");
        assert!(!response.bytes().await.unwrap().is_empty(), "{url}");
    }
    // And the document the page fetches, under the API's policy.
    expect_json(app.get("/openapi.json").send().await.unwrap(), 200).await;
}
