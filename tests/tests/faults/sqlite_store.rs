//! A SQLite store that cannot be written: a full disk (a small tmpfs, filled), a `-wal` made
//! immutable, a `-shm` made immutable under a running server and before a start. Reads go on,
//! writes answer 503 saying the store cannot be written, `/readyz` and `/metrics` say so, and
//! all recovers by itself once the store can be written again. The immutable flag stops root
//! too (the tests run as root, which permission bits would not stop).

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use recovery_e2e::app::{JWT_SECRET, STAFF_PASSWORD, client};
use recovery_e2e::binary;
use recovery_e2e::fixtures::meeting;
use recovery_e2e::http::expect_json;
use recovery_e2e::poll::eventually;
use recovery_e2e::process::ServerProcess;
use serde_json::json;

use super::*;

/// A server on the SQLite file `db` (following other writers rarely: these tests make files
/// unwritable under it, and every database access in that instant is one the store's check may
/// not have seen yet).
async fn serve(dir: &Path, db: &Path) -> ServerProcess {
    let url = format!("sqlite://{}", db.display());
    ServerProcess::start(dir, |bind, command| {
        command
            .args(["serve", "--bind", bind, "--database", &url])
            .env("RD_JWT_SECRET", JWT_SECRET)
            .env("RD_FOLLOW_INTERVAL_MS", "60000")
            .env("RD_LOG", "warn");
    })
    .await
}

/// Creates a meeting named `name`; the status and body.
async fn create(server: &ServerProcess, token: &str, name: &str) -> (u16, serde_json::Value, Option<String>) {
    let response =
        client().post(server.url("/v1/meetings")).bearer_auth(token).json(&meeting(name)).send().await.unwrap();
    let status = response.status().as_u16();
    let retry_after = response.headers().get("retry-after").map(|v| v.to_str().unwrap().to_string());
    (status, response.json().await.unwrap_or_default(), retry_after)
}

/// Asserts the node serves reads but not writes: `/readyz` 200 with `writable` false (within a
/// few checks), the metric at 0, a public search answered.
async fn assert_read_only(server: &ServerProcess) {
    let body = eventually(Duration::from_secs(10), "/readyz saying the store cannot be written", || async {
        let (status, body) = readyz(server).await;
        (body["writable"] == false).then_some((status, body))
    })
    .await;
    assert_eq!(body.0, 200, "ready for reads: {}", body.1);
    assert_eq!(body.1["status"], "ready", "{}", body.1);
    assert_eq!(metric(server, "recovery_directory_store_writable").await, Some(0.0));
    let page = expect_json(client().get(server.url("/v1/meetings?q=before")).send().await.unwrap(), 200).await;
    assert_eq!(page["total"], 1, "reads go on: {page}");
}

/// Asserts a write is refused as the promise says: 503, Retry-After, a detail that says the
/// store cannot be written (and no file name).
fn assert_refused(status: u16, body: &serde_json::Value, retry_after: Option<String>) {
    assert_eq!(status, 503, "{body}");
    assert_eq!(retry_after.as_deref(), Some("5"));
    let detail = body["detail"].as_str().unwrap();
    assert!(detail.contains("cannot be written"), "{detail}");
    assert!(!detail.contains("-wal") && !detail.contains("-shm") && !detail.contains('/'), "{detail}");
}

/// Waits until the store takes writes again, then writes.
async fn assert_recovers(server: &ServerProcess, token: &str) {
    eventually(Duration::from_secs(10), "/readyz saying the store can be written again", || async {
        let (status, body) = readyz(server).await;
        (status == 200 && body["writable"] == true).then_some(())
    })
    .await;
    assert_eq!(metric(server, "recovery_directory_store_writable").await, Some(1.0));
    assert_eq!(create(server, token, "Written After").await.0, 201);
}

#[tokio::test]
async fn a_full_disk_refuses_writes_keeps_reads_and_recovers_by_itself() {
    bounded(async {
        let dir = tempfile::tempdir().unwrap();
        let Some(disk) = SmallDisk::mount(&dir.path().join("disk"), 8) else { return };
        let db = dir.path().join("disk/full.db");
        let server = serve(dir.path(), &db).await;
        let token = sign_in_new_editor(&server, &format!("sqlite://{}", db.display())).await;
        assert_eq!(create(&server, &token, "Before").await.0, 201);

        disk.fill();
        // A commit fails once the log needs room the disk no longer has (it first reuses what
        // it holds); until then writes still succeed, which is as it should be.
        let mut refused = None;
        for n in 0..500 {
            let (status, body, retry_after) = create(&server, &token, &format!("Filling {n}")).await;
            if status != 201 {
                refused = Some((status, body, retry_after));
                break;
            }
        }
        let (status, body, retry_after) = refused.expect("a write refused on the full disk");
        assert_refused(status, &body, retry_after);
        assert_read_only(&server).await;
        // Sign-in writes its session: refused the same way, not a 500.
        let sign_in = client()
            .post(server.url("/v1/auth/token"))
            .json(&json!({"email": "operator@example.org", "password": STAFF_PASSWORD}))
            .send()
            .await
            .unwrap();
        assert!(sign_in.status() == 503 || sign_in.status() == 200, "sign-in on a full disk: {}", sign_in.status());

        disk.free();
        assert_recovers(&server, &token).await;
    })
    .await;
}

#[tokio::test]
async fn an_unwritable_wal_refuses_writes_keeps_reads_and_recovers() {
    bounded(async {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("wal.db");
        let server = serve(dir.path(), &db).await;
        let token = sign_in_new_editor(&server, &format!("sqlite://{}", db.display())).await;
        assert_eq!(create(&server, &token, "Before").await.0, 201);

        let wal = dir.path().join("wal.db-wal");
        let Some(immutable) = Immutable::make(&wal) else { return };
        let (status, body, retry_after) = create(&server, &token, "Refused").await;
        assert_refused(status, &body, retry_after);
        assert_read_only(&server).await;

        drop(immutable);
        assert_recovers(&server, &token).await;
    })
    .await;
}

#[tokio::test]
async fn an_unwritable_shm_never_crashes_the_server_and_is_refused_at_start() {
    bounded(async {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("shm.db");
        let mut server = serve(dir.path(), &db).await;
        let token = sign_in_new_editor(&server, &format!("sqlite://{}", db.display())).await;
        assert_eq!(create(&server, &token, "Before").await.0, 201);

        // SQLite maps -shm into memory: written through that map, an immutable -shm would be a
        // SIGBUS. The store refuses database access instead, and the process lives on.
        let shm = dir.path().join("shm.db-shm");
        let Some(immutable) = Immutable::make(&shm) else { return };
        let (status, body, retry_after) = create(&server, &token, "Refused").await;
        assert_refused(status, &body, retry_after);
        let body = eventually(Duration::from_secs(10), "/readyz saying the database cannot be used", || async {
            let (status, body) = readyz(&server).await;
            (status == 503).then_some(body)
        })
        .await;
        assert_eq!(
            (body["database"].as_str(), body["writable"].as_bool()),
            (Some("unavailable"), Some(false)),
            "{body}"
        );
        // A few readiness and write checks later, it still serves what it holds.
        tokio::time::sleep(Duration::from_secs(3)).await;
        let page = expect_json(client().get(server.url("/v1/meetings?q=before")).send().await.unwrap(), 200).await;
        assert_eq!(page["total"], 1, "{page}");
        assert!(server.try_exit().is_none(), "the server died:\n{}", server.output());

        drop(immutable);
        assert_recovers(&server, &token).await;

        // Stopped, and started again with the file unwritable: refused with the reason.
        server.signal("KILL");
        server.wait_for_exit(Duration::from_secs(10)).await;
        let unwritable = if shm.exists() { shm } else { db.clone() };
        let Some(_immutable) = Immutable::make(&unwritable) else { return };
        let output = tokio::time::timeout(
            Duration::from_secs(30),
            binary::async_command()
                .args(["serve", "--bind", "127.0.0.1:0", "--database", &format!("sqlite://{}", db.display())])
                .env("RD_JWT_SECRET", JWT_SECRET)
                .stdin(Stdio::null())
                .output(),
        )
        .await
        .expect("serve exits")
        .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(&unwritable.display().to_string()) && stderr.contains("cannot be written"), "{stderr}");
        assert!(stderr.contains("immutable"), "the message says what to check: {stderr}");
    })
    .await;
}
