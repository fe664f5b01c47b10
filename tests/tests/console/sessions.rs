//! Signing in and out, the session cookie, and the rules every console POST must meet.

use recovery_e2e::app::STAFF_PASSWORD;
use recovery_e2e::{TestApp, both_backends};
use serde_json::json;

use super::{Browser, signed_in, sql};

/// A meeting form's fields, with `csrf` as its token.
fn meeting(csrf: &str) -> Vec<(&'static str, &str)> {
    vec![("csrf", csrf), ("name", "Forged Meeting"), ("day", "2"), ("time", "19:00"), ("location.city", "Philadelphia")]
}

both_backends!(signing_in_sets_a_strict_http_only_session_cookie, |app: TestApp| async move {
    let (mut browser, email) = signed_in(&app, "editor").await;
    let home = browser.get("/staff/").await;
    assert_eq!(home.status, 200);
    assert!(home.body.contains(&email) && home.body.contains("action=\"/staff/sign-out\""), "{}", home.body);
    assert_eq!(home.cache, "no-store");
    let token = browser.session().unwrap().clone();
    assert_eq!(token.len(), 64, "256 random bits");

    let mut again = Browser::new(&app);
    let page = again.sign_in(&email, STAFF_PASSWORD).await;
    let cookie = page.set_cookies.iter().find(|c| c.starts_with("rd_staff=")).unwrap();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/staff"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "the test server's public URL is http: {cookie}");
    assert_ne!(again.session(), Some(&token), "every sign-in gets its own session");

    let wrong = Browser::new(&app).sign_in(&email, "not the password").await;
    assert_eq!(wrong.status, 401);
    assert!(wrong.is_sign_in() && wrong.body.contains("error-summary"), "{}", wrong.body);
});

both_backends!(posts_without_a_valid_token_or_from_another_origin_are_403, |app: TestApp| async move {
    let (mut browser, _) = signed_in(&app, "editor").await;
    let csrf = browser.get("/staff/meetings/new").await.csrf();
    let csrf = csrf.as_str();

    let missing = browser.post("/staff/meetings", &meeting(csrf)[1..]).await;
    assert_eq!(missing.status, 403, "{}", missing.body);
    assert!(missing.body.contains("<html"), "a page, not a problem document");
    let wrong = browser.post("/staff/meetings", &meeting("0000000000000000000000000000000000000000")).await;
    assert_eq!(wrong.status, 403);
    let foreign = browser.post_from("/staff/meetings", &meeting(csrf), Some("https://attacker.example")).await;
    assert_eq!(foreign.status, 403);
    let null = browser.post_from("/staff/meetings", &meeting(csrf), Some("null")).await;
    assert_eq!(null.status, 403);
    let list = browser.get("/staff/meetings?q=Forged").await;
    assert!(!list.body.contains("Forged Meeting"), "a refused POST changes nothing");

    // The same form, with the page's token and our origin (or none, as old browsers send), works.
    let ok = browser.post_from("/staff/meetings", &meeting(csrf), None).await;
    assert_eq!(ok.status, 303, "{}", ok.body);

    // Another session's token is not this session's.
    let (mut other, _) = signed_in(&app, "editor").await;
    let theirs = other.post("/staff/meetings", &meeting(csrf)).await;
    assert_eq!(theirs.status, 403);

    // The sign-in form needs its own token too (no logging people in from another site).
    let mut stranger = Browser::new(&app);
    let blind = stranger.post("/staff/sign-in", &[("email", "x@example.org"), ("password", "whatever12345")]).await;
    assert_eq!(blind.status, 403);
});

both_backends!(signed_out_expired_and_revoked_sessions_lead_back_to_sign_in, |app: TestApp| async move {
    let (mut browser, _) = signed_in(&app, "editor").await;
    let old = browser.session().unwrap().clone();
    let csrf = browser.get("/staff/").await.csrf();
    let out = browser.post("/staff/sign-out", &[("csrf", &csrf)]).await;
    assert_eq!(out.status, 303);
    assert!(
        out.set_cookies.iter().any(|c| c.starts_with("rd_staff=;") && c.contains("Max-Age=0")),
        "{:?}",
        out.set_cookies
    );
    browser.set_session(&old);
    let after = browser.get("/staff/meetings").await;
    assert_eq!((after.status, after.location.as_deref()), (303, Some("/staff/")), "a signed-out session is dead");
    assert!(browser.get("/staff/").await.is_sign_in());

    let (mut idle, _) = signed_in(&app, "editor").await;
    sql(&app, "UPDATE staff_sessions SET last_seen_at = '2000-01-01 00:00:00'");
    assert!(idle.get("/staff/").await.is_sign_in(), "idle for more than 30 minutes");

    let (mut expired, _) = signed_in(&app, "editor").await;
    sql(&app, "UPDATE staff_sessions SET expires_at = '2000-01-01 00:00:00'");
    assert!(expired.get("/staff/").await.is_sign_in(), "past 12 hours");

    let mut forged = Browser::new(&app);
    forged.set_session(&"a".repeat(64));
    assert!(forged.get("/staff/").await.is_sign_in());
});

both_backends!(a_deactivated_user_is_signed_out_mid_session, |app: TestApp| async move {
    let (mut browser, email) = signed_in(&app, "editor").await;
    assert!(!browser.get("/staff/").await.is_sign_in());
    let admin = app.staff("admin").await;
    let users = admin.get("/v1/users").send().await.unwrap().json::<serde_json::Value>().await.unwrap();
    let items = users.get("items").unwrap_or(&users).as_array().unwrap().clone();
    let id = items.iter().find(|u| u["email"] == email.as_str()).unwrap()["id"].as_str().unwrap().to_string();
    let response = admin.patch(&format!("/v1/users/{id}"), &json!({"active": false})).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let page = browser.get("/staff/meetings").await;
    assert_eq!((page.status, page.location.as_deref()), (303, Some("/staff/")));
    let again = Browser::new(&app).sign_in(&email, STAFF_PASSWORD).await;
    assert_eq!(again.status, 401, "and cannot sign in again");
});

both_backends!(changing_ones_password_ends_the_other_sessions, |app: TestApp| async move {
    let (mut here, email) = signed_in(&app, "editor").await;
    let mut there = Browser::new(&app);
    there.sign_in(&email, STAFF_PASSWORD).await;
    let csrf = here.get("/staff/password").await.csrf();
    let wrong = here
        .post(
            "/staff/password",
            &[("csrf", &csrf), ("current_password", "nope"), ("new_password", "a brand new passphrase")],
        )
        .await;
    assert_eq!(wrong.status, 422);
    let changed = here
        .post(
            "/staff/password",
            &[("csrf", &csrf), ("current_password", STAFF_PASSWORD), ("new_password", "a brand new passphrase")],
        )
        .await;
    assert_eq!(changed.status, 303, "{}", changed.body);
    assert!(!here.get("/staff/").await.is_sign_in(), "this browser got a new session");
    assert!(there.get("/staff/").await.is_sign_in(), "the other one is signed out");
});
