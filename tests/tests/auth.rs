//! `POST /v1/auth/token` and what the API accepts as a bearer token.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use recovery_e2e::app::{JWT_SECRET, STAFF_PASSWORD};
use recovery_e2e::fixtures::meeting;
use recovery_e2e::http::{expect_json, expect_problem};
use recovery_e2e::{TestApp, both_backends};
use reqwest::Method;
use reqwest::header::CONTENT_TYPE;
use serde_json::{Value, json};

fn claims_of(token: &str) -> (Value, Value) {
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "a JWT has three parts: {token}");
    let decode = |part: &str| -> Value { serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap() };
    (decode(parts[0]), decode(parts[1]))
}

fn sign(claims: &Value, key: &[u8]) -> String {
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &EncodingKey::from_secret(key)).unwrap()
}

/// `POST /v1/meetings` with `token`; returns the status.
async fn write_with(app: &TestApp, token: &str) -> u16 {
    let response =
        app.request(Method::POST, "/v1/meetings").bearer_auth(token).json(&meeting("Token Test")).send().await.unwrap();
    let status = response.status().as_u16();
    if status == 401 {
        expect_problem(response, 401).await;
    }
    status
}

both_backends!(sign_in_returns_a_bearer_jwt, |app| async move {
    app.add_user("editor@example.org", "editor", STAFF_PASSWORD).await;
    let response = app
        .request(Method::POST, "/v1/auth/token")
        .json(&json!({"email": "editor@example.org", "password": STAFF_PASSWORD}))
        .send()
        .await
        .unwrap();
    let body = expect_json(response, 200).await;
    assert_eq!(body["token_type"], "Bearer");
    let expires_in = body["expires_in"].as_i64().expect("expires_in");
    assert!(expires_in > 0, "{body}");
    let token = body["access_token"].as_str().unwrap();

    let (header, claims) = claims_of(token);
    assert_eq!(header["alg"], "HS256");
    assert_eq!(claims["iss"], "recovery-directory");
    assert_eq!(claims["aud"], "recovery-directory");
    assert_eq!(claims["role"], "editor");
    assert!(claims["sub"].as_str().is_some_and(|s| !s.is_empty()), "{claims}");
    let (iat, nbf, exp) =
        (claims["iat"].as_i64().unwrap(), claims["nbf"].as_i64().unwrap(), claims["exp"].as_i64().unwrap());
    let now = chrono::Utc::now().timestamp();
    assert!((iat - now).abs() < 60 && nbf <= now + 5, "{claims}");
    assert_eq!(exp - iat, expires_in, "{claims}");

    assert_eq!(write_with(&app, token).await, 201, "the token works");
});

both_backends!(wrong_password_and_unknown_email_look_the_same, |app| async move {
    app.add_user("known@example.org", "admin", STAFF_PASSWORD).await;
    let mut answers = Vec::new();
    for (email, password) in [("known@example.org", "not the right password"), ("nobody@example.org", STAFF_PASSWORD)] {
        let response = app
            .request(Method::POST, "/v1/auth/token")
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .unwrap();
        let content_type = response.headers().get(CONTENT_TYPE).cloned();
        let problem = expect_problem(response, 401).await;
        answers.push((content_type, problem));
    }
    assert_eq!(answers[0], answers[1], "a wrong password and an unknown email are told apart");
});

both_backends!(the_password_is_exact, |app| async move {
    app.add_user("exact@example.org", "editor", STAFF_PASSWORD).await;
    for wrong in
        [format!("{STAFF_PASSWORD} "), format!("{STAFF_PASSWORD}\n"), STAFF_PASSWORD.to_uppercase(), String::new()]
    {
        let response = app
            .request(Method::POST, "/v1/auth/token")
            .json(&json!({"email": "exact@example.org", "password": wrong}))
            .send()
            .await
            .unwrap();
        expect_problem(response, 401).await;
    }
});

both_backends!(malformed_sign_in_bodies_are_400, |app| async move {
    for body in [r#"{"email": "a@example.org"}"#, r#"{"email": "a@example.org", "password": "x", "otp": 1}"#, "{", ""] {
        let response = app
            .request(Method::POST, "/v1/auth/token")
            .header(CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        expect_problem(response, 400).await;
    }
});

both_backends!(forged_and_expired_tokens_are_refused, |app| async move {
    let editor = app.staff("editor").await;
    let (_, claims) = claims_of(editor.token());
    let now = chrono::Utc::now().timestamp();

    // The control: a token we sign with the real key and fresh claims is accepted, so each
    // refusal below is about the one thing changed.
    assert_eq!(write_with(&app, &sign(&claims, JWT_SECRET.as_bytes())).await, 201);

    let other_key = sign(&claims, b"another-key-of-at-least-thirty-two-bytes!!");
    assert_eq!(write_with(&app, &other_key).await, 401, "signed with another key");

    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    assert_eq!(write_with(&app, &format!("{header}.{payload}.")).await, 401, "alg: none");

    let mut expired = claims.clone();
    expired["iat"] = json!(now - 7200);
    expired["nbf"] = json!(now - 7200);
    expired["exp"] = json!(now - 3600);
    assert_eq!(write_with(&app, &sign(&expired, JWT_SECRET.as_bytes())).await, 401, "expired");

    let mut early = claims.clone();
    early["nbf"] = json!(now + 3600);
    assert_eq!(write_with(&app, &sign(&early, JWT_SECRET.as_bytes())).await, 401, "not valid yet");

    for (claim, value) in [("iss", "someone-else"), ("aud", "someone-else")] {
        let mut wrong = claims.clone();
        wrong[claim] = json!(value);
        assert_eq!(write_with(&app, &sign(&wrong, JWT_SECRET.as_bytes())).await, 401, "{claim} = {value}");
    }

    let mut stranger = claims.clone();
    stranger["sub"] = json!("0190a5d2-0000-7000-8000-000000000000");
    assert_eq!(write_with(&app, &sign(&stranger, JWT_SECRET.as_bytes())).await, 401, "no such user");

    let hs512 =
        jsonwebtoken::encode(&Header::new(Algorithm::HS512), &claims, &EncodingKey::from_secret(JWT_SECRET.as_bytes()))
            .unwrap();
    assert_eq!(write_with(&app, &hs512).await, 401, "HS512, not HS256");

    let mut tampered = editor.token().to_string();
    tampered.pop();
    tampered.push(if editor.token().ends_with('A') { 'B' } else { 'A' });
    assert_eq!(write_with(&app, &tampered).await, 401, "a changed signature");

    assert_eq!(app.search("").await["total"], 1, "only the control was written");
});

both_backends!(a_token_claiming_a_higher_role_gets_the_stored_role, |app| async move {
    let viewer = app.staff("viewer").await;
    let (_, mut claims) = claims_of(viewer.token());
    claims["role"] = json!("admin");
    let status = write_with(&app, &sign(&claims, JWT_SECRET.as_bytes())).await;
    assert!(status == 403 || status == 401, "a viewer's own token, re-signed as admin, wrote: {status}");
});

both_backends!(malformed_authorization_headers_are_401, |app| async move {
    for value in ["Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc", "bearer not.a.jwt"] {
        let response = app
            .request(Method::POST, "/v1/meetings")
            .header("authorization", value)
            .json(&meeting("Header Test"))
            .send()
            .await
            .unwrap();
        expect_problem(response, 401).await;
    }
});

// ---------------------------------------------------------------------------------------------
// Refresh tokens, sign-out, deactivated users, and the sign-in throttle.

/// `POST path` with a JSON body, anonymously.
async fn post(app: &TestApp, path: &str, body: Value) -> reqwest::Response {
    app.request(Method::POST, path).json(&body).send().await.unwrap()
}

/// Signs in; returns the whole 200 answer.
async fn sign_in(app: &TestApp, email: &str) -> Value {
    expect_json(post(app, "/v1/auth/token", json!({"email": email, "password": STAFF_PASSWORD})).await, 200).await
}

/// `POST /v1/auth/refresh` with `token`.
async fn refresh(app: &TestApp, token: &str) -> reqwest::Response {
    post(app, "/v1/auth/refresh", json!({"refresh_token": token})).await
}

/// The 401 problem for a refused refresh token, with its content type.
async fn refused(response: reqwest::Response) -> (Option<reqwest::header::HeaderValue>, Value) {
    let content_type = response.headers().get(CONTENT_TYPE).cloned();
    (content_type, expect_problem(response, 401).await)
}

fn refresh_token_of(body: &Value) -> String {
    body["refresh_token"].as_str().unwrap_or_else(|| panic!("no refresh_token: {body}")).to_string()
}

both_backends!(sign_in_also_returns_a_refresh_token, |app| async move {
    app.add_user("r@example.org", "editor", STAFF_PASSWORD).await;
    let body = sign_in(&app, "r@example.org").await;
    let token = refresh_token_of(&body);
    assert_eq!(token.len(), 43, "256 bits in unpadded base64: {token}");
    assert_eq!(URL_SAFE_NO_PAD.decode(&token).unwrap().len(), 32);
    assert_eq!(body["refresh_expires_in"], 30 * 24 * 3600, "{body}");
    assert_ne!(refresh_token_of(&sign_in(&app, "r@example.org").await), token, "a new one per sign-in");
});

both_backends!(a_refresh_token_is_exchanged_once_then_its_family_dies, |app| async move {
    app.add_user("r@example.org", "editor", STAFF_PASSWORD).await;
    let first = refresh_token_of(&sign_in(&app, "r@example.org").await);
    let other_session = refresh_token_of(&sign_in(&app, "r@example.org").await);

    let pair = expect_json(refresh(&app, &first).await, 200).await;
    assert_eq!(pair["token_type"], "Bearer");
    let second = refresh_token_of(&pair);
    assert_ne!(second, first);
    let access = pair["access_token"].as_str().unwrap();
    assert_eq!(write_with(&app, access).await, 201, "the new access token works");
    let third = refresh_token_of(&expect_json(refresh(&app, &second).await, 200).await);

    // `first` is spent: presenting it again is a theft signal, refused, and `third` (the
    // family's live token) dies with it.
    let reused = refused(refresh(&app, &first).await).await;
    let revoked = refused(refresh(&app, &third).await).await;
    let unknown = refused(refresh(&app, "bm90IGEgcmVhbCB0b2tlbiBidXQgNDMgY2hhcnMgbG9uZyEhIQ").await).await;
    let empty = refused(refresh(&app, "").await).await;
    assert_eq!(reused, revoked, "a reused and a revoked token are told apart");
    assert_eq!(reused, unknown, "a reused and an unknown token are told apart");
    assert_eq!(reused, empty);

    // Another sign-in of the same user is another family.
    expect_json(refresh(&app, &other_session).await, 200).await;
});

both_backends!(an_expired_refresh_token_gets_the_same_401, |app| async move {
    app.add_user("r@example.org", "editor", STAFF_PASSWORD).await;
    let token = refresh_token_of(&sign_in(&app, "r@example.org").await);
    // The only way to age a token without waiting 30 days: move its expiry in the database.
    let store = recovery_store::Store::open(app.database_url()).unwrap();
    recovery_store::testing::execute_sql(&store, "UPDATE refresh_tokens SET expires_at = '2000-01-01 00:00:00'")
        .unwrap();
    let expired = refused(refresh(&app, &token).await).await;
    let unknown = refused(refresh(&app, "unknown").await).await;
    assert_eq!(expired, unknown);
});

both_backends!(concurrent_refreshes_of_one_token_have_one_winner, |app| async move {
    app.add_user("r@example.org", "editor", STAFF_PASSWORD).await;
    for _ in 0..3 {
        let token = refresh_token_of(&sign_in(&app, "r@example.org").await);
        let (a, b) = tokio::join!(refresh(&app, &token), refresh(&app, &token));
        let mut statuses = [a.status().as_u16(), b.status().as_u16()];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 401]);
    }
});

both_backends!(signing_out_revokes_the_refresh_token, |app| async move {
    app.add_user("r@example.org", "viewer", STAFF_PASSWORD).await;
    let first = refresh_token_of(&sign_in(&app, "r@example.org").await);
    let second = refresh_token_of(&expect_json(refresh(&app, &first).await, 200).await);
    let response = post(&app, "/v1/auth/logout", json!({"refresh_token": second})).await;
    assert_eq!(response.status().as_u16(), 204);
    assert!(response.text().await.unwrap().is_empty());
    let after_logout = refused(refresh(&app, &second).await).await;
    let again = refused(post(&app, "/v1/auth/logout", json!({"refresh_token": second})).await).await;
    let unknown = refused(post(&app, "/v1/auth/logout", json!({"refresh_token": "nope"})).await).await;
    assert_eq!(after_logout, again);
    assert_eq!(again, unknown);
    for body in [json!({}), json!({"refresh_token": 1}), json!({"refresh_token": "x", "all": true})] {
        expect_problem(post(&app, "/v1/auth/logout", body.clone()).await, 400).await;
        expect_problem(post(&app, "/v1/auth/refresh", body).await, 400).await;
    }
});

both_backends!(a_deactivated_user_is_shut_out_at_once, |app| async move {
    let admin = app.staff("admin").await;
    app.add_user("leaving@example.org", "editor", STAFF_PASSWORD).await;
    let pair = sign_in(&app, "leaving@example.org").await;
    let access = pair["access_token"].as_str().unwrap().to_string();
    let refresh_token = refresh_token_of(&pair);
    assert_eq!(write_with(&app, &access).await, 201);

    let users = expect_json(admin.get("/v1/users").send().await.unwrap(), 200).await;
    let id = users["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "leaving@example.org")
        .and_then(|u| u["id"].as_str())
        .unwrap()
        .to_string();
    expect_json(admin.patch(&format!("/v1/users/{id}"), &json!({"active": false})).send().await.unwrap(), 200).await;

    assert_eq!(write_with(&app, &access).await, 401, "an access token issued before deactivation");
    let response = app.request(Method::GET, &format!("/v1/users/{id}")).bearer_auth(&access).send().await.unwrap();
    expect_problem(response, 401).await;
    refused(refresh(&app, &refresh_token).await).await;
    let response =
        post(&app, "/v1/auth/token", json!({"email": "leaving@example.org", "password": STAFF_PASSWORD})).await;
    expect_problem(response, 401).await;

    // Reactivated, the user signs in again; the old refresh token stays dead.
    expect_json(admin.patch(&format!("/v1/users/{id}"), &json!({"active": true})).send().await.unwrap(), 200).await;
    sign_in(&app, "leaving@example.org").await;
    refused(refresh(&app, &refresh_token).await).await;
});

/// A client whose connections come from `ip` (any 127.x.y.z reaches the server on Linux), so
/// tests can be several client addresses at once.
fn client_from(ip: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(Some(ip.parse().unwrap()))
        .timeout(std::time::Duration::from_secs(15))
        .build()
        .unwrap()
}

/// Signs in as `email` from client address `ip`.
async fn sign_in_from(app: &TestApp, ip: &str, email: &str, password: &str) -> reqwest::Response {
    client_from(ip)
        .post(app.url("/v1/auth/token"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
}

/// Asserts a lockout answer and returns (Retry-After seconds, content type, body).
async fn locked(response: reqwest::Response) -> (u64, String, Value) {
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or_else(|| panic!("429 without a Retry-After in seconds: {:?}", response.headers()));
    assert!((1..=900).contains(&retry_after), "Retry-After: {retry_after}");
    let content_type = response.headers().get(CONTENT_TYPE).unwrap().to_str().unwrap().to_string();
    (retry_after, content_type, expect_problem(response, 429).await)
}

both_backends!(an_account_locks_after_five_failures_from_anywhere, |app| async move {
    app.add_user("real@example.org", "admin", STAFF_PASSWORD).await;
    let mut answers = Vec::new();
    for (n, email) in ["real@example.org", "ghost@example.org"].into_iter().enumerate() {
        // Five failures, each from another address: only the account can be counting.
        for i in 0..5 {
            let ip = format!("127.0.{}.{}", 10 + n, 10 + i);
            let response = sign_in_from(&app, &ip, email, "not the password").await;
            expect_problem(response, 401).await;
        }
        // The sixth attempt, from a fresh address and with the right password, is refused.
        let response = sign_in_from(&app, &format!("127.0.{}.99", 10 + n), email, STAFF_PASSWORD).await;
        answers.push(locked(response).await);
    }
    let ((_, real_type, real_body), (_, ghost_type, ghost_body)) = (&answers[0], &answers[1]);
    assert_eq!(real_type, ghost_type);
    assert_eq!(real_body, ghost_body, "a locked real account and a locked unknown one are told apart");
    assert!(!real_body.to_string().contains("real@example.org"));

    // Other accounts are not affected.
    app.add_user("other@example.org", "viewer", STAFF_PASSWORD).await;
    sign_in(&app, "other@example.org").await;
});

both_backends!(an_address_locks_after_five_failures_on_any_accounts, |app| async move {
    app.add_user("real@example.org", "editor", STAFF_PASSWORD).await;
    for i in 0..5 {
        let response = sign_in_from(&app, "127.0.20.1", &format!("guess{i}@example.org"), "password123").await;
        expect_problem(response, 401).await;
    }
    locked(sign_in_from(&app, "127.0.20.1", "real@example.org", STAFF_PASSWORD).await).await;
    let elsewhere = sign_in_from(&app, "127.0.20.2", "real@example.org", STAFF_PASSWORD).await;
    expect_json(elsewhere, 200).await;
});

both_backends!(a_successful_sign_in_clears_the_accounts_failures, |app| async move {
    app.add_user("real@example.org", "editor", STAFF_PASSWORD).await;
    let fail = |i: usize| {
        let app = &app;
        async move {
            let response = sign_in_from(app, &format!("127.0.30.{i}"), "real@example.org", "wrong password").await;
            response.status().as_u16()
        }
    };
    for i in 1..=4 {
        assert_eq!(fail(i).await, 401);
    }
    expect_json(sign_in_from(&app, "127.0.30.50", "real@example.org", STAFF_PASSWORD).await, 200).await;
    // Without the reset, the first of these would lock the account and the rest be 429s.
    for i in 5..=9 {
        assert_eq!(fail(i).await, 401, "failure {} after the success", i - 4);
    }
    locked(sign_in_from(&app, "127.0.30.51", "real@example.org", STAFF_PASSWORD).await).await;
});
