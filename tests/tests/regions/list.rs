//! `GET /v1/regions`: the region tree of published meetings.

use recovery_e2e::both_backends;
use recovery_e2e::fixtures::{meeting, merged};
use serde_json::{Value, json};

fn child<'a>(nodes: &'a Value, name: &str) -> &'a Value {
    nodes
        .as_array()
        .unwrap_or_else(|| panic!("not a list of regions: {nodes}"))
        .iter()
        .find(|n| n["name"] == name)
        .unwrap_or_else(|| panic!("no region {name} in {nodes}"))
}

both_backends!(the_tree_counts_published_meetings, |app| async move {
    assert_eq!(app.get_json("/v1/regions").await, json!([]));
    let editor = app.staff("editor").await;
    let at = |regions: Value| json!({"location": {"regions": regions}});
    editor.create(&merged(&meeting("One"), at(json!(["Pennsylvania", "Philadelphia", "Fishtown"])))).await;
    editor.create(&merged(&meeting("Two"), at(json!(["Pennsylvania", "Philadelphia", "Fishtown"])))).await;
    editor.create(&merged(&meeting("Three"), at(json!(["Pennsylvania", "Philadelphia", "Kensington"])))).await;
    editor.create(&merged(&meeting("Four"), at(json!(["Pennsylvania", "Pittsburgh"])))).await;
    editor.create(&merged(&meeting("Five"), at(json!(["New Jersey"])))).await;
    let draft = json!({"status": "draft", "location": {"regions": ["Delaware", "Wilmington"]}});
    editor.create(&merged(&meeting("Hidden"), draft)).await;
    let archived = json!({"status": "archived", "location": {"regions": ["Pennsylvania", "Philadelphia", "Fishtown"]}});
    editor.create(&merged(&meeting("Gone"), archived)).await;

    let tree = app.get_json("/v1/regions").await;
    let names: Vec<&str> = tree.as_array().unwrap().iter().map(|n| n["name"].as_str().unwrap()).collect();
    assert!(!names.contains(&"Delaware"), "a draft's region is not public: {names:?}");
    let pa = child(&tree, "Pennsylvania");
    assert_eq!(pa["path"], json!(["Pennsylvania"]));
    assert_eq!(pa["meeting_count"], 4, "{pa}");
    let philly = child(&pa["children"], "Philadelphia");
    assert_eq!(philly["path"], json!(["Pennsylvania", "Philadelphia"]));
    assert_eq!(philly["meeting_count"], 3);
    let fishtown = child(&philly["children"], "Fishtown");
    assert_eq!(fishtown["path"], json!(["Pennsylvania", "Philadelphia", "Fishtown"]));
    assert_eq!(fishtown["meeting_count"], 2, "the archived meeting is not counted");
    assert_eq!(fishtown["children"], json!([]));
    assert_eq!(child(&philly["children"], "Kensington")["meeting_count"], 1);
    assert_eq!(child(&pa["children"], "Pittsburgh")["meeting_count"], 1);
    assert_eq!(child(&tree, "New Jersey")["meeting_count"], 1);
});
