//! `POST /v1/auth/token` and what the API accepts as a bearer token.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use recovery_e2e::app::{JWT_SECRET, STAFF_PASSWORD};
use recovery_e2e::both_backends;
use recovery_e2e::fixtures::meeting;
use recovery_e2e::http::{expect_json, expect_problem};
use reqwest::Method;
use reqwest::header::CONTENT_TYPE;
use serde_json::{Value, json};

use super::*;

fn claims_of(token: &str) -> (Value, Value) {
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "a JWT has three parts: {token}");
    let decode = |part: &str| -> Value { serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap() };
    (decode(parts[0]), decode(parts[1]))
}

fn sign(claims: &Value, key: &[u8]) -> String {
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &EncodingKey::from_secret(key)).unwrap()
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
