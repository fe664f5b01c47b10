//! What real meeting finders need from the feed and our HTTP (issue #19): one program per
//! feed with codes that keep their meaning, an address on every online meeting, no `null`,
//! the source's own `updated`, distinct ETags per coding, `HEAD` everywhere, and dial-in links
//! that dial.

use recovery_e2e::fixtures::{meeting, merged};
use recovery_e2e::http::expect_status;
use recovery_e2e::{Backend, TestApp, both_backends};
use reqwest::Method;
use reqwest::header::{ACCEPT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, ETAG, IF_NONE_MATCH, LINK};
use serde_json::{Value, json};

use crate::sources::common::{ALLOW_LOOPBACK, create_source, id, source, upload};

const FEED: &str = "/feeds/meeting-guide.json";

/// The Meeting Guide type codes (the list the feed's clients read codes with).
fn meeting_guide_codes() -> Vec<String> {
    let path = recovery_e2e::binary::workspace_root().join("crates/domain/data/meeting-guide-types.json");
    let list: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    list.as_object().unwrap().keys().cloned().collect()
}

/// Every path in `value` that is `null`.
fn nulls(value: &Value, path: &str, out: &mut Vec<String>) {
    match value {
        Value::Null => out.push(path.to_string()),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| nulls(v, &format!("{path}[{i}]"), out)),
        Value::Object(map) => map.iter().for_each(|(k, v)| nulls(v, &format!("{path}.{k}"), out)),
        _ => {}
    }
}

/// Asserts what Meeting Guide clients rely on, for every entry of `feed`.
fn assert_meeting_guide_facts(feed: &Value) {
    let codes = meeting_guide_codes();
    let mut found = Vec::new();
    nulls(feed, "$", &mut found);
    assert!(found.is_empty(), "no property is ever null: {found:?}");
    for entry in feed.as_array().unwrap() {
        for code in entry["types"].as_array().unwrap() {
            assert!(codes.contains(&code.as_str().unwrap().to_string()), "{code} is not a Meeting Guide code: {entry}");
        }
        if entry["attendance_option"] == "online" || entry["attendance_option"] == "hybrid" {
            assert!(
                entry["formatted_address"].as_str().is_some_and(|a| !a.is_empty()),
                "an online meeting has a place: {entry}"
            );
        }
    }
}

fn by_slug<'a>(feed: &'a Value, slug: &str) -> &'a Value {
    feed.as_array().unwrap().iter().find(|e| e["slug"] == slug).unwrap_or_else(|| panic!("no {slug} in {feed}"))
}

both_backends!(one_program_per_feed_with_codes_that_keep_their_meaning, |app: TestApp| async move {
    let editor = app.staff("editor").await;
    editor.create(&merged(&meeting("Alpha AA"), json!({"types": ["O", "B"]}))).await;
    let na = json!({"program": "na", "types": ["B", "SL", "JT", "BT", "O"], "notes": "Coffee."});
    editor.create(&merged(&meeting("Beta NA"), na)).await;

    let response = app.get(FEED).send().await.unwrap();
    let links = response.headers().get(LINK).unwrap().to_str().unwrap().to_string();
    for program in ["aa", "na", "al-anon"] {
        assert!(links.contains(&format!("{FEED}?program={program}>; rel=\"alternate\"")), "{links}");
    }
    let default: Value = response.json().await.unwrap();
    let slugs: Vec<&str> = default.as_array().unwrap().iter().map(|e| e["slug"].as_str().unwrap()).collect();
    assert_eq!(slugs, ["alpha-aa"], "without ?program, the default program only");
    assert_eq!(by_slug(&default, "alpha-aa")["types"], json!(["O", "B"]), "AA's B is Big Book, as in the list");

    let na = app.get_json(&format!("{FEED}?program=na")).await;
    let beta = by_slug(&na, "beta-na");
    assert_eq!(beta["types"], json!(["BE", "ASL", "O"]), "NA Beginners is not Big Book, nor ASL Slovenian: {beta}");
    assert_eq!(beta["notes"], "Coffee.\n\nFormats: Just for Today, Basic Text.", "{beta}");
    assert_meeting_guide_facts(&default);
    assert_meeting_guide_facts(&na);
});

both_backends!(online_meetings_without_an_address_get_an_approximate_place, backend: |backend: Backend| async move {
    let app = TestApp::builder(backend).env("RD_DEFAULT_PLACE", "Philadelphia, PA, USA").start().await;
    let editor = app.staff("editor").await;
    let online = json!({"url": "https://zoom.us/j/1"});
    let mut nowhere = merged(&meeting("Online Nowhere"), json!({"online": {"conference_url": "https://zoom.us/j/1"}}));
    nowhere.as_object_mut().unwrap().remove("location");
    editor.create(&nowhere).await;
    let mut regional = merged(&meeting("Online Regional"), json!({"online": {"conference_url": online["url"]}}));
    regional["location"] = json!({"regions": ["Pennsylvania", "Montgomery County"]});
    editor.create(&regional).await;

    let feed = app.get_json(FEED).await;
    let nowhere = by_slug(&feed, "online-nowhere");
    assert_eq!((nowhere["formatted_address"].as_str(), nowhere["approximate"].as_str()), (Some("Philadelphia, PA, USA"), Some("yes")));
    let regional = by_slug(&feed, "online-regional");
    assert_eq!(regional["formatted_address"], "Montgomery County, Pennsylvania", "{regional}");
    assert_eq!(regional["approximate"], "yes");
    assert_eq!(regional["regions"], json!(["Pennsylvania", "Montgomery County"]));
    assert_meeting_guide_facts(&feed);
});

both_backends!(updated_is_the_sources_own_time_until_staff_edit, backend: |backend: Backend| async move {
    let app = TestApp::builder(backend).env(ALLOW_LOOPBACK.0, ALLOW_LOOPBACK.1).start().await;
    let admin = app.staff("admin").await;
    let created = create_source(&admin, &source("Upstream", "meeting-guide", None)).await;
    let feed = json!([{
        "name": "Upstream Tuesday", "slug": "upstream-tuesday", "day": 2, "time": "19:00",
        "formatted_address": "1500 Walnut St, Philadelphia, PA 19102", "types": ["O"],
        "updated": "2024-01-02 03:04:05"
    }]);
    upload(&admin, &id(&created), serde_json::to_vec(&feed).unwrap()).await;
    let ours = app.get_json(FEED).await;
    assert_eq!(by_slug(&ours, "upstream-tuesday")["updated"], "2024-01-02 03:04:05");

    let meeting = by_slug(&app.get_json("/v1/meetings?limit=10").await["items"], "upstream-tuesday").clone();
    let patched = admin.patch(&format!("/v1/meetings/{}", meeting["id"].as_str().unwrap()), &json!({"notes": "Edited here."}));
    expect_status(patched.send().await.unwrap(), 200).await;
    let ours = app.get_json(FEED).await;
    let updated = by_slug(&ours, "upstream-tuesday")["updated"].as_str().unwrap().to_string();
    assert!(updated.as_str() > "2026-01-01", "an edit here is a change here: {updated}");
});

both_backends!(gzip_and_identity_bodies_have_different_etags, |app: TestApp| async move {
    app.staff("editor").await.create(&meeting("Tagged")).await;
    let raw = reqwest::Client::builder().no_gzip().build().unwrap();
    let plain = raw.get(app.url(FEED)).header(ACCEPT_ENCODING, "identity").send().await.unwrap();
    let plain_tag = plain.headers()[ETAG].to_str().unwrap().to_string();
    let zipped = raw.get(app.url(FEED)).header(ACCEPT_ENCODING, "gzip").send().await.unwrap();
    let zipped_tag = zipped.headers()[ETAG].to_str().unwrap().to_string();
    assert_ne!(plain_tag, zipped_tag);
    let cross =
        raw.get(app.url(FEED)).header(ACCEPT_ENCODING, "gzip").header(IF_NONE_MATCH, &plain_tag).send().await.unwrap();
    assert_eq!(cross.status(), 200, "the identity tag does not validate the gzip body");
    let same =
        raw.get(app.url(FEED)).header(ACCEPT_ENCODING, "gzip").header(IF_NONE_MATCH, &zipped_tag).send().await.unwrap();
    assert_eq!(same.status(), 304);
});

both_backends!(every_get_route_answers_head, backend: |backend: Backend| async move {
    let app = TestApp::builder(backend).demo().start().await;
    let slug = app.get_json(FEED).await[0]["slug"].as_str().unwrap().to_string();
    let paths = [
        FEED.to_string(),
        "/v1/meetings".into(),
        "/v1/programs".into(),
        "/v1/regions".into(),
        "/hsds/services".into(),
        "/healthz".into(),
        "/readyz".into(),
        "/openapi.json".into(),
        "/".into(),
        format!("/meetings/{slug}"),
        "/staff/".into(),
        "/no/such/route".into(),
    ];
    for path in paths {
        let get = app.get(&path).header(ACCEPT_ENCODING, "identity").send().await.unwrap();
        let (status, headers) = (get.status(), get.headers().clone());
        let body = get.bytes().await.unwrap();
        let head = app.request(Method::HEAD, &path).header(ACCEPT_ENCODING, "identity").send().await.unwrap();
        assert_eq!(head.status(), status, "HEAD {path}");
        assert_eq!(head.headers().get(CONTENT_TYPE), headers.get(CONTENT_TYPE), "HEAD {path}");
        if status.is_success() {
            let length = head.headers().get(CONTENT_LENGTH).map(|v| v.to_str().unwrap().parse::<usize>().unwrap());
            assert_eq!(length, Some(body.len()), "HEAD {path} announces the GET body's length");
        }
        assert!(head.bytes().await.unwrap().is_empty(), "HEAD {path} has no body");
    }
});

both_backends!(the_demo_feeds_hold_the_facts_and_dial_in_links_dial, backend: |backend: Backend| async move {
    let app = TestApp::builder(backend).demo().start().await;
    for program in ["aa", "na", "al-anon"] {
        assert_meeting_guide_facts(&app.get_json(&format!("{FEED}?program={program}")).await);
    }
    let feed = app.get_json(FEED).await;
    let dial_in: Vec<&Value> =
        feed.as_array().unwrap().iter().filter(|e| e["conference_phone"].as_str().is_some_and(|p| p.contains(",,"))).collect();
    assert!(!dial_in.is_empty(), "the demo has dial-in meetings");
    for entry in dial_in {
        let phone = entry["conference_phone"].as_str().unwrap();
        let expected = format!("tel:{}", phone.replace('#', "%23"));
        let page = app.get(&format!("/meetings/{}", entry["slug"].as_str().unwrap())).send().await.unwrap();
        let html = expect_status(page, 200).await;
        assert!(html.contains(&format!("href=\"{expected}\"")), "{expected} on the page of {}", entry["slug"]);
    }
});
