//! `user add`: the password from standard input, refusals, roles, a clean exit.

use recovery_e2e::app::assert_user_added;
use recovery_e2e::{TestApp, both_backends};
use reqwest::Method;
use serde_json::json;

use super::*;

async fn sign_in_status(app: &TestApp, email: &str, password: &str) -> u16 {
    let response = app
        .request(Method::POST, "/v1/auth/token")
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap();
    response.status().as_u16()
}

both_backends!(user_add_reads_one_line_of_stdin, |app| async move {
    let output = app
        .cli(
            &["user", "add", "--email", "stdin@example.org", "--role", "editor", "--password-stdin"],
            "trailing newline pw\nsecond line\n",
        )
        .await;
    assert_user_added(&output, "stdin@example.org");
    assert_eq!(sign_in_status(&app, "stdin@example.org", "trailing newline pw").await, 200);
    assert_eq!(
        sign_in_status(&app, "stdin@example.org", "trailing newline pw\n").await,
        401,
        "the newline is not part of it"
    );

    // Without a final newline the whole input is the password.
    let output = app
        .cli(
            &["user", "add", "--email", "nonl@example.org", "--role", "viewer", "--password-stdin"],
            "no newline at all",
        )
        .await;
    assert_user_added(&output, "nonl@example.org");
    assert_eq!(sign_in_status(&app, "nonl@example.org", "no newline at all").await, 200);
});

both_backends!(user_add_refuses_short_passwords_and_bad_roles, |app| async move {
    let short = app
        .cli(&["user", "add", "--email", "short@example.org", "--role", "admin", "--password-stdin"], "123456789\n")
        .await;
    assert!(!short.status.success(), "a 9-character password was accepted");
    assert!(stderr(&short).contains("10"), "the error says how long: {}", stderr(&short));
    assert_eq!(sign_in_status(&app, "short@example.org", "123456789").await, 401);

    let ten = app
        .cli(&["user", "add", "--email", "ten@example.org", "--role", "admin", "--password-stdin"], "1234567890\n")
        .await;
    assert_user_added(&ten, "ten@example.org");
    assert_eq!(sign_in_status(&app, "ten@example.org", "1234567890").await, 200);

    let role = app
        .cli(
            &["user", "add", "--email", "root@example.org", "--role", "root", "--password-stdin"],
            "long enough password\n",
        )
        .await;
    assert!(!role.status.success(), "role `root` was accepted");
    assert_eq!(sign_in_status(&app, "root@example.org", "long enough password").await, 401);
});

both_backends!(roles_decide_what_users_may_do, |app| async move {
    for role in ["admin", "editor", "viewer"] {
        let staff = app.staff(role).await;
        let response =
            staff.post("/v1/meetings", &recovery_e2e::fixtures::meeting(&format!("By {role}"))).send().await.unwrap();
        let expected = if role == "viewer" { 403 } else { 201 };
        assert_eq!(response.status(), expected, "{role}");
    }
});

both_backends!(user_add_exits_cleanly, |app| async move {
    // Regression: the store's pool used to refill its idle minimum from a background
    // thread, and a command exiting mid-connect crashed in OpenSSL's exit-time cleanup
    // (~5% of runs on PostgreSQL). It needs many runs to show.
    for i in 0..40 {
        let email = format!("exit-{i}@example.org");
        let output = app
            .cli(&["user", "add", "--email", &email, "--role", "viewer", "--password-stdin"], "long enough password\n")
            .await;
        assert!(output.status.success(), "run {i}: {}", stderr(&output));
    }
});
