//! Geocoding with a Nominatim-compatible stand-in: addresses without coordinates get the
//! provider's answer, a town-level answer is `approximate`, an unknown address is imported and
//! flagged, and answers are cached (a re-run asks nothing).

use recovery_e2e::http::expect_json;
use recovery_e2e::{Staff, TestApp, both_backends};
use recovery_standin::{Place, Reply, StandIn};
use serde_json::{Value, json};

use super::common::*;

fn record(slug: &str, name: &str, address: &str, city: &str, state: &str) -> Value {
    json!({
        "slug": slug, "name": name, "day": 2, "time": "18:00", "types": ["O"],
        "address": address, "city": city, "state": state, "country": "US",
        "timezone": "America/New_York"
    })
}

fn records() -> Vec<Value> {
    vec![
        record("walnut", "Walnut Street Group", "1500 Walnut St", "Philadelphia", "PA"),
        record("prairie", "Prairie Group", "99 Nowhere Lane", "Springfield", "IL"),
        record("atlantis", "Atlantis Group", "1 Imaginary Rd", "Atlantis", "ZZ"),
    ]
}

/// The one published listing named `name`, as staff read it.
async fn read(app: &TestApp, staff: &Staff, name: &str) -> Value {
    let page = app.search(&format!("q={}", name.replace(' ', "%20"))).await;
    let found: Vec<Value> = list(&page).into_iter().filter(|m| m["name"] == name).collect();
    assert_eq!(found.len(), 1, "{name}: {page:#}");
    staff.read(&id(&found[0])).await
}

both_backends!(addresses_are_geocoded_once, backend: |backend| async move {
    let feed = StandIn::start();
    feed.route("/feed.json", Reply::json(serde_json::to_vec(&records()).unwrap()));
    let places = vec![
        Place { key: "walnut".into(), latitude: 39.9490, longitude: -75.1670, city_level: false },
        Place { key: "springfield".into(), latitude: 39.7817, longitude: -89.6501, city_level: true },
    ];
    feed.route("/search", Reply::Geocoder(places));
    let geocoder_url = feed.url("/");
    let app = feed_app(backend, &[("RD_GEOCODER", "nominatim"), ("RD_GEOCODER_URL", &geocoder_url)]).await;
    let editor = app.staff("editor").await;
    let source_id = id(&create_source(&editor, &source("Geocoded", "meeting-guide", Some(&feed.url("/feed.json")))).await);

    let run = sync(&editor, &source_id).await;
    assert_accounted(&run, 3);
    let asked = feed.hits("/search");
    assert!(asked >= 3, "each address was looked up: {:?}", feed.requests());
    let agents: Vec<Option<String>> = feed.requests().iter().filter(|r| r.path == "/search").map(|r| r.user_agent.clone()).collect();
    assert!(agents.iter().all(|a| a.as_deref().is_some_and(|a| a.contains("recovery-directory"))), "{agents:?}");

    let walnut = read(&app, &editor, "Walnut Street Group").await;
    assert_eq!(walnut["location"]["latitude"], json!(39.949), "{walnut:#}");
    assert_eq!(walnut["location"]["longitude"], json!(-75.167));
    assert_ne!(walnut["location"]["approximate"], json!(true), "{walnut:#}");
    let prairie = read(&app, &editor, "Prairie Group").await;
    assert_eq!(prairie["location"]["latitude"], json!(39.7817), "{prairie:#}");
    assert_eq!(prairie["location"]["approximate"], json!(true), "a town-level answer: {prairie:#}");
    let atlantis = read(&app, &editor, "Atlantis Group").await;
    assert!(atlantis["location"]["latitude"].is_null(), "{atlantis:#}");
    assert_eq!(atlantis["status"], "published");

    // Found by distance when placed; the unknown one only without `lat`/`lng`.
    assert_eq!(total(&app, "lat=39.95&lng=-75.167&radius_km=1").await, 1);
    assert_eq!(total(&app, "").await, 3);
    let flagged = expect_json(editor.get("/v1/flagged").send().await.unwrap(), 200).await;
    let flagged_text = flagged.to_string();
    assert!(flagged_text.contains(&id(&atlantis)) && flagged_text.contains("no-coordinates"), "{flagged:#}");
    assert!(!flagged_text.contains(&id(&walnut)), "a placed listing is not flagged: {flagged:#}");
    let flagged_ids: Vec<&Value> = run["flagged"].as_array().unwrap().iter().map(|f| &f["listing_id"]).collect();
    assert!(flagged_ids.contains(&&atlantis["id"]), "{run:#}");

    // An unchanged re-run, and a change to a geocoded record, ask the geocoder nothing.
    assert_eq!(counts(&sync(&editor, &source_id).await), [0, 0, 3, 0, 0, 0]);
    let mut changed = records();
    changed[0]["name"] = json!("Walnut Street Group Renamed");
    feed.route("/feed.json", Reply::json(serde_json::to_vec(&changed).unwrap()));
    let rerun = sync(&editor, &source_id).await;
    assert_eq!(count(&rerun, "updated"), 1, "{rerun:#}");
    assert_eq!(feed.hits("/search"), asked, "answers come from the cache: {:?}", feed.requests());
    let renamed = editor.read(&id(&walnut)).await;
    assert_eq!(renamed["location"]["latitude"], json!(39.949), "{renamed:#}");
});
