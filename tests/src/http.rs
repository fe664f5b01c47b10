//! Reading answers: status checks that show the body when they fail, and problem documents.

use reqwest::Response;
use reqwest::header::CONTENT_TYPE;
use serde_json::Value;

/// The media type of error bodies.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Asserts the status and parses the body as JSON.
pub async fn expect_json(response: Response, status: u16) -> Value {
    let (got, text) = status_and_text(response).await;
    assert_eq!(got, status, "expected {status}, got {got}: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// Asserts the status, with the body in the message when it differs.
pub async fn expect_status(response: Response, status: u16) -> String {
    let (got, text) = status_and_text(response).await;
    assert_eq!(got, status, "expected {status}, got {got}: {text}");
    text
}

/// Asserts an `application/problem+json` answer with `status` and the documented members.
pub async fn expect_problem(response: Response, status: u16) -> Value {
    let content_type =
        response.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let problem = expect_json(response, status).await;
    assert!(content_type.starts_with(PROBLEM_JSON), "content-type `{content_type}` for {problem}");
    assert_eq!(problem["status"], status, "{problem}");
    for member in ["type", "title", "detail"] {
        assert!(problem[member].is_string(), "problem without `{member}`: {problem}");
    }
    problem
}

/// The `field` of every entry of a problem's `errors`.
pub fn error_fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|errors| errors.iter().filter_map(|e| e["field"].as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

/// Asserts that a problem names `field` in `errors[].field`.
pub fn assert_names_field(problem: &Value, field: &str) {
    let fields = error_fields(problem);
    assert!(fields.iter().any(|f| f == field), "expected errors[].field `{field}`, got {fields:?}: {problem}");
}

/// The ids of a list of meetings, in order.
pub fn ids(items: &[Value]) -> Vec<String> {
    items.iter().map(|m| m["id"].as_str().expect("id").to_string()).collect()
}

/// The `items` of a search page.
pub fn items(page: &Value) -> Vec<Value> {
    page["items"].as_array().unwrap_or_else(|| panic!("no items: {page}")).clone()
}

async fn status_and_text(response: Response) -> (u16, String) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_else(|e| format!("<unreadable body: {e}>"));
    (status, text)
}
