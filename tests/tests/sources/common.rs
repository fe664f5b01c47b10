//! Shared by the source tests: where the sample feeds are, servers allowed to fetch from the
//! local feed server, registering and syncing sources, and reading run reports.

use std::path::PathBuf;

use recovery_e2e::http::expect_json;
use recovery_e2e::{Backend, Staff, TestApp};
use recovery_standin::{Reply, StandIn};
use reqwest::Method;
use serde_json::{Value, json};

/// The fetch allowance every test server that syncs from the local feed server needs: sources
/// registered through the API may not reach loopback otherwise.
pub const ALLOW_LOOPBACK: (&str, &str) = ("RD_FETCH_ALLOW", "127.0.0.0/8");

/// The folder holding the reference data (`meeting-guide/`, `bmlt/`, `hsds-3.0/`):
/// `RD_SPEC_DIR`, else `../shared/spec` beside the checkout, else `/work/shared/spec`.
pub fn spec_dir() -> PathBuf {
    let candidates: Vec<PathBuf> = std::env::var_os("RD_SPEC_DIR")
        .map(PathBuf::from)
        .into_iter()
        .chain([recovery_e2e::binary::workspace_root().join("../shared/spec"), PathBuf::from("/work/shared/spec")])
        .collect();
    candidates
        .iter()
        .find(|dir| dir.join("meeting-guide/meetings.json").is_file())
        .cloned()
        .unwrap_or_else(|| panic!("the sample feeds were not found (set RD_SPEC_DIR); looked in {candidates:?}"))
}

/// The bytes of a file under the spec folder (`meeting-guide/meetings.json`).
pub fn spec_file(relative: &str) -> Vec<u8> {
    let path = spec_dir().join(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A BMLT root server at `/main_server/` answering the semantic API's three calls with
/// `search` (`GetSearchResults`), `formats` (`GetFormats`) and `server_info` (`GetServerInfo`).
pub fn bmlt_server(search: Vec<u8>, formats: Vec<u8>, server_info: Reply) -> StandIn {
    let feed = StandIn::start();
    let path = "/main_server/client_interface/json/";
    feed.route_query(path, "switcher=GetSearchResults", Reply::json(search))
        .route_query(path, "switcher=GetFormats", Reply::json(formats))
        .route_query(path, "switcher=GetServerInfo", server_info);
    feed
}

/// A BMLT 3.0.0 server's `GetServerInfo` answer.
pub fn bmlt_server_info() -> Reply {
    Reply::json(json!([{"version": "3.0.0", "versionInt": "3000000", "langs": "en", "nativeLang": "en"}]).to_string())
}

/// A server on a fresh `backend` database that may fetch from 127.0.0.0/8, with `env` added.
pub async fn feed_app(backend: Backend, env: &[(&str, &str)]) -> TestApp {
    let mut builder = TestApp::builder(backend).env(ALLOW_LOOPBACK.0, ALLOW_LOOPBACK.1);
    for (key, value) in env {
        builder = builder.env(key, value);
    }
    builder.start().await
}

/// A source body of `kind` named `name`, fetched from `url` (or fed by uploads).
pub fn source(name: &str, kind: &str, url: Option<&str>) -> Value {
    let mut body = json!({"name": name, "kind": kind, "default_timezone": "America/New_York"});
    if let Some(url) = url {
        body["url"] = json!(url);
    }
    body
}

/// `POST /v1/sources`; panics unless 201 with a `Location` naming the new source.
pub async fn create_source(staff: &Staff, body: &Value) -> Value {
    let response = staff.post("/v1/sources", body).send().await.unwrap();
    let location = response.headers().get("location").map(|v| v.to_str().unwrap().to_string());
    let created = expect_json(response, 201).await;
    let id = created["id"].as_str().unwrap_or_else(|| panic!("no id: {created}"));
    let location = location.unwrap_or_else(|| panic!("201 without Location: {created}"));
    assert!(location.ends_with(&format!("/v1/sources/{id}")), "Location {location} for {created}");
    created
}

/// The id of a JSON object.
pub fn id(value: &Value) -> String {
    value["id"].as_str().unwrap_or_else(|| panic!("no id: {value}")).to_string()
}

/// `POST /v1/sources/{id}/sync` with no body (fetch the URL); the run (answer 200).
pub async fn sync(staff: &Staff, source_id: &str) -> Value {
    let response = staff.request(Method::POST, &format!("/v1/sources/{source_id}/sync")).send().await.unwrap();
    expect_json(response, 200).await
}

/// `POST /v1/sources/{id}/sync` with `body` as the file to read; the run (answer 200).
pub async fn upload(staff: &Staff, source_id: &str, body: Vec<u8>) -> Value {
    let response = staff
        .request(Method::POST, &format!("/v1/sources/{source_id}/sync"))
        .header("content-type", "application/octet-stream")
        .body(body)
        .send()
        .await
        .unwrap();
    expect_json(response, 200).await
}

/// A run count (`added`, `updated`, …).
pub fn count(run: &Value, name: &str) -> u64 {
    run["counts"][name].as_u64().unwrap_or_else(|| panic!("no counts.{name}: {run}"))
}

/// `(added, updated, unchanged, archived, rejected, conflicts)` of a run.
pub fn counts(run: &Value) -> [u64; 6] {
    ["added", "updated", "unchanged", "archived", "rejected", "conflicts"].map(|name| count(run, name))
}

/// Asserts a run succeeded.
pub fn assert_succeeded(run: &Value) {
    assert_eq!(run["status"], "succeeded", "{run:#}");
    assert!(run.get("error").is_none_or(Value::is_null), "a succeeded run with an error: {run:#}");
}

/// Asserts a run failed, wrote nothing, and says why with one of `words` (any case).
pub fn assert_failed(run: &Value, words: &[&str]) {
    assert_eq!(run["status"], "failed", "{run:#}");
    let error = run["error"].as_str().unwrap_or_else(|| panic!("a failed run without error: {run:#}"));
    let lower = error.to_lowercase();
    assert!(words.iter().any(|w| lower.contains(&w.to_lowercase())), "error `{error}` names none of {words:?}");
    assert_eq!(counts(run), [0; 6], "a failed run counts nothing: {run:#}");
}

/// Asserts every record of a first import is accounted for: each one added or rejected (one
/// listing per record: none of the samples has multi-day records), and each rejection has a
/// reason and a position.
pub fn assert_accounted(run: &Value, records: u64) {
    assert_succeeded(run);
    assert_eq!(count(run, "source_records"), records, "{run:#}");
    let rejected = run["rejected"].as_array().unwrap_or_else(|| panic!("no rejected list: {run:#}"));
    assert_eq!(rejected.len() as u64, count(run, "rejected"), "{run:#}");
    assert_eq!(count(run, "added"), records - count(run, "rejected"), "no silent drops: {run:#}");
    for item in rejected {
        assert!(item["reason"].as_str().is_some_and(|r| !r.trim().is_empty()), "no reason: {item}");
        assert!(item["position"].is_u64(), "no position: {item}");
    }
}

/// The runs of a source, newest first (`GET /v1/sources/{id}/runs`).
pub async fn runs(staff: &Staff, source_id: &str) -> Vec<Value> {
    let body = expect_json(staff.get(&format!("/v1/sources/{source_id}/runs")).send().await.unwrap(), 200).await;
    list(&body)
}

/// A list answer: a bare array or `{"items": [...]}`.
pub fn list(body: &Value) -> Vec<Value> {
    body.as_array().or_else(|| body["items"].as_array()).unwrap_or_else(|| panic!("not a list: {body}")).clone()
}

/// The public `total` of `GET /v1/meetings?{query}`.
pub async fn total(app: &TestApp, query: &str) -> u64 {
    app.search(query).await["total"].as_u64().unwrap()
}

/// A Meeting Guide record with coordinates: Monday at `time` in Center City Philadelphia.
pub fn mg_record(slug: &str, name: &str, time: &str, lat: f64, lng: f64) -> Value {
    json!({
        "slug": slug,
        "name": name,
        "day": 1,
        "time": time,
        "end_time": "23:00",
        "types": ["O", "D"],
        "location": "St. Luke's Parish Hall",
        "address": "1500 Walnut St",
        "city": "Philadelphia",
        "state": "PA",
        "postal_code": "19102",
        "country": "US",
        "latitude": lat,
        "longitude": lng,
        "timezone": "America/New_York",
        "updated": "2026-01-01 12:00:00"
    })
}

/// The cursor after the last entry of `GET /v1/changes` (staff), to tell later entries.
pub async fn changes_cursor(staff: &Staff) -> Option<String> {
    let mut since: Option<String> = None;
    loop {
        let items = changes_after(staff, since.as_deref()).await;
        match items.1 {
            Some(next) if !items.0.is_empty() => since = Some(next),
            _ => return since,
        }
    }
}

/// One page (up to 500) of `GET /v1/changes` after `since`, and its `next_cursor`.
pub async fn changes_after(staff: &Staff, since: Option<&str>) -> (Vec<Value>, Option<String>) {
    let path = match since {
        Some(since) => format!("/v1/changes?limit=500&since={since}"),
        None => "/v1/changes?limit=500".to_string(),
    };
    let page = expect_json(staff.get(&path).send().await.unwrap(), 200).await;
    (list(&page), page["next_cursor"].as_str().map(str::to_string))
}

/// Asserts a status for `method path` (with a JSON body for writes) as `staff` or anonymous.
pub async fn assert_status(app: &TestApp, staff: Option<&Staff>, method: Method, path: &str, status: u16) {
    let request = match staff {
        Some(staff) => staff.request(method.clone(), path),
        None => app.request(method.clone(), path),
    };
    let request = if method == Method::GET { request } else { request.json(&json!({})) };
    let response = request.send().await.unwrap();
    let got = response.status().as_u16();
    let body = response.text().await.unwrap_or_default();
    let who = staff.map_or("anonymous", |s| s.email.as_str());
    assert_eq!(got, status, "{method} {path} as {who}: {body}");
}
