//! `/healthz` and `/readyz`: the database, the index, and a PostgreSQL outage without a restart.

use std::time::{Duration, Instant};

use recovery_e2e::app::{JWT_SECRET, client};
use recovery_e2e::both_backends;
use recovery_e2e::fixtures::{meeting, merged};
use recovery_e2e::http::{expect_json, expect_problem, ids, items};
use recovery_e2e::poll::eventually;
use recovery_e2e::private_postgres::PrivatePostgres;
use recovery_e2e::process::ServerProcess;
use serde_json::{Value, json};

use super::*;

both_backends!(readyz_reports_the_database_and_the_index, |app| async move {
    assert_eq!(app.get_json("/healthz").await, json!({"status": "ok"}));
    let ready = |n: usize| json!({"status": "ready", "database": "ok", "migrations": "current", "index_meetings": n, "draining": false});
    assert_eq!(app.get_json("/readyz").await, ready(0));

    let editor = app.staff("editor").await;
    for name in ["Ready One", "Ready Two"] {
        editor.create(&meeting(name)).await;
    }
    editor.create(&merged(&meeting("Ready Draft"), json!({"status": "draft"}))).await;
    assert_eq!(app.get_json("/readyz").await, ready(2), "drafts are not in the index");
});

/// Stops a PostgreSQL server of the test's own under a running service, and starts it again.
#[tokio::test]
async fn readyz_follows_a_postgres_outage_without_a_restart() {
    bounded(async {
        let Some(pg) = PrivatePostgres::start() else { return };
        pg.create_database("rd");
        let url = pg.url("rd");
        let dir = tempfile::tempdir().unwrap();
        let server = ServerProcess::start(dir.path(), |bind, command| {
            command
                .args(["serve", "--bind", bind, "--database", &url])
                .env("RD_JWT_SECRET", JWT_SECRET)
                .env("RD_FOLLOW_INTERVAL_MS", "200")
                .env("RD_LOG", "warn");
        })
        .await;
        let http = client();
        let token = sign_in_new_editor(&server, &url).await;
        let created = create_with(&http, &server, &token, &meeting("Survives Outages")).await;
        let id = created["id"].as_str().unwrap().to_string();
        let readyz = || http.get(server.url("/readyz")).send();
        let body = expect_json(readyz().await.unwrap(), 200).await;
        assert_eq!(body, json!({"status": "ready", "database": "ok", "migrations": "current", "index_meetings": 1, "draining": false}));

        pg.stop();
        // Writes cannot be served: they say so with 503 (after the pool's wait, meanwhile
        // readiness is polled).
        let write = async {
            let response = http
                .post(server.url("/v1/meetings"))
                .bearer_auth(&token)
                .json(&meeting("Written While Down"))
                .send()
                .await
                .unwrap();
            assert_eq!(response.headers().get("retry-after").map(|v| v.to_str().unwrap()), Some("5"));
            expect_problem(response, 503).await
        };
        // Readiness waits at most 400 ms for the database before answering 503.
        let readiness =
            eventually(Duration::from_secs(10), "GET /readyz answering 503 with the database stopped", || async {
                let response = readyz().await.unwrap();
                (response.status() == 503).then_some(response)
            });
        let (problem, down) = tokio::join!(write, readiness);
        let body: Value = down.json().await.unwrap();
        assert_eq!(body["status"], "not_ready", "{body}");
        assert_eq!(body["database"], "unavailable", "{body}");
        assert_eq!(body["index_meetings"], 1, "{body}");
        // Nothing internal reaches anonymous callers: no host, port or driver message.
        let port = pg.port().to_string();
        for shown in [problem["detail"].as_str().unwrap().to_string(), body.to_string()] {
            for secret in [port.as_str(), "127.0.0.1", "localhost", "connection", "socket"] {
                assert!(!shown.contains(secret), "`{secret}` shown: {shown}");
            }
        }
        // And readiness answers promptly whatever the database does (a generous 10× bound).
        for _ in 0..3 {
            let started = Instant::now();
            assert_eq!(readyz().await.unwrap().status(), 503);
            assert!(started.elapsed() < Duration::from_secs(5), "/readyz took {:?}", started.elapsed());
        }

        // Reads are served from memory: they survive the outage, without waiting for it.
        let started = Instant::now();
        let page = expect_json(http.get(server.url("/v1/meetings?q=outages")).send().await.unwrap(), 200).await;
        assert_eq!(ids(&items(&page)), [id.as_str()], "a public search while the database is down");
        let read = expect_json(http.get(server.url(&format!("/v1/meetings/{id}"))).send().await.unwrap(), 200).await;
        assert_eq!(read, created);
        assert!(started.elapsed() < Duration::from_secs(2), "reads waited for the database: {:?}", started.elapsed());

        pg.restart();
        eventually(Duration::from_secs(20), "GET /readyz answering 200 once the database is back", || async {
            let response = readyz().await.unwrap();
            (response.status() == 200).then_some(())
        })
        .await;
        // The same process writes again, without a restart.
        create_with(&http, &server, &token, &meeting("Written After")).await;
        let body = expect_json(readyz().await.unwrap(), 200).await;
        assert_eq!(body["index_meetings"], 2, "{body}");

        // A database migrated back under the server (an older binary's work) is not ready either.
        let newest = "SELECT max(version) FROM __diesel_schema_migrations";
        let version = pg
            .sql("rd", &format!("DELETE FROM __diesel_schema_migrations WHERE version = ({newest}) RETURNING version"));
        assert!(!version.is_empty());
        let body = expect_json(readyz().await.unwrap(), 503).await;
        assert_eq!(body["status"], "not_ready", "{body}");
        assert_eq!(body["database"], "ok", "{body}");
        assert!(body["migrations"].as_str().is_some_and(|m| m != "current" && m.contains('1')), "{body}");
        pg.sql("rd", &format!("INSERT INTO __diesel_schema_migrations (version) VALUES ('{version}')"));
        expect_json(readyz().await.unwrap(), 200).await;
    })
    .await;
}
