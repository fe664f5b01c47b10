//! BMLT as NA service bodies really publish it (issue #19): a server built from the spec's
//! sample answers, changed where real servers differ: an unpublished meeting, New York's
//! boroughs and directions in the neighbourhood field, a virtual meeting without its link,
//! another server's format keys, and `GetServerInfo`.

use recovery_e2e::http::{expect_json, expect_problem};
use recovery_e2e::{Staff, TestApp, both_backends};
use recovery_standin::{Reply, StandIn};
use serde_json::{Value, json};

use super::common::*;

/// `meeting` with `fields` set.
fn set(meeting: &mut Value, fields: Value) {
    for (key, value) in fields.as_object().unwrap() {
        meeting[key] = value.clone();
    }
}

/// The sample search answer with the changes each test reads; `published` is the first
/// meeting's `published` value.
fn search(published: &str) -> Vec<u8> {
    let mut answer: Value = serde_json::from_slice(&spec_file("bmlt/meeting-search-42.867970-day4.json")).unwrap();
    let meetings = answer["meetings"].as_array_mut().unwrap();
    // 2533 "Never Look Back": unpublished on its server.
    set(&mut meetings[0], json!({ "published": published }));
    // 1802 "We Together Hand in Hand": a Brooklyn meeting filed under "New York", with
    // directions in its neighbourhood field.
    set(
        &mut meetings[1],
        json!({ "location_municipality": "New York", "location_city_subsection": "Brooklyn",
                "location_sub_province": "Kings", "location_neighborhood": "at Meeting House Rd.",
                "bus_lines": "B41", "train_lines": "2, 3 to Grand Army Plaza" }),
    );
    // 1915 "Meeting From Another Planet": a borough and no municipality.
    set(&mut meetings[2], json!({ "location_city_subsection": "Brooklyn", "location_sub_province": "Kings" }));
    meetings[2].as_object_mut().unwrap().remove("location_municipality");
    // 1913 "B There or B Square": virtual, without link or phone, and not placed.
    set(&mut meetings[3], json!({ "venue_type": "2", "latitude": "0", "longitude": "0" }));
    // 1912 "Principles Before Personalities": formats of this server's own.
    set(&mut meetings[4], json!({ "formats": "GP,NEW", "comments": "Coffee at 6:45" }));
    serde_json::to_vec(&answer).unwrap()
}

/// The sample's formats plus two of this server's own: one with a world id we map under
/// another key, one without a type here.
fn formats() -> Vec<u8> {
    let mut formats: Value = serde_json::from_slice(&spec_file("bmlt/formats.json")).unwrap();
    let list = formats.as_array_mut().unwrap();
    list.push(json!({ "key_string": "NEW", "name_string": "Newcomers", "world_id": "BEG", "lang": "en", "id": "90" }));
    list.push(json!({
        "key_string": "GP", "name_string": "Guiding Principles", "world_id": "GP", "lang": "en", "id": "91"
    }));
    serde_json::to_vec(&formats).unwrap()
}

/// Registers the server as an NA source and syncs it once: its id and the run.
async fn first_sync(editor: &Staff, feed: &StandIn) -> (String, Value) {
    let mut body = source("Finger Lakes NA", "bmlt", Some(&feed.url("/main_server/")));
    body["program"] = json!("na");
    let source_id = id(&create_source(editor, &body).await);
    let run = sync(editor, &source_id).await;
    assert_accounted(&run, 62);
    (source_id, run)
}

/// The run's item about source record `key` in `list` ("flagged", "warnings").
fn item<'a>(run: &'a Value, list: &str, key: &str) -> &'a Value {
    let items = run[list].as_array().unwrap_or_else(|| panic!("no {list}: {run:#}"));
    items.iter().find(|i| i["key"] == key).unwrap_or_else(|| panic!("no {list} item for {key}: {run:#}"))
}

/// The listing named `name`, read by staff (found by a public search).
async fn listing(app: &TestApp, editor: &Staff, name: &str) -> Value {
    let page = app.search(&format!("q={}", name.replace(' ', "%20"))).await;
    let found = list(&page).into_iter().find(|m| m["name"] == name).unwrap_or_else(|| panic!("{name}: {page:#}"));
    editor.read(&id(&found)).await
}

both_backends!(an_unpublished_meeting_is_a_flagged_draft_until_its_source_publishes_it, backend: |backend| async move {
    let feed = bmlt_server(search("0"), formats(), bmlt_server_info());
    let app = feed_app(backend, &[]).await;
    let editor = app.staff("editor").await;
    let (source_id, run) = first_sync(&editor, &feed).await;
    assert_eq!(total(&app, "").await, 61, "every meeting but the unpublished one is public");

    let flagged = item(&run, "flagged", "2533");
    assert_eq!(flagged["reason"], "unpublished in its source: imported as a draft, not shown to the public");
    let draft_id = flagged["listing_id"].as_str().unwrap().to_string();
    assert_eq!(total(&app, "q=never%20look%20back").await, 0);
    expect_problem(app.get(&format!("/v1/meetings/{draft_id}")).send().await.unwrap(), 404).await;
    let draft = editor.read(&draft_id).await;
    assert_eq!((draft["name"].as_str(), draft["status"].as_str()), (Some("Never Look Back"), Some("draft")));
    let review = expect_json(editor.get("/v1/flagged").send().await.unwrap(), 200).await;
    let entry = list(&review).into_iter().find(|f| f["external_key"] == "2533").unwrap();
    assert_eq!(entry["flags"], json!(["unpublished"]));

    // The server publishes it: the next run makes it public.
    feed.route_query("/main_server/client_interface/json/", "switcher=GetSearchResults", Reply::json(search("1")));
    let published = sync(&editor, &source_id).await;
    assert_eq!(counts(&published), [0, 1, 61, 0, 0, 0], "{published:#}");
    assert_eq!(editor.read(&draft_id).await["status"], "published");
    assert_eq!(total(&app, "q=never%20look%20back").await, 1);
});

both_backends!(boroughs_are_where_new_yorkers_look_and_directions_stay_notes, backend: |backend| async move {
    let feed = bmlt_server(search("1"), formats(), bmlt_server_info());
    let app = feed_app(backend, &[]).await;
    let editor = app.staff("editor").await;
    first_sync(&editor, &feed).await;

    assert_eq!(total(&app, "region=Brooklyn").await, 2, "by borough");
    assert_eq!(total(&app, "region=Kings").await, 2, "and by county");
    assert_eq!(total(&app, "region=at%20Meeting%20House%20Rd.").await, 0, "directions are no region");
    let filed_under_new_york = listing(&app, &editor, "We Together Hand in Hand").await;
    let location = &filed_under_new_york["location"];
    assert_eq!(location["city"], "Brooklyn");
    assert_eq!(location["regions"], json!(["NY", "Kings", "Brooklyn"]));
    assert_eq!(location["notes"], "at Meeting House Rd.\nBus: B41\nTrain: 2, 3 to Grand Army Plaza");
    let no_municipality = listing(&app, &editor, "Meeting From Another Planet").await;
    assert_eq!(no_municipality["location"]["city"], "Brooklyn");
    let upstate = listing(&app, &editor, "Principles Before Personalities").await;
    assert_eq!(upstate["location"]["regions"], json!(["NY", "Rochester"]), "state, then town");
});

both_backends!(a_servers_own_formats_map_by_world_id_or_stay_in_the_notes, backend: |backend| async move {
    let feed = bmlt_server(search("1"), formats(), bmlt_server_info());
    let app = feed_app(backend, &[]).await;
    let editor = app.staff("editor").await;
    let (_, run) = first_sync(&editor, &feed).await;

    let meeting = listing(&app, &editor, "Principles Before Personalities").await;
    assert_eq!(meeting["types"], json!(["B"]), "NEW is world id BEG: Beginners");
    assert_eq!(meeting["notes"], "Coffee at 6:45\n\nFormats: Guiding Principles");
    let warnings: Vec<&str> = run["warnings"].as_array().unwrap().iter().filter_map(|w| w["reason"].as_str()).collect();
    let about_formats: Vec<&str> = warnings.into_iter().filter(|w| w.contains("format")).collect();
    assert_eq!(
        about_formats,
        ["format `Guiding Principles` has no meeting type here: named in the notes of 1 meeting"],
        "one warning for the format, none for the keys it mapped: {run:#}"
    );
    // The sample's own meetings keep their types.
    assert_eq!(listing(&app, &editor, "Never Look Back").await["types"], json!(["NS", "O", "RF", "WC"]));
});

both_backends!(a_virtual_meeting_without_its_link_is_flagged_for_the_link, backend: |backend| async move {
    let feed = bmlt_server(search("1"), formats(), bmlt_server_info());
    let app = feed_app(backend, &[]).await;
    let editor = app.staff("editor").await;
    let (_, run) = first_sync(&editor, &feed).await;

    let reason = item(&run, "flagged", "1913")["reason"].as_str().unwrap().to_string();
    assert_eq!(reason, "meets online only but has no link or phone to join by: nobody can attend as listed");
    let review = expect_json(editor.get("/v1/flagged").send().await.unwrap(), 200).await;
    let entry = list(&review).into_iter().find(|f| f["external_key"] == "1913").unwrap();
    assert_eq!(entry["flags"], json!(["no-online-link"]), "not \"meets in person\": {entry}");
});

both_backends!(server_info_is_asked_and_a_server_without_it_is_still_read, backend: |backend| async move {
    let feed = bmlt_server(search("1"), formats(), bmlt_server_info());
    // The harness logs warnings only; the version is an import line.
    let app = feed_app(backend, &[("RD_LOG", "warn,recovery_server::server=info,recovery_import=info")]).await;
    let editor = app.staff("editor").await;
    let (source_id, _) = first_sync(&editor, &feed).await;
    let asked: Vec<String> = feed.requests().iter().map(|r| r.query.clone()).collect();
    assert!(asked.iter().any(|q| q.contains("switcher=GetServerInfo")), "{asked:?}");
    let log = app.server_log();
    assert!(log.lines().any(|l| l.contains("BMLT server") && l.contains("3.0.0")), "the version is logged: {log}");

    feed.route_query("/main_server/client_interface/json/", "switcher=GetServerInfo", Reply::status(404));
    let run = sync(&editor, &source_id).await;
    assert_succeeded(&run);
    assert_eq!(counts(&run), [0, 0, 62, 0, 0, 0], "{run:#}");
    let warnings = run["warnings"].to_string();
    assert!(warnings.contains("GetServerInfo could not be read"), "{run:#}");
});
