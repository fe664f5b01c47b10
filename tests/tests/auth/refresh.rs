//! Refresh tokens (`POST /v1/auth/refresh`), signing out, and deactivated users.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use recovery_e2e::app::STAFF_PASSWORD;
use recovery_e2e::http::{expect_json, expect_problem};
use recovery_e2e::{TestApp, both_backends};
use reqwest::Method;
use reqwest::header::CONTENT_TYPE;
use serde_json::{Value, json};

use super::*;

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
