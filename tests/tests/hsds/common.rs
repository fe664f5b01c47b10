//! Shared by the HSDS tests: the official HSDS 3.0 JSON Schemas (their relative `$ref`s
//! resolved from the local copy, never the network), a walk that finds `null`s, and small HSDS
//! services to import.

use std::path::PathBuf;
use std::sync::OnceLock;

use jsonschema::{Retrieve, Uri, Validator};
use recovery_e2e::http::expect_json;
use recovery_e2e::{Staff, TestApp};
use serde_json::{Value, json};

/// Where the HSDS 3.0 spec files are: `RD_SPEC_DIR` (a folder holding `hsds-3.0/`), else the
/// `shared/spec` folder beside the checkout, else the workplace's `/work/shared/spec`. These
/// are conformance tests: without the official schemas they fail, saying where they looked.
pub fn spec_dir() -> PathBuf {
    let candidates: Vec<PathBuf> = std::env::var_os("RD_SPEC_DIR")
        .map(PathBuf::from)
        .into_iter()
        .chain([recovery_e2e::binary::workspace_root().join("../shared/spec"), PathBuf::from("/work/shared/spec")])
        .collect();
    candidates
        .iter()
        .map(|dir| dir.join("hsds-3.0"))
        .find(|dir| dir.join("schema/service.json").is_file())
        .unwrap_or_else(|| panic!("the HSDS 3.0 schemas were not found (set RD_SPEC_DIR); looked in {candidates:?}"))
}

fn schema_file(name: &str) -> Value {
    let path = spec_dir().join("schema").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// Serves `https://hsds.invalid/schema/<file>` from the local schema folder.
struct LocalSchemas;

impl Retrieve for LocalSchemas {
    fn retrieve(&self, uri: &Uri<String>) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri.as_str().rsplit('/').next().unwrap_or_default().to_string();
        let path = spec_dir().join("schema").join(&name);
        Ok(serde_json::from_str(&std::fs::read_to_string(path)?)?)
    }
}

const KINDS: [&str; 5] = ["service", "organization", "service_at_location", "taxonomy", "taxonomy_term"];

fn validators() -> &'static Vec<(String, Validator)> {
    static VALIDATORS: OnceLock<Vec<(String, Validator)>> = OnceLock::new();
    VALIDATORS.get_or_init(|| {
        KINDS
            .iter()
            .map(|kind| {
                let validator = jsonschema::options()
                    .with_base_uri(format!("https://hsds.invalid/schema/{kind}.json"))
                    .with_retriever(LocalSchemas)
                    .should_validate_formats(true)
                    .build(&schema_file(&format!("{kind}.json")))
                    .unwrap_or_else(|e| panic!("{kind}.json does not compile: {e}"));
                (kind.to_string(), validator)
            })
            .collect()
    })
}

/// Asserts that `record` validates against HSDS's `<kind>.json` and holds no `null`.
pub fn assert_valid(kind: &str, record: &Value) {
    let (_, validator) = validators().iter().find(|(k, _)| k == kind).unwrap();
    let errors: Vec<String> =
        validator.iter_errors(record).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{kind} fails the HSDS schema: {errors:#?}\n{record:#}");
    assert_no_nulls(record);
}

/// Asserts that no member or element anywhere in `value` is `null`.
pub fn assert_no_nulls(value: &Value) {
    fn walk(value: &Value, path: &str) {
        match value {
            Value::Null => panic!("null at {path}"),
            Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| walk(v, &format!("{path}[{i}]"))),
            Value::Object(map) => map.iter().for_each(|(k, v)| walk(v, &format!("{path}.{k}"))),
            _ => {}
        }
    }
    walk(value, "$");
}

/// Asserts the envelope members and their arithmetic, validates every item against `kind`'s
/// schema (`minimal` items, only `id` and `last_modified` as HSDS asks, cannot satisfy a schema
/// that requires `name`: they are checked for `null`s only), and returns them.
pub fn assert_page(kind: &str, page: &Value, page_number: u64, per_page: u64) -> Vec<Value> {
    assert_no_nulls(page);
    let total = page["total_items"].as_u64().unwrap();
    let contents = page["contents"].as_array().unwrap().clone();
    let pages = total.div_ceil(per_page);
    assert_eq!(page["total_pages"], pages, "{page}");
    assert_eq!(page["page_number"], page_number, "{page}");
    assert_eq!(page["size"], contents.len(), "{page}");
    assert_eq!(page["first_page"], page_number == 1, "{page}");
    assert_eq!(page["last_page"], page_number >= pages, "{page}");
    assert_eq!(page["empty"], contents.is_empty(), "{page}");
    let expected = total.saturating_sub((page_number - 1) * per_page).min(per_page);
    assert_eq!(contents.len() as u64, expected, "{page}");
    for item in &contents {
        if kind == "minimal" {
            assert_no_nulls(item);
        } else {
            assert_valid(kind, item);
        }
    }
    contents
}

/// The seeded taxonomy and some of its terms.
pub const TAXONOMY: &str = "01bafb19-9b40-483b-894f-a1008d1720f1";
/// Seeded "housing".
pub const HOUSING: &str = "1247b25a-a22d-4342-90a8-ceaa980777ee";
/// Seeded "housing → sober living".
pub const SOBER_LIVING: &str = "9d6ccd43-25a8-4c53-8e53-31b2f2ff5f80";
/// Seeded "employment".
pub const EMPLOYMENT: &str = "5e782e74-2ef7-4bb8-9abc-9c6aa00b6241";
/// Seeded "recovery support".
pub const RECOVERY_SUPPORT: &str = "31e88dcb-2421-4acb-9613-fad9c51342c8";
/// Seeded "recovery support → mutual-aid groups".
pub const MUTUAL_AID: &str = "92550a57-be0c-4c3b-90c7-04aa8f51a96a";

/// A small HSDS service: `org` (id, name), one physical location at `point` with `postcode`,
/// weekday hours, and the categories `terms` (ids of existing terms).
pub fn service(id: &str, name: &str, org: (&str, &str), location: (&str, (f64, f64), &str), terms: &[&str]) -> Value {
    let (location_id, (lat, lng), postcode) = location;
    json!({
        "id": id,
        "name": name,
        "description": format!("{name}: help for people in recovery."),
        "status": "active",
        "organization": {"id": org.0, "name": org.1, "description": format!("{} serves Philadelphia.", org.1)},
        "phones": [{"id": uuid(&format!("{id}-phone")), "number": "215-555-0100", "type": "voice"}],
        "schedules": [{"id": uuid(&format!("{id}-hours")), "freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR",
                       "opens_at": "09:00", "closes_at": "17:00"}],
        "service_at_locations": [{
            "id": uuid(&format!("{id}-sal")),
            "location": {
                "id": location_id, "location_type": "physical", "name": format!("{name} office"),
                "latitude": lat, "longitude": lng,
                "addresses": [{"id": uuid(&format!("{id}-address")), "address_1": "1 Main St", "city": "Philadelphia",
                               "state_province": "PA", "postal_code": postcode, "country": "US", "address_type": "physical"}]
            }
        }],
        "attributes": terms.iter().map(|t| json!({"id": uuid(&format!("{id}-{t}")), "taxonomy_term_id": t})).collect::<Vec<_>>()
    })
}

/// A deterministic UUID from a label (for readable fixtures).
pub fn uuid(label: &str) -> String {
    let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for b in label.bytes() {
        h = (h ^ u128::from(b)).wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
    }
    // Version 4 and RFC 4122 variant bits, so the string is a well-formed UUID.
    let h = (h & !(0xf << 76) | (0x4 << 76)) & !(0x3 << 62) | (0x2 << 62);
    let s = format!("{h:032x}");
    format!("{}-{}-{}-{}-{}", &s[0..8], &s[8..12], &s[12..16], &s[16..20], &s[20..32])
}

/// Imports HSDS services, expecting 200, and returns the outcome.
pub async fn import(editor: &Staff, body: &Value) -> Value {
    expect_json(editor.post("/v1/imports/hsds", body).send().await.unwrap(), 200).await
}

/// Gets a JSON answer, expecting 200 and `Access-Control-Allow-Origin: *`.
pub async fn get(app: &TestApp, path: &str) -> Value {
    let response = app.get(path).header("Origin", "https://211.example.org").send().await.unwrap();
    let cors = response.headers().get("access-control-allow-origin").map(|v| v.to_str().unwrap().to_string());
    assert_eq!(cors.as_deref(), Some("*"), "{path}");
    expect_json(response, 200).await
}
