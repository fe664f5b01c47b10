//! Where the database is: every database command creates and migrates a SQLite file, `serve`
//! defaults to one under `data/`, `DATABASE_URL` from the environment, and PostgreSQL needs a
//! JWT secret.

use std::process::Stdio;
use std::time::{Duration, Instant};

use recovery_e2e::app::{JWT_SECRET, STAFF_PASSWORD, assert_user_added, client, free_port, run_cli};
use recovery_e2e::binary::{self};
use recovery_e2e::{Backend, TestApp};
use serde_json::{Value, json};

use super::*;

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
