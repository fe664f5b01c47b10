//! Agencies to send: an organization, a location near the demo meetings (Philadelphia), a
//! service open on weekdays 9 to 5, and helpers that create them and find seeded categories.

use reqwest::Response;
use serde_json::{Value, json};

use crate::app::{Staff, TestApp};
use crate::fixtures::{PHILADELPHIA, north_of};
use crate::http::expect_json;

/// A Monday (2026-06-01) at `hh:mm` in Philadelphia (EDT, UTC-4), RFC 3339.
pub fn monday_at(hh_mm: &str) -> String {
    format!("2026-06-01T{hh_mm}:00-04:00")
}

/// A Saturday (2026-06-06) at `hh:mm` in Philadelphia, RFC 3339.
pub fn saturday_at(hh_mm: &str) -> String {
    format!("2026-06-06T{hh_mm}:00-04:00")
}

/// A valid organization with one public and one private phone, and one private contact.
pub fn organization(name: &str) -> Value {
    json!({
        "name": name,
        "description": "A community agency for people in recovery.",
        "email": "info@agency.example.org",
        "website": "https://agency.example.org",
        "phones": [
            {"number": "+1 215-555-0100", "type": "voice", "description": "Front desk"},
            {"number": "+1 215-555-0199", "type": "voice", "description": "Director's line", "public": false}
        ],
        "contacts": [{"name": "Pat Private", "email": "pat@agency.example.org"}]
    })
}

/// A valid physical location of `organization_id`, `km` kilometres north of City Hall, with a
/// public and a private phone and a private contact (no time zone: the default applies).
pub fn location(organization_id: &str, name: &str, km: f64) -> Value {
    let (lat, lng) = north_of(PHILADELPHIA, km);
    json!({
        "location_type": "physical",
        "organization_id": organization_id,
        "name": name,
        "latitude": lat,
        "longitude": lng,
        "addresses": [{
            "address_1": "1400 John F Kennedy Blvd",
            "city": "Philadelphia",
            "state_province": "PA",
            "postal_code": "19107",
            "country": "US",
            "address_type": "physical"
        }],
        "phones": [
            {"number": "+1 215-555-0200", "type": "voice"},
            {"number": "+1 215-555-0299", "type": "voice", "public": false}
        ],
        "contacts": [{"name": "Sam Site", "email": "sam@agency.example.org"}],
        "languages": [{"name": "Spanish", "code": "es"}]
    })
}

/// A valid active service of `organization_id` at `location_ids`, filed under
/// `category_ids`, open Monday to Friday 09:00–17:00.
pub fn service(organization_id: &str, name: &str, location_ids: &[&str], category_ids: &[&str]) -> Value {
    let at: Vec<Value> = location_ids.iter().map(|id| json!({"location_id": id})).collect();
    json!({
        "organization_id": organization_id,
        "name": name,
        "description": "Help for people in recovery.",
        "status": "active",
        "eligibility_description": "Adults in recovery.",
        "minimum_age": 18,
        "maximum_age": 64,
        "categories": category_ids,
        "phones": [
            {"number": "+1 215-555-0300", "type": "voice"},
            {"number": "+1 215-555-0399", "type": "voice", "public": false}
        ],
        "contacts": [{"name": "Casey Case", "email": "casey@agency.example.org"}],
        "languages": [{"name": "English", "code": "en"}],
        "schedules": [{"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"}],
        "service_at_locations": at
    })
}

/// `POST path` of `body` as `staff`; the answer.
pub async fn post(staff: &Staff, path: &str, body: &Value) -> Response {
    staff.post(path, body).send().await.expect("POST")
}

/// Creates at `path` as `staff`; panics unless 201. The created record.
pub async fn create(staff: &Staff, path: &str, body: &Value) -> Value {
    expect_json(post(staff, path, body).await, 201).await
}

/// The `id` of a record.
pub fn id(record: &Value) -> String {
    record["id"].as_str().unwrap_or_else(|| panic!("no id: {record}")).to_string()
}

/// An organization, a location `km` north of City Hall, and a service there filed under
/// `categories` (term codes), created by `staff`: their ids.
pub async fn agency_at(staff: &Staff, app: &TestApp, name: &str, km: f64, categories: &[&str]) -> Agency {
    let org = id(&create(staff, "/v1/organizations", &organization(&format!("{name} Inc."))).await);
    let place = id(&create(staff, "/v1/locations", &location(&org, &format!("{name} office"), km)).await);
    let mut terms = Vec::new();
    for code in categories {
        terms.push(term_id(app, code).await);
    }
    let terms: Vec<&str> = terms.iter().map(String::as_str).collect();
    let service = id(&create(staff, "/v1/services", &service(&org, name, &[&place], &terms)).await);
    Agency { organization: org, location: place, service }
}

/// The ids of an agency made by [`agency_at`].
#[derive(Debug, Clone)]
pub struct Agency {
    /// The organization.
    pub organization: String,
    /// Its location.
    pub location: String,
    /// Its service.
    pub service: String,
}

/// The id of the taxonomy term with `code` (from `GET /v1/taxonomy_terms`).
pub async fn term_id(app: &TestApp, code: &str) -> String {
    let page = app.get_json("/v1/taxonomy_terms?limit=200").await;
    let terms = page["items"].as_array().expect("items");
    let term = terms.iter().find(|t| t["code"] == code).unwrap_or_else(|| panic!("no term {code}: {page}"));
    id(term)
}

/// Every item of `GET {path}` (a query string included), walking `next_cursor` with pages of
/// `limit`; each page must hold at most `limit` items.
pub async fn walk(app: &TestApp, path: &str, limit: usize) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..1000 {
        let mut url = format!("{path}&limit={limit}");
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={c}"));
        }
        let page = app.get_json(&url).await;
        let got = page["items"].as_array().expect("items").clone();
        assert!(got.len() <= limit, "{} items with limit={limit}", got.len());
        items.extend(got);
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => return items,
        }
    }
    panic!("next_cursor never ends for {path}");
}
