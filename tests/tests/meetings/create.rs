//! `POST /v1/meetings`.

use recovery_e2e::both_backends;
use recovery_e2e::fixtures::{meeting, merged};
use recovery_e2e::http::{assert_names_field, expect_json, expect_problem};
use serde_json::json;

both_backends!(created_meetings_get_a_location_and_defaults, |app| async move {
    let editor = app.staff("editor").await;
    let response = editor
        .post("/v1/meetings", &json!({"name": "Tuesday Night Step", "day": 2, "time": "19:30"}))
        .send()
        .await
        .unwrap();
    let location = response.headers().get("location").expect("a Location header").to_str().unwrap().to_string();
    let created = expect_json(response, 201).await;
    let id = created["id"].as_str().expect("an id");
    assert_eq!(location, format!("/v1/meetings/{id}"));
    assert_eq!(created["name"], "Tuesday Night Step");
    assert_eq!(created["slug"], "tuesday-night-step");
    assert_eq!(created["program"], "aa");
    assert_eq!(created["status"], "published");
    assert_eq!(created["timezone"], "America/New_York");
    assert_eq!(created["day"], 2);
    assert_eq!(created["time"], "19:30");
    assert_eq!(created["attendance_option"], "inactive", "no address and no online option");
    for field in ["created_at", "updated_at"] {
        let at = created[field].as_str().unwrap_or_else(|| panic!("no {field}: {created}"));
        chrono::DateTime::parse_from_rfc3339(at).unwrap_or_else(|e| panic!("{field} `{at}`: {e}"));
    }

    let read = app.get_json(&location).await;
    assert_eq!(read, created, "GET Location answers the meeting POST returned");
});

both_backends!(every_field_round_trips, |app| async move {
    let editor = app.staff("editor").await;
    let body = json!({
        "name": "Sunrise Hybrid",
        "slug": "sunrise-hybrid-rittenhouse",
        "program": "aa",
        "day": 0,
        "time": "08:00",
        "end_time": "09:00",
        "timezone": "America/Chicago",
        "types": ["O", "D", "ST"],
        "notes": "Coffee from 7:45.",
        "status": "published",
        "location": {
            "name": "Rittenhouse Hall",
            "address": "1800 Walnut St",
            "city": "Philadelphia",
            "state": "PA",
            "postal_code": "19103",
            "country": "US",
            "formatted_address": "1800 Walnut St, Philadelphia, PA 19103, USA",
            "latitude": 39.9496,
            "longitude": -75.1716,
            "approximate": false,
            "notes": "Ring the bell.",
            "regions": ["Pennsylvania", "Philadelphia", "Rittenhouse"]
        },
        "online": {
            "conference_url": "https://zoom.us/j/123456789",
            "conference_url_notes": "Password: serenity",
            "conference_phone": "+16465588656,,123456789#",
            "conference_phone_notes": "Dial in"
        },
        "temporarily_closed": false,
        "group": {
            "name": "Sunrise Group",
            "notes": "Business meeting first Sunday.",
            "website": "https://sunrise.example.org",
            "email": "sunrise@example.org",
            "phone": "+1 215 555 0100",
            "venmo": "@sunrise-group",
            "paypal": "sunrisegroup",
            "square": "$sunrise"
        },
        "contacts": [
            {"name": "Pat", "email": "pat@example.org", "phone": "215-555-0101", "public": true},
            {"name": "Sam", "email": "sam@example.org", "phone": "215-555-0102", "public": false}
        ]
    });
    let created = editor.create(&body).await;
    for (key, value) in body.as_object().unwrap() {
        assert_eq!(&created[key], value, "`{key}` as sent and as answered");
    }
    assert_eq!(created["attendance_option"], "hybrid");
    let id = created["id"].as_str().unwrap();
    assert_eq!(editor.read(id).await, created);
});

both_backends!(formatted_address_is_composed_from_the_parts, |app| async move {
    let editor = app.staff("editor").await;
    let created = editor.create(&meeting("Composed Address")).await;
    let formatted = created["location"]["formatted_address"].as_str().expect("a formatted_address");
    let mut rest = formatted;
    for part in ["1500 Walnut St", "Philadelphia", "PA", "19102", "US"] {
        let at = rest.find(part).unwrap_or_else(|| panic!("`{part}` missing or out of order in `{formatted}`"));
        rest = &rest[at + part.len()..];
    }
    assert_eq!(created["attendance_option"], "in_person");
});

both_backends!(attendance_option_is_derived, |app| async move {
    let editor = app.staff("editor").await;
    let zoom = json!({"conference_url": "https://zoom.us/j/987654321"});
    let cases = [
        ("In Person Only", json!({}), "in_person"),
        ("Hybrid Meeting", json!({"online": zoom}), "hybrid"),
        ("Online Only", json!({"location": null, "online": zoom}), "online"),
        ("Approximate Place", json!({"location": {"address": null, "approximate": true}, "online": zoom}), "online"),
        ("Closed Venue Online", json!({"online": zoom, "temporarily_closed": true}), "online"),
        ("Closed Venue", json!({"temporarily_closed": true}), "inactive"),
        ("No Place", json!({"location": null}), "inactive"),
    ];
    for (name, patch, expected) in cases {
        let created = editor.create(&merged(&meeting(name), patch)).await;
        assert_eq!(created["attendance_option"], expected, "{name}: {created}");
    }
});

both_backends!(generated_slug_clashes_get_a_number, |app| async move {
    let editor = app.staff("editor").await;
    let mut slugs = Vec::new();
    for _ in 0..3 {
        slugs.push(editor.create(&meeting("Came to Believe")).await["slug"].as_str().unwrap().to_string());
    }
    assert_eq!(slugs, ["came-to-believe", "came-to-believe-2", "came-to-believe-3"]);
});

both_backends!(explicit_duplicate_slug_is_a_conflict, |app| async move {
    let editor = app.staff("editor").await;
    editor.create(&merged(&meeting("First"), json!({"slug": "our-slug"}))).await;
    let response =
        editor.post("/v1/meetings", &merged(&meeting("Second"), json!({"slug": "our-slug"}))).send().await.unwrap();
    let problem = expect_problem(response, 409).await;
    assert_names_field(&problem, "slug");
    assert_eq!(app.search("").await["total"], 1, "the refused meeting was not stored");
});

both_backends!(writing_needs_an_editor_or_admin, |app| async move {
    let body = meeting("Who May Write");
    let anonymous = app.request(reqwest::Method::POST, "/v1/meetings").json(&body).send().await.unwrap();
    expect_problem(anonymous, 401).await;
    let viewer = app.staff("viewer").await;
    expect_problem(viewer.post("/v1/meetings", &body).send().await.unwrap(), 403).await;
    assert_eq!(app.search("").await["total"], 0);

    let admin = app.staff("admin").await;
    admin.create(&body).await;
    let editor = app.staff("editor").await;
    editor.create(&body).await;
    assert_eq!(app.search("").await["total"], 2);
});

both_backends!(type_codes_follow_the_program, |app| async move {
    let editor = app.staff("editor").await;
    let na = editor
        .create(&merged(&meeting("Just for Today"), json!({"program": "na", "types": ["O", "B", "BT", "JT", "Pi"]})))
        .await;
    assert_eq!(na["program"], "na");
    assert_eq!(na["types"], json!(["O", "B", "BT", "JT", "Pi"]));

    // Codes are case-sensitive, and scoped by program.
    let lower = editor
        .post("/v1/meetings", &merged(&meeting("Lower Case"), json!({"program": "na", "types": ["pi"]})))
        .send()
        .await
        .unwrap();
    assert_names_field(&expect_problem(lower, 422).await, "types[0]");
    let na_code_for_aa = editor
        .post("/v1/meetings", &merged(&meeting("Wrong Program"), json!({"program": "aa", "types": ["O", "JT"]})))
        .send()
        .await
        .unwrap();
    assert_names_field(&expect_problem(na_code_for_aa, 422).await, "types[1]");

    let al_anon = editor
        .create(&merged(&meeting("Courage to Change"), json!({"program": "al-anon", "types": ["C", "LIT"]})))
        .await;
    assert_eq!(al_anon["program"], "al-anon");
});

both_backends!(slugs_come_from_names, |app| async move {
    let editor = app.staff("editor").await;
    for (name, slug) in
        [("Café Serenity", "cafe-serenity"), ("  Women's  Wednesday!! ", "womens-wednesday"), ("12 & 12", "12-12")]
    {
        assert_eq!(editor.create(&meeting(name)).await["slug"], slug, "{name}");
    }
});

both_backends!(concurrent_creates_with_one_name_all_get_a_slug, |app| async move {
    let editor = app.staff("editor").await;
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let editor = editor.clone();
        tasks.push(tokio::spawn(async move {
            let response = editor.post("/v1/meetings", &meeting("Busy Name")).send().await.unwrap();
            let status = response.status().as_u16();
            (status, response.text().await.unwrap())
        }));
    }
    let mut slugs = Vec::new();
    for task in tasks {
        let (status, body) = task.await.unwrap();
        assert_eq!(status, 201, "{body}");
        let created: serde_json::Value = serde_json::from_str(&body).unwrap();
        slugs.push(created["slug"].as_str().unwrap().to_string());
    }
    slugs.sort();
    slugs.dedup();
    assert_eq!(slugs.len(), 8, "{slugs:?}");
    assert_eq!(app.search("q=busy").await["total"], 8);
});
