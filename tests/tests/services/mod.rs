//! `/v1/services`: writes and reads of one service, and the public search (distance,
//! category with sub-terms, opening hours, age, language, text, paging).

mod lifecycle;
mod search;

use recovery_e2e::TestApp;
use serde_json::Value;

/// The names of a search page's items.
fn names(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap().to_string()).collect()
}

/// `GET /v1/services?{query}` as the public.
async fn search(app: &TestApp, query: &str) -> Value {
    app.get_json(&format!("/v1/services?{query}")).await
}
