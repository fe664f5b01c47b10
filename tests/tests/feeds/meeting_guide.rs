//! `GET /feeds/meeting-guide.json`: the Meeting Guide feed, its filters and HTTP caching.

use std::io::Read;
use std::time::Duration;

use recovery_e2e::fixtures::{meeting, merged};
use recovery_e2e::http::{expect_json, expect_status};
use recovery_e2e::poll::eventually;
use recovery_e2e::{Staff, TestApp, both_backends};
use reqwest::header::{ACCEPT_ENCODING, CONTENT_ENCODING, ETAG, IF_NONE_MATCH};
use serde_json::{Value, json};

const FEED: &str = "/feeds/meeting-guide.json";

/// A full meeting with a public and a private contact, a draft, and meetings of other
/// programs and regions.
async fn seed(app: &TestApp) -> Staff {
    let editor = app.staff("editor").await;
    let full = merged(
        &meeting("Zeta Full Details"),
        json!({
            "day": 3, "time": "07:05", "end_time": "08:10", "notes": "Coffee.",
            "types": ["O", "D", "ST"], "temporarily_closed": true,
            "location": {"name": "Grace Hall", "notes": "Side door.", "approximate": false},
            "online": {"conference_url": "https://zoom.us/j/42", "conference_url_notes": "pw: hope",
                       "conference_phone": "+16465588656,,42#", "conference_phone_notes": "dial"},
            "group": {"name": "Zeta Group", "notes": "Business first Sunday.", "website": "https://zeta.example.org",
                      "email": "zeta@example.org", "phone": "215-555-0142", "venmo": "@zeta",
                      "paypal": "zetagroup", "square": "$zeta"},
            "contacts": [
                {"name": "Harriet Hidden", "email": "harriet.hidden@example.org", "phone": "215-555-0911"},
                {"name": "Olive Open", "email": "olive.open@example.org", "phone": "215-555-0700", "public": true}
            ]
        }),
    );
    editor.create(&full).await;
    editor.create(&merged(&meeting("Alpha Plain"), json!({"location": {"approximate": true}}))).await;
    let na = json!({"program": "na", "types": ["O", "JT"], "location": {"regions": ["New Jersey", "Camden County"]}});
    editor.create(&merged(&meeting("Mu Narcotics Anonymous"), na)).await;
    editor
        .create(&merged(
            &meeting("Beta Draft"),
            json!({"status": "draft", "contacts": [{"name": "Dora Draft", "public": true}]}),
        ))
        .await;
    editor
}

fn slugs(feed: &Value) -> Vec<&str> {
    feed.as_array()
        .unwrap_or_else(|| panic!("not an array: {feed}"))
        .iter()
        .map(|m| m["slug"].as_str().unwrap())
        .collect()
}

both_backends!(entries_follow_the_meeting_guide_format, |app| async move {
    seed(&app).await;
    let response = app.get(FEED).send().await.unwrap();
    let text = expect_status(response, 200).await;
    for secret in ["Harriet", "harriet.hidden", "215-555-0911", "Dora Draft", "Beta Draft"] {
        assert!(!text.contains(secret), "the feed shows `{secret}`");
    }
    let feed: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(slugs(&feed), ["alpha-plain", "zeta-full-details"], "the default program's published, by slug");

    let zeta = &feed[1];
    let expected = json!({
        "name": "Zeta Full Details", "slug": "zeta-full-details", "day": 3, "time": "07:05", "end_time": "08:10",
        "timezone": "America/New_York", "notes": "Coffee.",
        "location": "Grace Hall", "location_notes": "Side door.",
        "address": "1500 Walnut St", "city": "Philadelphia", "state": "PA", "postal_code": "19102", "country": "US",
        "latitude": 39.9494, "longitude": -75.1664, "approximate": "no",
        "regions": ["Pennsylvania", "Philadelphia", "Center City"],
        "conference_url": "https://zoom.us/j/42", "conference_url_notes": "pw: hope",
        "conference_phone": "+16465588656,,42#", "conference_phone_notes": "dial",
        "group": "Zeta Group", "group_notes": "Business first Sunday.",
        "contact_1_name": "Olive Open", "contact_1_email": "olive.open@example.org", "contact_1_phone": "215-555-0700",
        "attendance_option": "online"
    });
    for (key, value) in expected.as_object().unwrap() {
        assert_eq!(&zeta[key], value, "`{key}` in {zeta}");
    }
    let types: Vec<&str> = zeta["types"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
    for code in ["O", "D", "ST", "TC"] {
        assert!(types.contains(&code), "types {types:?} lack {code} (TC: temporarily closed)");
    }
    assert!(zeta["formatted_address"].as_str().is_some_and(|a| a.contains("1500 Walnut St")), "{zeta}");
    assert!(zeta.get("contact_2_name").is_none(), "the private contact has no slot: {zeta}");
    let updated = zeta["updated"].as_str().unwrap();
    chrono::NaiveDateTime::parse_from_str(updated, "%Y-%m-%d %H:%M:%S")
        .unwrap_or_else(|e| panic!("updated `{updated}`: {e}"));
    assert!(zeta["url"].as_str().is_some_and(|u| u.starts_with("http")), "{zeta}");

    assert_eq!(feed[0]["approximate"], "yes");
    assert_eq!(feed[0]["attendance_option"], "inactive", "approximate and no link");
    for entry in feed.as_array().unwrap() {
        assert!(entry["day"].is_u64(), "day is an integer: {entry}");
        assert!(entry["time"].as_str().is_some_and(|t| t.len() == 5 && t.as_bytes()[2] == b':'), "{entry}");
    }
});

both_backends!(filters_and_ignored_parameters, |app| async move {
    seed(&app).await;
    let all = app.get(FEED).send().await.unwrap().bytes().await.unwrap();
    let na = app.get_json(&format!("{FEED}?program=na")).await;
    assert_eq!(slugs(&na), ["mu-narcotics-anonymous"]);
    assert_eq!(slugs(&app.get_json(&format!("{FEED}?program=al-anon")).await), Vec::<&str>::new());
    let aa = app.get_json(&format!("{FEED}?program=aa")).await;
    assert_eq!(slugs(&aa), ["alpha-plain", "zeta-full-details"]);
    for region in ["Camden%20County", "new%20jersey"] {
        assert_eq!(
            slugs(&app.get_json(&format!("{FEED}?program=na&region={region}")).await),
            ["mu-narcotics-anonymous"]
        );
    }
    assert_eq!(
        slugs(&app.get_json(&format!("{FEED}?region=Center%20City")).await),
        ["alpha-plain", "zeta-full-details"]
    );

    // Cache-busters and unknown parameters change nothing.
    for query in ["?_=1712345678", "?v=2&foo=bar", "?callback="] {
        let busted = app.get(&format!("{FEED}{query}")).send().await.unwrap();
        let body = expect_status(busted, 200).await;
        assert_eq!(body.as_bytes(), &all[..], "{FEED}{query}");
    }
});

both_backends!(etag_gzip_and_cors, |app| async move {
    let editor = seed(&app).await;
    let response = app.get(FEED).header(ACCEPT_ENCODING, "identity").send().await.unwrap();
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    assert!(response.headers().get(CONTENT_ENCODING).is_none());
    let etag = response.headers().get(ETAG).expect("an ETag").to_str().unwrap().to_string();
    let plain = response.bytes().await.unwrap();

    // Unchanged: 304 without a body.
    // (The same coding: the gzip body has its own tag.)
    let again = app.get(FEED).header(ACCEPT_ENCODING, "identity").header(IF_NONE_MATCH, &etag).send().await.unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers().get(ETAG).map(|v| v.to_str().unwrap()), Some(etag.as_str()));
    assert!(again.bytes().await.unwrap().is_empty());
    let other = app.get(FEED).header(IF_NONE_MATCH, "\"something-else\"").send().await.unwrap();
    assert_eq!(other.status(), 200);

    // gzip, read without the client's automatic decompression.
    let raw = reqwest::Client::builder().no_gzip().build().unwrap();
    let zipped = raw.get(app.url(FEED)).header(ACCEPT_ENCODING, "gzip").send().await.unwrap();
    assert_eq!(zipped.status(), 200);
    assert_eq!(zipped.headers().get(CONTENT_ENCODING).map(|v| v.to_str().unwrap()), Some("gzip"));
    assert_eq!(zipped.headers()["access-control-allow-origin"], "*");
    let compressed = zipped.bytes().await.unwrap();
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(&compressed[..]).read_to_end(&mut unzipped).expect("a gzip body");
    assert_eq!(unzipped, plain.to_vec(), "gzip decompresses to the same bytes");

    // A write changes the ETag and the body, promptly.
    let created = editor.create(&meeting("Omega New Meeting")).await;
    let (new_etag, body) = eventually(Duration::from_secs(2), "the feed reflecting a new meeting", || {
        let request = app.get(FEED).header(ACCEPT_ENCODING, "identity").header(IF_NONE_MATCH, &etag);
        async move {
            let response = request.send().await.unwrap();
            if response.status() == 304 {
                return None;
            }
            let etag = response.headers().get(ETAG).unwrap().to_str().unwrap().to_string();
            Some((etag, response.json::<Value>().await.unwrap()))
        }
    })
    .await;
    assert_ne!(new_etag, etag);
    assert!(slugs(&body).contains(&"omega-new-meeting"), "{body}");

    // And an archive does too.
    let id = created["id"].as_str().unwrap();
    expect_status(editor.delete(&format!("/v1/meetings/{id}")).send().await.unwrap(), 204).await;
    let after_delete = eventually(Duration::from_secs(2), "the feed dropping an archived meeting", || {
        let request = app.get(FEED).header(ACCEPT_ENCODING, "identity").header(IF_NONE_MATCH, &new_etag);
        async move {
            let response = request.send().await.unwrap();
            (response.status() == 200).then_some(response)
        }
    })
    .await;
    let body = expect_json(after_delete, 200).await;
    assert!(!slugs(&body).contains(&"omega-new-meeting"), "{body}");
});

both_backends!(an_empty_directory_is_an_empty_array, |app| async move {
    assert_eq!(app.get_json(FEED).await, json!([]));
});
