//! The command line: `user add`, `migrate`, `serve` defaults and `serve --demo`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Stdio;
use std::time::{Duration, Instant};

use recovery_e2e::app::{JWT_SECRET, STAFF_PASSWORD, assert_user_added, client, free_port, run_cli};
use recovery_e2e::binary::{self, workspace_root};
use recovery_e2e::fixtures::PHILADELPHIA;
use recovery_e2e::http::{expect_problem, items};
use recovery_e2e::{Backend, TestApp, both_backends};
use reqwest::Method;
use serde_json::{Value, json};

/// What a command said, for assertion messages: its exit status and both outputs.
fn stderr(output: &std::process::Output) -> String {
    format!(
        "{}\nstdout: {}\nstderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

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

#[tokio::test]
async fn every_database_command_creates_the_sqlite_file_and_migrates() {
    let dir = tempfile::tempdir().unwrap();
    // migrate: folders and file created; running it again is harmless.
    let db = dir.path().join("nested/deeper/migrated.db");
    let url = format!("sqlite://{}", db.display());
    for _ in 0..2 {
        let output = run_cli(&["migrate", "--database", &url], "").await;
        assert!(output.status.success(), "{}", stderr(&output));
    }
    assert!(db.is_file());

    // user add on a missing file: created and migrated, and a server can then sign the user in.
    let db = dir.path().join("other/users.db");
    let url = format!("sqlite://{}", db.display());
    let output = run_cli(
        &["user", "add", "--email", "first@example.org", "--role", "admin", "--password-stdin", "--database", &url],
        &format!("{STAFF_PASSWORD}\n"),
    )
    .await;
    assert_user_added(&output, "first@example.org");
    assert!(db.is_file());
    let server = Server::start(&["serve", "--database", &url], dir.path(), &[]).await;
    let response = client()
        .post(format!("{}/v1/auth/token", server.base_url))
        .json(&json!({"email": "first@example.org", "password": STAFF_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn serve_defaults_to_a_sqlite_file_under_data() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&["serve"], dir.path(), &[]).await;
    let page: Value =
        client().get(format!("{}/v1/meetings", server.base_url)).send().await.unwrap().json().await.unwrap();
    assert_eq!(page["total"], 0);
    assert!(
        dir.path().join("data/recovery-directory.db").is_file(),
        "serve without --database uses data/recovery-directory.db"
    );
}

#[tokio::test]
async fn database_url_comes_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("from-env.db");
    let server =
        Server::start(&["serve"], dir.path(), &[("DATABASE_URL", &format!("sqlite://{}", db.display()))]).await;
    assert_eq!(client().get(format!("{}/healthz", server.base_url)).send().await.unwrap().status(), 200);
    assert!(db.is_file());
    assert!(!dir.path().join("data").exists(), "DATABASE_URL was ignored");
}

#[tokio::test]
async fn postgres_requires_a_jwt_secret() {
    if !Backend::Postgres.available() {
        return;
    }
    let app = TestApp::start(Backend::Postgres).await;
    let bind = format!("127.0.0.1:{}", free_port());
    let output = tokio::time::timeout(
        Duration::from_secs(30),
        binary::async_command()
            .args(["serve", "--bind", &bind, "--database", app.database_url()])
            .stdin(Stdio::null())
            .output(),
    )
    .await
    .expect("serve without RD_JWT_SECRET exits")
    .unwrap();
    assert!(!output.status.success(), "serve on PostgreSQL started without RD_JWT_SECRET");
    assert!(stderr(&output).contains("RD_JWT_SECRET"), "{}", stderr(&output));

    let short = binary::async_command()
        .args(["serve", "--bind", &bind, "--database", app.database_url()])
        .env("RD_JWT_SECRET", "too short")
        .stdin(Stdio::null())
        .output();
    let output = tokio::time::timeout(Duration::from_secs(30), short).await.expect("exits").unwrap();
    assert!(!output.status.success(), "a secret under 32 bytes was accepted");
}

/// The demo meetings the binary ships, as a developer wrote them.
fn demo_file() -> Vec<Value> {
    let path = workspace_root().join("crates/server/demo/meetings.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn slug_of(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric() && c != '\'')
        .map(|w| w.replace('\'', "").to_lowercase())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

both_backends!(serve_demo_loads_meetings_around_philadelphia, backend: |backend| async move {
    let app = TestApp::builder(backend).demo().start().await;
    let (lat, lng) = PHILADELPHIA;
    let page = app.search(&format!("lat={lat}&lng={lng}&radius_km=25&limit=200")).await;
    let found = items(&page);
    let total = page["total"].as_u64().unwrap() as usize;
    assert_eq!(total, found.len());
    assert!((30..=40).contains(&total), "about 36 demo meetings near Philadelphia, found {total}");
    let distances: Vec<f64> = found.iter().map(|m| m["distance_km"].as_f64().unwrap()).collect();
    assert!(distances.windows(2).all(|w| w[0] <= w[1]), "nearest first: {distances:?}");
    assert!(distances.iter().all(|d| *d <= 25.0));
    let options: Vec<&str> = found.iter().map(|m| m["attendance_option"].as_str().unwrap()).collect();
    for option in ["online", "hybrid", "in_person"] {
        assert!(options.contains(&option), "no {option} meeting among {options:?}");
    }
    let programs: Vec<&str> = found.iter().map(|m| m["program"].as_str().unwrap()).collect();
    for program in ["aa", "na", "al-anon"] {
        assert!(programs.contains(&program), "no {program} meeting");
    }

    // The draft is in the data but not public.
    let drafts: Vec<Value> = demo_file().into_iter().filter(|m| m["status"] == "draft").collect();
    assert!(!drafts.is_empty(), "the demo data include a draft");
    let public_total = app.search("limit=200").await["total"].as_u64().unwrap() as usize;
    assert_eq!(public_total, demo_file().len() - drafts.len(), "everything but the drafts is public");
    let viewer = app.staff("viewer").await;
    for draft in &drafts {
        let name = draft["name"].as_str().unwrap();
        let slug = draft["slug"].as_str().map_or_else(|| slug_of(name), str::to_string);
        expect_problem(app.get(&format!("/v1/meetings/{slug}")).send().await.unwrap(), 404).await;
        assert_eq!(viewer.read(&slug).await["status"], "draft");
        let feed = app.get("/feeds/meeting-guide.json").send().await.unwrap().text().await.unwrap();
        assert!(!feed.contains(name), "the feed lists the draft {name}");
        assert!(!feed.contains(&format!("\"{slug}\"")), "the feed lists the draft {slug}");
    }

    // Demo data go only into an empty database.
    let again = app.replica().demo().start().await;
    assert_eq!(again.search("limit=200").await["total"].as_u64().unwrap() as usize, public_total);
});

/// A `serve` process started without the test harness's database (to test defaults).
struct Server {
    base_url: String,
    child: tokio::process::Child,
}

impl Server {
    async fn start(args: &[&str], cwd: &std::path::Path, env: &[(&str, &str)]) -> Server {
        let bind = format!("127.0.0.1:{}", free_port());
        let mut command = binary::async_command();
        command
            .args(args)
            .current_dir(cwd)
            .env("RD_BIND", &bind)
            .env("RD_JWT_SECRET", JWT_SECRET)
            .env("RD_LOG", "warn");
        command.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped());
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command.spawn().unwrap();
        let base_url = format!("http://{bind}");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                let mut err = String::new();
                if let Some(mut e) = child.stderr.take() {
                    use tokio::io::AsyncReadExt;
                    let _ = e.read_to_string(&mut err).await;
                }
                panic!("serve exited with {status}: {err}");
            }
            if client().get(format!("{base_url}/healthz")).send().await.is_ok_and(|r| r.status() == 200) {
                return Server { base_url, child };
            }
            assert!(Instant::now() < deadline, "serve did not answer /healthz within 20 s");
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}
