//! The published contract as a client meets it over HTTP (issue #16): JSON bodies only as JSON,
//! a key welcome wherever anyone may write, access tokens that end when their session does,
//! and every documented operation routed.

use recovery_e2e::fixtures::meeting;
use recovery_e2e::http::{expect_json, expect_problem};
use recovery_e2e::{TestApp, both_backends};
use reqwest::Method;
use serde_json::{Value, json};

both_backends!(json_routes_refuse_bodies_not_sent_as_json, |app: TestApp| async move {
    let admin = app.staff("admin").await;
    let created = admin.create(&meeting("Media Types")).await;
    let report = json!({"listing_kind": "meeting", "listing_id": created["id"], "reason": "other", "message": "x"});
    // A cross-site form or `fetch` with `text/plain` needs no CORS preflight: it must not be read.
    for (path, body) in [
        ("/v1/reports", report.to_string()),
        ("/v1/auth/token", json!({"email": "a@b.c", "password": "p"}).to_string()),
    ] {
        for content_type in [Some("text/plain"), Some("application/x-www-form-urlencoded"), None] {
            let mut request = app.request(Method::POST, path).body(body.clone());
            if let Some(content_type) = content_type {
                request = request.header("content-type", content_type);
            }
            expect_problem(request.send().await.unwrap(), 415).await;
        }
    }
    let reports: Value = expect_json(admin.get("/v1/reports").send().await.unwrap(), 200).await;
    assert_eq!(reports["items"].as_array().map(Vec::len), Some(0), "a body that was not JSON was read: {reports}");
    // `application/json` with a charset, and `+json` types, are JSON.
    let sent = app
        .request(Method::POST, "/v1/reports")
        .header("content-type", "application/json; charset=utf-8")
        .body(report.to_string())
        .send()
        .await
        .unwrap();
    expect_json(sent, 201).await;
    let patched = admin
        .request(Method::PATCH, &format!("/v1/meetings/{}", created["id"].as_str().unwrap()))
        .header("content-type", "application/merge-patch+json")
        .body(json!({"notes": "patched"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(expect_json(patched, 200).await["notes"], "patched");
});

both_backends!(an_api_key_is_welcome_where_anyone_may_write, |app: TestApp| async move {
    let admin = app.staff("admin").await;
    let key = admin.api_key("Resident app", None).await;
    let created = admin.create(&meeting("Keyed Report")).await;
    let report = json!({"listing_kind": "meeting", "listing_id": created["id"], "reason": "closed", "message": "gone"});
    let filed = app.request(Method::POST, "/v1/reports").header("x-api-key", &key).json(&report).send().await.unwrap();
    expect_json(filed, 201).await;
    let signed_in = app
        .request(Method::POST, "/v1/auth/token")
        .header("x-api-key", &key)
        .json(&json!({"email": admin.email, "password": recovery_e2e::app::STAFF_PASSWORD}))
        .send()
        .await
        .unwrap();
    expect_json(signed_in, 200).await;
    // Other writes stay closed to keys.
    let write = app.request(Method::POST, "/v1/meetings").header("x-api-key", &key).json(&meeting("No")).send().await;
    expect_problem(write.unwrap(), 403).await;
});

both_backends!(access_tokens_end_with_their_session, |app: TestApp| async move {
    let admin = app.staff("admin").await;
    let sign_in = |password: &'static str| {
        let app = &app;
        let email = admin.email.clone();
        async move {
            let response = app
                .request(Method::POST, "/v1/auth/token")
                .json(&json!({"email": email, "password": password}))
                .send()
                .await
                .unwrap();
            expect_json(response, 200).await
        }
    };
    let reads = |token: String| {
        let app = &app;
        async move { app.request(Method::GET, "/v1/users").bearer_auth(token).send().await.unwrap().status().as_u16() }
    };
    // Signing out ends the access token at once, not in 15 minutes.
    let pair = sign_in(recovery_e2e::app::STAFF_PASSWORD).await;
    let access = pair["access_token"].as_str().unwrap().to_string();
    assert_eq!(reads(access.clone()).await, 200);
    let out =
        app.request(Method::POST, "/v1/auth/logout").json(&json!({"refresh_token": pair["refresh_token"]})).send();
    assert_eq!(out.await.unwrap().status().as_u16(), 204);
    assert_eq!(reads(access).await, 401);
    // So does a new password, for every token the user held.
    let pair = sign_in(recovery_e2e::app::STAFF_PASSWORD).await;
    let access = pair["access_token"].as_str().unwrap().to_string();
    let change = app
        .request(Method::PUT, "/v1/users/me/password")
        .bearer_auth(&access)
        .json(&json!({"current_password": recovery_e2e::app::STAFF_PASSWORD, "new_password": "a new long password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(change.status().as_u16(), 204);
    assert_eq!(reads(access).await, 401);
    assert_eq!(reads(admin.token().to_string()).await, 401);
    // A token issued after the change works.
    let fresh = sign_in("a new long password").await;
    assert_eq!(reads(fresh["access_token"].as_str().unwrap().to_string()).await, 200);
});

both_backends!(every_documented_operation_is_routed, |app: TestApp| async move {
    let admin = app.staff("admin").await;
    let document = app.get_json("/openapi.json").await;
    let mut operations = 0;
    for (path, item) in document["paths"].as_object().unwrap() {
        let concrete = path
            .split('/')
            .map(|s| if s.starts_with('{') { "0190a5e4-0000-7000-8000-000000000000" } else { s })
            .collect::<Vec<_>>()
            .join("/");
        for method in ["get", "put", "post", "delete", "patch"].into_iter().filter(|m| item.get(*m).is_some()) {
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let mut request = admin.request(method.clone(), &concrete);
            if matches!(method, Method::POST | Method::PUT | Method::PATCH) {
                request = request.header("content-type", "application/json").body("{}");
            }
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let body = response.text().await.unwrap();
            assert_ne!(status, 405, "{method} {path}: {body}");
            assert!(!body.contains("no route for"), "{method} {path} is documented but not routed: {body}");
            operations += 1;
        }
    }
    assert!(operations >= 77, "{operations}");
});

both_backends!(the_report_form_takes_posts_from_this_site_only, |app: TestApp| async move {
    let admin = app.staff("admin").await;
    let created = admin.create(&meeting("Form Origin")).await;
    let form = [
        ("listing_kind", "meeting"),
        ("listing_id", created["id"].as_str().unwrap()),
        ("reason", "closed"),
        ("message", "posted by another site"),
        ("lang", "en"),
    ];
    let forged = app.request(Method::POST, "/report").header("origin", "https://elsewhere.example").form(&form);
    expect_problem(forged.send().await.unwrap(), 403).await;
    let fetched = app.request(Method::POST, "/report").header("sec-fetch-site", "cross-site").form(&form);
    expect_problem(fetched.send().await.unwrap(), 403).await;
    let reports: Value = expect_json(admin.get("/v1/reports").send().await.unwrap(), 200).await;
    assert_eq!(reports["items"].as_array().map(Vec::len), Some(0), "{reports}");
    // From the site's own page (its origin, or no Origin at all from older browsers): filed.
    let own = app.request(Method::POST, "/report").header("origin", app.base_url()).form(&form);
    let filed = own.send().await.unwrap();
    assert!(filed.url().path().starts_with("/report/thanks"), "{} {}", filed.status(), filed.url());
});
