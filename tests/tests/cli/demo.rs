//! `serve --demo`: the demo meetings around Philadelphia.

use recovery_e2e::binary::workspace_root;
use recovery_e2e::fixtures::PHILADELPHIA;
use recovery_e2e::http::{expect_problem, items};
use recovery_e2e::{TestApp, both_backends};
use serde_json::Value;

/// The demo meetings the binary ships, as a developer wrote them.
fn demo_file() -> Vec<Value> {
    let path = workspace_root().join("crates/server/demo/meetings.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn slug_of(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric() && c != '\'')
        .map(|w| w.replace('\'', "").to_lowercase())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

both_backends!(serve_demo_loads_meetings_around_philadelphia, backend: |backend| async move {
    let app = TestApp::builder(backend).demo().start().await;
    let (lat, lng) = PHILADELPHIA;
    let page = app.search(&format!("lat={lat}&lng={lng}&radius_km=25&limit=200")).await;
    let found = items(&page);
    let total = page["total"].as_u64().unwrap() as usize;
    assert_eq!(total, found.len());
    assert!((30..=40).contains(&total), "about 36 demo meetings near Philadelphia, found {total}");
    let distances: Vec<f64> = found.iter().map(|m| m["distance_km"].as_f64().unwrap()).collect();
    assert!(distances.windows(2).all(|w| w[0] <= w[1]), "nearest first: {distances:?}");
    assert!(distances.iter().all(|d| *d <= 25.0));
    let options: Vec<&str> = found.iter().map(|m| m["attendance_option"].as_str().unwrap()).collect();
    for option in ["online", "hybrid", "in_person"] {
        assert!(options.contains(&option), "no {option} meeting among {options:?}");
    }
    let programs: Vec<&str> = found.iter().map(|m| m["program"].as_str().unwrap()).collect();
    for program in ["aa", "na", "al-anon"] {
        assert!(programs.contains(&program), "no {program} meeting");
    }

    // The draft is in the data but not public.
    let drafts: Vec<Value> = demo_file().into_iter().filter(|m| m["status"] == "draft").collect();
    assert!(!drafts.is_empty(), "the demo data include a draft");
    let public_total = app.search("limit=200").await["total"].as_u64().unwrap() as usize;
    assert_eq!(public_total, demo_file().len() - drafts.len(), "everything but the drafts is public");
    let viewer = app.staff("viewer").await;
    for draft in &drafts {
        let name = draft["name"].as_str().unwrap();
        let slug = draft["slug"].as_str().map_or_else(|| slug_of(name), str::to_string);
        expect_problem(app.get(&format!("/v1/meetings/{slug}")).send().await.unwrap(), 404).await;
        assert_eq!(viewer.read(&slug).await["status"], "draft");
        let feed = app.get("/feeds/meeting-guide.json").send().await.unwrap().text().await.unwrap();
        assert!(!feed.contains(name), "the feed lists the draft {name}");
        assert!(!feed.contains(&format!("\"{slug}\"")), "the feed lists the draft {slug}");
    }

    // Demo data go only into an empty database.
    let again = app.replica().demo().start().await;
    assert_eq!(again.search("limit=200").await["total"].as_u64().unwrap() as usize, public_total);
});
