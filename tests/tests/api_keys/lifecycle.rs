//! `/v1/api-keys`: keys for third-party apps — issued once, stored as hashes, read-only,
//! revocable — and how every route treats a request that carries one.

use std::time::Duration;

use recovery_e2e::fixtures::{meeting, merged};
use recovery_e2e::http::{expect_json, expect_problem, expect_status};
use recovery_e2e::poll::eventually;
use recovery_e2e::{TestApp, both_backends};
use recovery_store::Store;
use reqwest::Method;
use serde_json::{Value, json};

/// `GET path` with the key in `X-API-Key`.
fn with_header(app: &TestApp, method: Method, path: &str, key: &str) -> reqwest::RequestBuilder {
    app.request(method, path).header("X-API-Key", key)
}

/// `GET path` with the key as a bearer token.
fn with_bearer(app: &TestApp, method: Method, path: &str, key: &str) -> reqwest::RequestBuilder {
    app.request(method, path).bearer_auth(key)
}

fn assert_key_shape(key: &str, prefix: &str) {
    let rest = key.strip_prefix(&format!("rdk_{prefix}_")).unwrap_or_else(|| panic!("{key} lacks rdk_{prefix}_"));
    assert_eq!(prefix.len(), 8, "{prefix}");
    assert_eq!(rest.len(), 64, "the secret is 256 bits in hex: {key}");
    assert!(rest.bytes().all(|b| b.is_ascii_hexdigit()), "{key}");
}

both_backends!(a_key_is_shown_once_and_works_until_revoked, |app| async move {
    let admin = app.staff("admin").await;
    let body = json!({"name": "Meeting finder", "owner_email": "Dev@Example.org", "rate_limit_per_minute": 1200});
    let response = admin.post("/v1/api-keys", &body).send().await.unwrap();
    assert_eq!(response.headers()["cache-control"], "no-store", "the key must not be cached");
    let location = response.headers()["location"].to_str().unwrap().to_string();
    let created = expect_json(response, 201).await;
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(location, format!("/v1/api-keys/{id}"));
    assert_eq!(created["name"], "Meeting finder");
    assert_eq!(created["owner_email"], "dev@example.org");
    assert_eq!(created["rate_limit_per_minute"], 1200);
    assert!(created["created_at"].is_string(), "{created}");
    assert!(created["last_used_at"].is_null() && created["revoked_at"].is_null(), "{created}");
    let key = created["key"].as_str().unwrap().to_string();
    assert_key_shape(&key, created["prefix"].as_str().unwrap());

    // Never shown again.
    let list = expect_status(admin.get("/v1/api-keys").send().await.unwrap(), 200).await;
    assert!(!list.contains(&key[13..]), "the list shows the key: {list}");
    let list: Value = serde_json::from_str(&list).unwrap();
    let listed = &list["items"].as_array().unwrap().iter().find(|k| k["id"] == id.as_str()).unwrap().clone();
    assert!(listed.get("key").is_none(), "{listed}");
    assert_eq!(listed["prefix"], created["prefix"]);
    let read = expect_json(admin.get(&location).send().await.unwrap(), 200).await;
    assert!(read.get("key").is_none(), "{read}");
    assert_eq!(&read, listed);

    // Both header forms read like the public, and the use is noted (within a minute's resolution).
    let editor = app.staff("editor").await;
    editor.create(&meeting("Keyed Read")).await;
    for request in
        [with_header(&app, Method::GET, "/v1/meetings", &key), with_bearer(&app, Method::GET, "/v1/meetings", &key)]
    {
        let response = request.send().await.unwrap();
        assert_eq!(response.headers()["cache-control"], "no-store");
        assert_eq!(response.headers()["ratelimit-limit"], "1200", "the key's own limit");
        let page = expect_json(response, 200).await;
        assert_eq!(page["total"], 1, "{page}");
    }
    eventually(Duration::from_secs(5), "last_used_at after a use", || async {
        let read = expect_json(admin.get(&location).send().await.unwrap(), 200).await;
        read["last_used_at"].as_str().map(str::to_string)
    })
    .await;

    // Revoked: 401 on both forms, at once; listed with revoked_at; a second revoke is a 404.
    expect_status(admin.delete(&location).send().await.unwrap(), 204).await;
    for request in
        [with_header(&app, Method::GET, "/v1/meetings", &key), with_bearer(&app, Method::GET, "/v1/regions", &key)]
    {
        let problem = expect_problem(request.send().await.unwrap(), 401).await;
        assert!(problem["detail"].as_str().unwrap().contains("API key"), "{problem}");
    }
    let read = expect_json(admin.get(&location).send().await.unwrap(), 200).await;
    assert!(read["revoked_at"].is_string(), "{read}");
    expect_problem(admin.delete(&location).send().await.unwrap(), 404).await;
    expect_problem(admin.get("/v1/api-keys/not-a-uuid").send().await.unwrap(), 404).await;
});

both_backends!(only_a_hash_of_the_key_is_stored, |app| async move {
    let admin = app.staff("admin").await;
    let key = admin.api_key("Stored", None).await;
    let secret = key.rsplit('_').next().unwrap().to_string();
    let url = app.database_url().to_string();
    let stored =
        tokio::task::spawn_blocking(move || Store::open(&url).unwrap().stored_api_key_hashes().unwrap()).await.unwrap();
    assert_eq!(stored.len(), 1);
    let (prefix, hash) = &stored[0];
    assert!(key.starts_with(&format!("rdk_{prefix}_")), "{prefix}");
    assert_eq!(hash.len(), 64, "a hex SHA-256: {hash}");
    assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()));
    assert!(!hash.contains(&secret) && !secret.contains(hash.as_str()), "the key is stored in clear");

    // The change log (as a backup shows it) names the key but holds neither it nor its hash.
    let output = app.cli(&["export", "-"], "").await;
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let backup = String::from_utf8(output.stdout).unwrap();
    assert!(backup.contains("\"api_key\""), "key creation is not in the change log");
    assert!(!backup.contains(&secret) && !backup.contains(hash.as_str()), "the export holds the key or its hash");

    if let Some(path) = app.database_url().strip_prefix("sqlite://") {
        for file in [path.to_string(), format!("{path}-wal")] {
            let bytes = std::fs::read(&file).unwrap_or_default();
            let found = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
            assert!(!found, "{file} holds the key's secret");
        }
    }
});

both_backends!(keys_are_read_only, |app| async move {
    let admin = app.staff("admin").await;
    let editor = app.staff("editor").await;
    let published = editor
        .create(&merged(
            &meeting("Public One"),
            json!({"contacts": [
                {"name": "Private Pat", "phone": "+12155550123", "public": false}
            ]}),
        ))
        .await;
    let draft = editor.create(&merged(&meeting("Draft One"), json!({"status": "draft"}))).await;
    let key = admin.api_key("Reader", None).await;
    let id = published["id"].as_str().unwrap();

    // Reads: what the public sees, no more.
    let read =
        expect_json(with_header(&app, Method::GET, &format!("/v1/meetings/{id}"), &key).send().await.unwrap(), 200)
            .await;
    assert!(!read.to_string().contains("Private Pat"), "a key sees private contacts: {read}");
    let draft_path = format!("/v1/meetings/{}", draft["id"].as_str().unwrap());
    expect_problem(with_bearer(&app, Method::GET, &draft_path, &key).send().await.unwrap(), 404).await;
    for path in ["/v1/regions", "/v1/programs", "/feeds/meeting-guide.json", "/openapi.json"] {
        expect_status(with_header(&app, Method::GET, path, &key).send().await.unwrap(), 200).await;
    }

    // Writes and staff routes: 403, whichever header carries the key (but the writes anyone
    // may make, below).
    let writes: Vec<(Method, String, Value)> = vec![
        (Method::POST, "/v1/meetings".into(), meeting("Keyed Write")),
        (Method::PUT, format!("/v1/meetings/{id}"), meeting("Keyed Write")),
        (Method::PATCH, format!("/v1/meetings/{id}"), json!({"name": "Keyed"})),
        (Method::DELETE, format!("/v1/meetings/{id}"), json!({})),
        (Method::POST, "/v1/api-keys".into(), json!({"name": "x", "owner_email": "x@example.org"})),
        (Method::GET, "/v1/api-keys".into(), json!({})),
    ];
    for (method, path, body) in writes {
        for request in [with_header(&app, method.clone(), &path, &key), with_bearer(&app, method.clone(), &path, &key)]
        {
            let problem = expect_problem(request.json(&body).send().await.unwrap(), 403).await;
            assert!(problem["detail"].as_str().unwrap().contains("read-only"), "{method} {path}: {problem}");
        }
    }
    let after = editor.read(id).await;
    assert_eq!(after["name"], "Public One", "a key changed a meeting");
    // The writes anyone may make take a key too: the request is read as anyone's would be.
    for request in [
        with_header(&app, Method::POST, "/v1/auth/token", &key),
        with_bearer(&app, Method::POST, "/v1/auth/token", &key),
    ] {
        let body = json!({"email": "x@example.org", "password": "y"});
        expect_problem(request.json(&body).send().await.unwrap(), 401).await;
    }
    let report = with_header(&app, Method::POST, "/v1/reports", &key).json(&json!({}));
    expect_problem(report.send().await.unwrap(), 422).await;
});

both_backends!(unknown_and_malformed_keys_are_refused, |app| async move {
    let never_issued = format!("rdk_0123abcd_{}", "0".repeat(64));
    for request in [
        with_header(&app, Method::GET, "/v1/meetings", &never_issued),
        with_bearer(&app, Method::GET, "/v1/meetings", &never_issued),
        with_header(&app, Method::GET, "/v1/regions", "not-a-key"),
        with_bearer(&app, Method::GET, "/v1/programs", "rdk_short"),
        with_header(&app, Method::GET, "/v1/meetings", " "),
    ] {
        let response = request.send().await.unwrap();
        assert!(response.headers().contains_key("ratelimit-limit"), "refusals are counted too");
        expect_problem(response, 401).await;
    }
    let both = app.get("/v1/meetings").header("X-API-Key", &never_issued).bearer_auth("a.jwt.token");
    expect_problem(both.send().await.unwrap(), 400).await;
    // Probes look at no credentials.
    expect_status(with_header(&app, Method::GET, "/healthz", &never_issued).send().await.unwrap(), 200).await;
});

both_backends!(only_admins_manage_keys, |app| async move {
    let body = json!({"name": "x", "owner_email": "x@example.org"});
    expect_problem(app.request(Method::POST, "/v1/api-keys").json(&body).send().await.unwrap(), 401).await;
    expect_problem(app.get("/v1/api-keys").send().await.unwrap(), 401).await;
    for role in ["editor", "viewer"] {
        let staff = app.staff(role).await;
        expect_problem(staff.post("/v1/api-keys", &body).send().await.unwrap(), 403).await;
        expect_problem(staff.get("/v1/api-keys").send().await.unwrap(), 403).await;
    }
    let admin = app.staff("admin").await;
    let created = expect_json(admin.post("/v1/api-keys", &body).send().await.unwrap(), 201).await;
    let path = format!("/v1/api-keys/{}", created["id"].as_str().unwrap());
    let editor = app.staff("editor").await;
    expect_problem(editor.get(&path).send().await.unwrap(), 403).await;
    expect_problem(editor.delete(&path).send().await.unwrap(), 403).await;
    let read = expect_json(admin.get(&path).send().await.unwrap(), 200).await;
    assert!(read["revoked_at"].is_null(), "a refused revoke revoked: {read}");
});

both_backends!(bad_key_requests_name_the_field, |app| async move {
    let admin = app.staff("admin").await;
    let cases = [
        (json!({"name": " ", "owner_email": "a@example.org"}), "name"),
        (json!({"name": "x", "owner_email": "nope"}), "owner_email"),
        (json!({"name": "x", "owner_email": "a@example.org", "rate_limit_per_minute": 0}), "rate_limit_per_minute"),
    ];
    for (body, field) in cases {
        let problem = expect_problem(admin.post("/v1/api-keys", &body).send().await.unwrap(), 422).await;
        recovery_e2e::http::assert_names_field(&problem, field);
    }
    let unknown = json!({"name": "x", "owner_email": "a@example.org", "key": "rdk_mine"});
    expect_problem(admin.post("/v1/api-keys", &unknown).send().await.unwrap(), 400).await;
    let negative = json!({"name": "x", "owner_email": "a@example.org", "rate_limit_per_minute": -1});
    expect_problem(admin.post("/v1/api-keys", &negative).send().await.unwrap(), 400).await;
    let listed = expect_json(admin.get("/v1/api-keys").send().await.unwrap(), 200).await;
    assert_eq!(listed["items"], json!([]), "a refused create stored a key");
});
