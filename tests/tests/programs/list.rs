//! `GET /v1/programs` and `GET /v1/programs/{program}/types`. Served from compiled-in data,
//! so one backend suffices.

use recovery_e2e::http::expect_problem;
use recovery_e2e::{Backend, TestApp};
use serde_json::Value;

fn type_name<'a>(list: &'a Value, code: &str) -> &'a str {
    list["types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["code"] == code)
        .and_then(|t| t["name"].as_str())
        .unwrap_or_else(|| panic!("no type {code} in {}", list["program"]))
}

#[tokio::test]
async fn programs_and_their_vocabularies() {
    let app = TestApp::start(Backend::Sqlite).await;
    let programs = app.get_json("/v1/programs").await;
    let list = programs.as_array().expect("an array");
    let ids: Vec<&str> = list.iter().map(|p| p["id"].as_str().unwrap()).collect();
    for id in ["aa", "al-anon", "na"] {
        assert!(ids.contains(&id), "{ids:?} lacks {id}");
    }
    let aa = list.iter().find(|p| p["id"] == "aa").unwrap();
    assert_eq!(aa["type_count"], 87, "{aa}");
    assert_eq!(aa["languages"].as_array().unwrap().len(), 9, "{aa}");
    assert!(aa["languages"].as_array().unwrap().iter().any(|l| l == "es"));
    for program in list {
        assert!(program["name"].is_string() && program["vocabulary"].is_string(), "{program}");
        let types = app.get_json(&format!("/v1/programs/{}/types", program["id"].as_str().unwrap())).await;
        assert_eq!(types["types"].as_array().unwrap().len(), program["type_count"], "{}", program["id"]);
    }
}

#[tokio::test]
async fn type_names_by_language_and_program() {
    let app = TestApp::start(Backend::Sqlite).await;
    let es = app.get_json("/v1/programs/aa/types?lang=es").await;
    assert_eq!(es["program"], "aa");
    assert_eq!(es["lang"], "es");
    assert_eq!(type_name(&es, "ST"), "Estudio de pasos");
    for t in es["types"].as_array().unwrap() {
        assert!(t["code"].is_string() && t["name"].is_string(), "{t}");
    }

    let en = app.get_json("/v1/programs/aa/types").await;
    assert_eq!(en["lang"], "en");
    assert_eq!(type_name(&en, "ST"), "Step Study");
    assert_eq!(type_name(&en, "B"), "Big Book");
    assert_eq!(type_name(&en, "W"), "Women");
    assert_eq!(type_name(&en, "TC"), "Location Temporarily Closed");

    let na = app.get_json("/v1/programs/na/types").await;
    assert_eq!(na["program"], "na");
    assert_eq!(type_name(&na, "B"), "Beginners");
    let codes: Vec<&str> = na["types"].as_array().unwrap().iter().map(|t| t["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"Pi") && !codes.contains(&"PI"), "NA codes are case-sensitive: {codes:?}");
    assert!(codes.contains(&"BT") && codes.contains(&"JT"), "{codes:?}");
}

#[tokio::test]
async fn unknown_programs_are_404() {
    let app = TestApp::start(Backend::Sqlite).await;
    expect_problem(app.get("/v1/programs/klingon/types").send().await.unwrap(), 404).await;
}
