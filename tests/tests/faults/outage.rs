//! PostgreSQL stopped and started again under a running server (a cluster of the test's own:
//! the shared `TEST_DATABASE_URL` server must keep running for the other tests).

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use recovery_e2e::app::{JWT_SECRET, STAFF_PASSWORD, client};
use recovery_e2e::fixtures::meeting;
use recovery_e2e::http::{expect_json, ids, items};
use recovery_e2e::poll::eventually;
use recovery_e2e::private_postgres::PrivatePostgres;
use recovery_e2e::process::ServerProcess;
use recovery_store::Store;
use serde_json::{Value, json};

use super::*;

/// A server on database `rd` of `pg`.
async fn serve_on(pg: &PrivatePostgres, dir: &Path) -> ServerProcess {
    let url = pg.url("rd");
    ServerProcess::start(dir, |bind, command| {
        command
            .args(["serve", "--bind", bind, "--database", &url])
            .env("RD_JWT_SECRET", JWT_SECRET)
            .env("RD_FOLLOW_INTERVAL_MS", "200")
            .env("RD_RATE_LIMIT_AUTHENTICATED_PER_MINUTE", "0")
            .env("RD_LOG", "warn");
    })
    .await
}

/// Stops the database under a running service and starts it again: readiness and failures are
/// prompt, reads go on from memory, and the same process recovers.
#[tokio::test]
async fn readiness_and_failures_are_prompt_through_a_postgres_outage() {
    bounded(async {
        let Some(pg) = PrivatePostgres::start() else { return };
        pg.create_database("rd");
        let url = pg.url("rd");
        let dir = tempfile::tempdir().unwrap();
        let server = serve_on(&pg, dir.path()).await;
        let http = client();
        let token = sign_in_new_editor(&server, &url).await;
        let created = create_with(&http, &server, &token, &meeting("Survives Outages")).await;
        let id = created["id"].as_str().unwrap().to_string();
        let (status, body) = readyz(&server).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(
            without_checked_at(body),
            json!({"status": "ready", "database": "ok", "migrations": "current", "writable": true, "index_meetings": 1, "draining": false})
        );

        pg.stop();
        // A write and a sign-in fail with 503 and Retry-After, promptly (the pool waits about a
        // second for a connection), while readiness is polled.
        let write = async {
            let started = Instant::now();
            let response =
                http.post(server.url("/v1/meetings")).bearer_auth(&token).json(&meeting("Written While Down")).send().await.unwrap();
            let elapsed = started.elapsed();
            assert_eq!(response.headers().get("retry-after").map(|v| v.to_str().unwrap()), Some("5"));
            (recovery_e2e::http::expect_problem(response, 503).await, elapsed)
        };
        let readiness = eventually(Duration::from_secs(10), "GET /readyz answering 503 with the database stopped", || async {
            let (status, body) = readyz(&server).await;
            (status == 503).then_some(body)
        });
        let ((problem, write_took), down) = tokio::join!(write, readiness);
        assert!(write_took < FAILED_WRITE_BOUND, "the write took {write_took:?} to fail");
        assert_eq!(down["status"], "not_ready", "{down}");
        assert_eq!(down["database"], "unavailable", "{down}");
        assert_eq!(down["writable"], false, "{down}");
        assert_eq!(down["index_meetings"], 1, "{down}");
        let started = Instant::now();
        let sign_in = http
            .post(server.url("/v1/auth/token"))
            .json(&json!({"email": "operator@example.org", "password": STAFF_PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(sign_in.status(), 503, "sign-in with the database down");
        assert!(started.elapsed() < FAILED_WRITE_BOUND, "sign-in took {:?} to fail", started.elapsed());
        // Nothing internal reaches anonymous callers: no host, port or driver message.
        let port = pg.port().to_string();
        for shown in [problem["detail"].as_str().unwrap().to_string(), down.to_string()] {
            for secret in [port.as_str(), "127.0.0.1", "localhost", "connection", "socket"] {
                assert!(!shown.contains(secret), "`{secret}` shown: {shown}");
            }
        }
        // Readiness answers from memory whatever the database does.
        for _ in 0..5 {
            let started = Instant::now();
            assert_eq!(readyz(&server).await.0, 503);
            assert!(started.elapsed() < READYZ_BOUND, "/readyz took {:?}", started.elapsed());
        }
        assert_eq!(metric(&server, "recovery_directory_store_writable").await, Some(0.0));

        // Reads are served from memory: they survive the outage, without waiting for it.
        let started = Instant::now();
        let page = expect_json(http.get(server.url("/v1/meetings?q=outages")).send().await.unwrap(), 200).await;
        assert_eq!(ids(&items(&page)), [id.as_str()], "a public search while the database is down");
        let read = expect_json(http.get(server.url(&format!("/v1/meetings/{id}"))).send().await.unwrap(), 200).await;
        assert_eq!(read, created);
        assert!(started.elapsed() < READYZ_BOUND, "reads waited for the database: {:?}", started.elapsed());

        pg.restart();
        eventually(Duration::from_secs(20), "GET /readyz answering 200 once the database is back", || async {
            let (status, body) = readyz(&server).await;
            (status == 200 && body["writable"] == true).then_some(())
        })
        .await;
        // The same process writes again, without a restart.
        create_with(&http, &server, &token, &meeting("Written After")).await;
        let (_, body) = readyz(&server).await;
        assert_eq!(body["index_meetings"], 2, "{body}");
        assert_eq!(metric(&server, "recovery_directory_store_writable").await, Some(1.0));

        // A database migrated back under the server (an older binary's work) is not ready either.
        let newest = "SELECT max(version) FROM __diesel_schema_migrations";
        let version = pg
            .sql("rd", &format!("DELETE FROM __diesel_schema_migrations WHERE version = ({newest}) RETURNING version"));
        assert!(!version.is_empty());
        let body = eventually(Duration::from_secs(10), "GET /readyz answering 503 with a migration missing", || async {
            let (status, body) = readyz(&server).await;
            (status == 503).then_some(body)
        })
        .await;
        assert_eq!(body["status"], "not_ready", "{body}");
        assert_eq!(body["database"], "ok", "{body}");
        assert!(body["migrations"].as_str().is_some_and(|m| m != "current" && m.contains('1')), "{body}");
        pg.sql("rd", &format!("INSERT INTO __diesel_schema_migrations (version) VALUES ('{version}')"));
        eventually(Duration::from_secs(10), "GET /readyz answering 200 again", || async {
            (readyz(&server).await.0 == 200).then_some(())
        })
        .await;
    })
    .await;
}

/// Restarts the database while writers keep writing: every write is answered 201 or 503, never
/// 500 nor a hang, and every write answered 201 is stored, with its change-log entry.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_acknowledged_write_is_lost_when_postgres_restarts_under_load() {
    bounded(async {
        let Some(pg) = PrivatePostgres::start() else { return };
        pg.create_database("rd");
        let url = pg.url("rd");
        let dir = tempfile::tempdir().unwrap();
        let server = Arc::new(serve_on(&pg, dir.path()).await);
        let token = sign_in_new_editor(&server, &url).await;
        let stop = Arc::new(AtomicBool::new(false));
        let writers: Vec<_> = (0..3)
            .map(|writer| {
                let (server, token, stop) = (server.clone(), token.clone(), stop.clone());
                tokio::spawn(async move {
                    let http = client();
                    let (mut acknowledged, mut refused) = (Vec::new(), 0);
                    let mut n = 0;
                    while !stop.load(Ordering::Relaxed) {
                        n += 1;
                        let body = meeting(&format!("Restart Writer {writer} Number {n}"));
                        let response = http
                            .post(server.url("/v1/meetings"))
                            .bearer_auth(&token)
                            .json(&body)
                            .timeout(Duration::from_secs(30))
                            .send()
                            .await
                            .expect("an answer to every write (no hang, no dropped connection)");
                        match response.status().as_u16() {
                            201 => acknowledged
                                .push(response.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string()),
                            503 => {
                                refused += 1;
                                tokio::time::sleep(Duration::from_millis(50)).await;
                            }
                            other => panic!(
                                "a write during the restart answered {other}: {}",
                                response.text().await.unwrap()
                            ),
                        }
                    }
                    (acknowledged, refused)
                })
            })
            .collect();

        tokio::time::sleep(Duration::from_millis(500)).await;
        let pg = Arc::new(pg);
        let restarting = pg.clone();
        tokio::task::spawn_blocking(move || {
            restarting.stop();
            std::thread::sleep(Duration::from_secs(1));
            restarting.restart();
        })
        .await
        .unwrap();
        // Writes succeed again, then the writers stop.
        eventually(Duration::from_secs(20), "writes succeeding after the restart", || async {
            let response = client()
                .post(server.url("/v1/meetings"))
                .bearer_auth(&token)
                .json(&meeting("After Restart"))
                .send()
                .await
                .unwrap();
            (response.status() == 201).then_some(())
        })
        .await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        stop.store(true, Ordering::Relaxed);
        let mut acknowledged = BTreeSet::new();
        let mut refused = 0;
        for writer in writers {
            let (ids, n) = writer.await.unwrap();
            acknowledged.extend(ids);
            refused += n;
        }
        eprintln!("{} writes acknowledged, {refused} refused with 503 during the restart", acknowledged.len());
        assert!(!acknowledged.is_empty());

        let url = url.clone();
        let (stored, logged) = tokio::task::spawn_blocking(move || {
            let store = Store::open(&url).unwrap();
            let stored: BTreeSet<String> = store.all_meetings(None).unwrap().iter().map(|m| m.id.to_string()).collect();
            let changes = store.changes_since(0, 1_000_000).unwrap();
            assert!(changes.windows(2).all(|w| w[0].seq < w[1].seq), "change-log positions out of order");
            let logged: BTreeSet<String> = changes
                .iter()
                .filter(|c| c.entity == "meeting" && c.action == "create")
                .map(|c| c.entity_id.clone())
                .collect();
            (stored, logged)
        })
        .await
        .unwrap();
        let lost: Vec<_> = acknowledged.difference(&stored).collect();
        assert!(lost.is_empty(), "acknowledged writes lost: {lost:?}");
        let unlogged: Vec<_> = acknowledged.difference(&logged).collect();
        assert!(unlogged.is_empty(), "acknowledged writes missing from the change log: {unlogged:?}");
    })
    .await;
}
