//! `/v1/users` (admins manage staff accounts) and `PUT /v1/users/me/password`.

use recovery_e2e::app::STAFF_PASSWORD;
use recovery_e2e::http::{assert_names_field, expect_json, expect_problem};
use recovery_e2e::{Staff, TestApp, both_backends};
use reqwest::Method;
use reqwest::header::LOCATION;
use serde_json::{Value, json};

/// `POST /v1/users` as `admin`; panics unless 201.
async fn create(admin: &Staff, body: Value) -> Value {
    expect_json(admin.post("/v1/users", &body).send().await.unwrap(), 201).await
}

/// Asserts that no member of `value`, at any depth, is a password or a hash.
fn assert_no_secrets(value: &Value) {
    match value {
        Value::Object(map) => {
            for (key, member) in map {
                assert!(!key.contains("password") && !key.contains("hash"), "`{key}` in {value}");
                assert_no_secrets(member);
            }
        }
        Value::Array(items) => items.iter().for_each(assert_no_secrets),
        Value::String(s) => assert!(!s.starts_with("$argon2"), "a hash in {value}"),
        _ => {}
    }
}

async fn sign_in_status(app: &TestApp, email: &str, password: &str) -> u16 {
    let body = json!({"email": email, "password": password});
    app.request(Method::POST, "/v1/auth/token").json(&body).send().await.unwrap().status().as_u16()
}

both_backends!(admins_create_list_read_and_change_users, |app| async move {
    let admin = app.staff("admin").await;
    let response = admin
        .post(
            "/v1/users",
            &json!({"email": "Ed.Itor@Example.ORG", "password": "a long enough password", "role": "editor",
                    "scope_regions": ["Brooklyn", " Queens "], "scope_programs": ["AA"]}),
        )
        .send()
        .await
        .unwrap();
    let location = response.headers().get(LOCATION).unwrap().to_str().unwrap().to_string();
    let editor = expect_json(response, 201).await;
    assert_no_secrets(&editor);
    let id = editor["id"].as_str().unwrap();
    assert_eq!(location, format!("/v1/users/{id}"));
    assert_eq!(editor["email"], "ed.itor@example.org");
    assert_eq!(editor["role"], "editor");
    assert_eq!(editor["active"], true);
    assert_eq!(editor["scope_regions"], json!(["Brooklyn", "Queens"]), "trimmed");
    assert_eq!(editor["scope_programs"], json!(["aa"]), "program ids are lowercase");
    assert!(editor["created_at"].is_string());

    assert_eq!(expect_json(admin.get(&location).send().await.unwrap(), 200).await, editor);
    let list = expect_json(admin.get("/v1/users").send().await.unwrap(), 200).await;
    assert_no_secrets(&list);
    let emails: Vec<&str> = list["items"].as_array().unwrap().iter().map(|u| u["email"].as_str().unwrap()).collect();
    let mut sorted = emails.clone();
    sorted.sort_unstable();
    assert_eq!(emails, sorted, "by email");
    assert!(emails.contains(&"ed.itor@example.org") && emails.contains(&admin.email.as_str()), "{emails:?}");

    // Changes touch only what is sent; scopes are replaced, `[]` removes one.
    let changed =
        expect_json(admin.patch(&location, &json!({"role": "viewer", "scope_regions": []})).send().await.unwrap(), 200)
            .await;
    assert_no_secrets(&changed);
    assert_eq!(changed["role"], "viewer");
    assert_eq!(changed["scope_regions"], json!([]));
    assert_eq!(changed["scope_programs"], json!(["aa"]));
    assert_eq!((&changed["email"], &changed["created_at"]), (&editor["email"], &editor["created_at"]));
    let renamed =
        expect_json(admin.patch(&location, &json!({"email": "New@Example.org"})).send().await.unwrap(), 200).await;
    assert_eq!(renamed["email"], "new@example.org");
    assert_eq!(expect_json(admin.get(&location).send().await.unwrap(), 200).await, renamed);
    assert_eq!(
        expect_json(admin.patch(&location, &json!({})).send().await.unwrap(), 200).await,
        renamed,
        "an empty change changes nothing"
    );

    // The account works, under its new email, with the password it was created with.
    assert_eq!(sign_in_status(&app, "NEW@example.org", "a long enough password").await, 200);
    assert_eq!(sign_in_status(&app, "ed.itor@example.org", "a long enough password").await, 401);
});

both_backends!(bad_user_input_names_the_field, |app| async move {
    let admin = app.staff("admin").await;
    let valid = json!({"email": "v@example.org", "password": "long enough password", "role": "viewer"});
    let cases = [
        (json!({"password": "short"}), "password"),
        (json!({"email": "not-an-email"}), "email"),
        (json!({"email": format!("{}@example.org", "a".repeat(250))}), "email"),
        (json!({"scope_programs": ["aa", "bogus"]}), "scope_programs[1]"),
        (json!({"scope_regions": ["ok", "  "]}), "scope_regions[1]"),
    ];
    for (patch, field) in cases {
        let mut body = valid.clone();
        body.as_object_mut().unwrap().extend(patch.as_object().unwrap().clone());
        let problem = expect_problem(admin.post("/v1/users", &body).send().await.unwrap(), 422).await;
        assert_names_field(&problem, field);
    }
    for body in [
        json!({"email": "v@example.org", "password": "long enough password", "role": "owner"}),
        json!({"email": "v@example.org", "password": "long enough password"}),
        json!({"email": "v@example.org", "password": "long enough password", "role": "viewer", "admin": true}),
    ] {
        expect_problem(admin.post("/v1/users", &body).send().await.unwrap(), 400).await;
    }

    let user = create(&admin, valid.clone()).await;
    let problem = expect_problem(admin.post("/v1/users", &valid).send().await.unwrap(), 409).await;
    assert_names_field(&problem, "email");

    let path = format!("/v1/users/{}", user["id"].as_str().unwrap());
    let problem = expect_problem(admin.patch(&path, &json!({"email": admin.email})).send().await.unwrap(), 409).await;
    assert_names_field(&problem, "email");
    let problem =
        expect_problem(admin.patch(&path, &json!({"scope_programs": ["xx"]})).send().await.unwrap(), 422).await;
    assert_names_field(&problem, "scope_programs[0]");
    for body in [json!({"password": "a new long password"}), json!({"role": "root"}), json!({"active": "no"})] {
        expect_problem(admin.patch(&path, &body).send().await.unwrap(), 400).await;
    }
    assert_eq!(expect_json(admin.get(&path).send().await.unwrap(), 200).await, user, "nothing changed");
});

both_backends!(unknown_users_are_404, |app| async move {
    let admin = app.staff("admin").await;
    for path in ["/v1/users/0190a5d2-0000-7000-8000-000000000000", "/v1/users/not-a-uuid"] {
        expect_problem(admin.get(path).send().await.unwrap(), 404).await;
        expect_problem(admin.patch(path, &json!({"role": "viewer"})).send().await.unwrap(), 404).await;
    }
});

both_backends!(only_admins_read_users, |app| async move {
    let admin = app.staff("admin").await;
    let path = format!("/v1/users/{}", create_viewer(&admin).await);
    for role in ["editor", "viewer"] {
        let staff = app.staff(role).await;
        expect_problem(staff.get("/v1/users").send().await.unwrap(), 403).await;
        expect_problem(staff.get(&path).send().await.unwrap(), 403).await;
    }
    expect_problem(app.get("/v1/users").send().await.unwrap(), 401).await;
    expect_problem(app.get(&path).send().await.unwrap(), 401).await;
});

async fn create_viewer(admin: &Staff) -> String {
    let email = format!("viewer-{}@example.org", recovery_e2e::app::unique());
    let user = create(admin, json!({"email": email, "password": "long enough password", "role": "viewer"})).await;
    user["id"].as_str().unwrap().to_string()
}

both_backends!(the_last_active_admin_cannot_be_demoted_or_deactivated, |app| async move {
    let admin = app.staff("admin").await;
    let list = expect_json(admin.get("/v1/users").send().await.unwrap(), 200).await;
    let me = format!("/v1/users/{}", list["items"][0]["id"].as_str().unwrap());
    let problem = expect_problem(admin.patch(&me, &json!({"role": "editor"})).send().await.unwrap(), 409).await;
    assert_names_field(&problem, "role");
    let problem = expect_problem(admin.patch(&me, &json!({"active": false})).send().await.unwrap(), 409).await;
    assert_names_field(&problem, "active");
    // With a second admin, the first may step down.
    let second =
        create(&admin, json!({"email": "two@example.org", "password": "long enough password", "role": "admin"})).await;
    assert_eq!(second["role"], "admin");
    let stepped = expect_json(admin.patch(&me, &json!({"role": "editor"})).send().await.unwrap(), 200).await;
    assert_eq!(stepped["role"], "editor");
    expect_problem(admin.get("/v1/users").send().await.unwrap(), 403).await;
});

both_backends!(every_user_change_is_audited_without_hashes, |app| async move {
    let admin = app.staff("admin").await;
    let user =
        create(&admin, json!({"email": "a@example.org", "password": "long enough password", "role": "viewer"})).await;
    let path = format!("/v1/users/{}", user["id"].as_str().unwrap());
    expect_json(admin.patch(&path, &json!({"role": "editor", "scope_regions": ["Queens"]})).send().await.unwrap(), 200)
        .await;
    expect_json(admin.patch(&path, &json!({"active": false})).send().await.unwrap(), 200).await;

    // The change log, as the operator's export shows it.
    let output = app.cli(&["export", "-"], "").await;
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let backup: Value = serde_json::from_slice(&output.stdout).unwrap();
    let entries: Vec<&Value> = backup["change_log"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["entity"] == "user" && c["entity_id"] == user["id"])
        .collect();
    let actions: Vec<&str> = entries.iter().map(|c| c["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["create", "update", "update"]);
    let admin_id = backup["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == admin.email.as_str())
        .map(|u| u["id"].clone())
        .unwrap();
    for entry in &entries {
        assert_eq!(entry["actor"], admin_id, "{entry}");
        assert_no_secrets(&entry["before"]);
        assert_no_secrets(&entry["after"]);
    }
    assert_eq!(entries[1]["before"]["role"], "viewer");
    assert_eq!(entries[1]["after"]["role"], "editor");
    assert_eq!(entries[1]["after"]["scope_regions"], json!(["Queens"]));
    assert_eq!((&entries[2]["before"]["active"], &entries[2]["after"]["active"]), (&json!(true), &json!(false)));
});

both_backends!(anyone_signed_in_changes_their_own_password, |app| async move {
    let viewer = app.staff("viewer").await;
    let pair = expect_json(
        app.request(Method::POST, "/v1/auth/token")
            .json(&json!({"email": viewer.email, "password": STAFF_PASSWORD}))
            .send()
            .await
            .unwrap(),
        200,
    )
    .await;
    let path = "/v1/users/me/password";

    let wrong = json!({"current_password": "not my password", "new_password": "a brand new password"});
    let problem = expect_problem(viewer.put(path, &wrong).send().await.unwrap(), 403).await;
    assert!(problem["detail"].as_str().unwrap().contains("current password"), "{problem}");
    let short = json!({"current_password": STAFF_PASSWORD, "new_password": "short"});
    assert_names_field(&expect_problem(viewer.put(path, &short).send().await.unwrap(), 422).await, "new_password");
    expect_problem(viewer.put(path, &json!({"new_password": "a brand new password"})).send().await.unwrap(), 400).await;
    expect_problem(app.request(Method::PUT, path).json(&wrong).send().await.unwrap(), 401).await;
    assert_eq!(sign_in_status(&app, &viewer.email, STAFF_PASSWORD).await, 200, "unchanged so far");

    let change = json!({"current_password": STAFF_PASSWORD, "new_password": "a brand new password"});
    let response = viewer.put(path, &change).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(sign_in_status(&app, &viewer.email, STAFF_PASSWORD).await, 401);
    assert_eq!(sign_in_status(&app, &viewer.email, "a brand new password").await, 200);
    // Refresh tokens from before the change are revoked; the access token lives out its 15 minutes.
    let refresh = app
        .request(Method::POST, "/v1/auth/refresh")
        .json(&json!({"refresh_token": pair["refresh_token"]}))
        .send()
        .await
        .unwrap();
    expect_problem(refresh, 401).await;
    expect_json(viewer.get("/v1/meetings").send().await.unwrap(), 200).await;
});
