//! Operating the service, seen from outside: the readiness probe (through a PostgreSQL
//! outage), Prometheus metrics, request ids, logs that hold neither a resident's precise
//! location nor a staff secret, a clean exit on SIGTERM, `config check` and the layering of
//! flags, environment and the TOML file, and a replica that joins after the writes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use recovery_e2e::app::{JWT_SECRET, STAFF_PASSWORD, assert_user_added, client, run_cli};
use recovery_e2e::binary;
use recovery_e2e::database::TestDatabase;
use recovery_e2e::fixtures::{meeting, merged};
use recovery_e2e::http::{expect_json, expect_problem, expect_status, ids, items};
use recovery_e2e::poll::{REPLICATION_DEADLINE, eventually};
use recovery_e2e::private_postgres::PrivatePostgres;
use recovery_e2e::process::ServerProcess;
use recovery_e2e::{Backend, TEST_TIMEOUT, TestApp, both_backends, prometheus, run_on};
use reqwest::header::{CONTENT_TYPE, HeaderValue};
use reqwest::{Method, Response};
use serde_json::{Value, json};

/// A resident's precise location: it must never reach a log.
const PRECISE_LAT: &str = "40.712776";
const PRECISE_LNG: &str = "-74.005974";

// ---------------------------------------------------------------------------------------------
// Readiness

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
            expect_problem(response, 503).await
        };
        // Readiness waits up to 3 s for the database before giving up.
        let readiness =
            eventually(Duration::from_secs(10), "GET /readyz answering 503 with the database stopped", || async {
                let response = readyz().await.unwrap();
                (response.status() == 503).then_some(response)
            });
        let (_, down) = tokio::join!(write, readiness);
        let body: Value = down.json().await.unwrap();
        assert_eq!(body["status"], "not_ready", "{body}");
        assert_ne!(body["database"], "ok", "{body}");
        assert_eq!(body["index_meetings"], 1, "{body}");

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

// ---------------------------------------------------------------------------------------------
// Metrics

both_backends!(metrics_are_prometheus_text_labelled_by_route_pattern, |app| async move {
    let editor = app.staff("editor").await;
    let mut published = Vec::new();
    for name in ["Metric One", "Metric Two", "Metric Three"] {
        published.push(editor.create(&meeting(name)).await);
    }
    editor.create(&merged(&meeting("Metric Draft"), json!({"status": "draft"}))).await;
    let archived = published.pop().unwrap();
    let archived_id = archived["id"].as_str().unwrap();
    expect_status(editor.delete(&format!("/v1/meetings/{archived_id}")).send().await.unwrap(), 204).await;

    let searches = 5;
    for _ in 0..searches {
        app.search(&format!("lat={PRECISE_LAT}&lng={PRECISE_LNG}&radius_km=500")).await;
    }
    let id = published[0]["id"].as_str().unwrap();
    let slug = published[1]["slug"].as_str().unwrap();
    app.get_json(&format!("/v1/meetings/{id}")).await;
    app.get_json(&format!("/v1/meetings/{slug}")).await;
    expect_problem(app.get("/v1/meetings/no-such-meeting").send().await.unwrap(), 404).await;

    let (text, metrics) = scrape(&app).await;
    let requests = |method: &str, route: &str, status: &str| {
        metrics
            .value(
                "recovery_directory_http_requests_total",
                &[("method", method), ("route", route), ("status", status)],
            )
            .unwrap_or(0.0)
    };
    assert!(requests("GET", "/v1/meetings", "200") >= f64::from(searches), "{text}");
    assert!(requests("GET", "/v1/meetings/{id}", "200") >= 2.0, "reads by id and by slug: {text}");
    assert!(requests("GET", "/v1/meetings/{id}", "404") >= 1.0, "{text}");
    assert!(requests("POST", "/v1/meetings", "201") >= 4.0, "{text}");
    assert!(requests("DELETE", "/v1/meetings/{id}", "204") >= 1.0, "{text}");
    let latency = metrics.family("recovery_directory_http_request_duration_seconds").expect("a latency histogram");
    assert_eq!(latency.kind, "histogram");
    assert!(latency.samples.iter().any(|s| s.label("route") == Some("/v1/meetings")), "{text}");

    // Route labels are patterns: no id, slug, path or query ever becomes a label value.
    for sample in metrics.samples() {
        if let Some(route) = sample.label("route") {
            assert!(route == "unmatched" || route.starts_with('/'), "route label `{route}`");
            assert!(!route.contains('?'), "a query in route label `{route}`");
        }
    }
    for raw in [id, slug, archived_id, "no-such-meeting", PRECISE_LAT] {
        assert!(!text.contains(raw), "`{raw}` appears in /metrics:\n{text}");
    }

    let public = app.search("limit=200").await["total"].as_f64().unwrap();
    assert_eq!(public, 2.0);
    assert_eq!(metrics.value("recovery_directory_index_listings", &[("kind", "meeting")]), Some(public), "{text}");
    assert_eq!(metrics.family("recovery_directory_index_listings").unwrap().kind, "gauge");
    assert!(metrics.value("recovery_directory_import_runs_total", &[("result", "failed")]).is_some(), "{text}");
    assert_eq!(metrics.family("recovery_directory_import_runs").unwrap().kind, "counter");
    assert!(metrics.value("recovery_directory_db_pool_connections_open", &[]).is_some(), "{text}");
    assert!(metrics.value("recovery_directory_change_log_lag", &[]).is_some(), "{text}");
    let app = &app;
    eventually(REPLICATION_DEADLINE, "recovery_directory_change_log_lag settling at 0", || async move {
        let (_, metrics) = scrape(app).await;
        (metrics.value("recovery_directory_change_log_lag", &[]) == Some(0.0)).then_some(())
    })
    .await;
});

/// `GET /metrics`: 200, OpenMetrics text, and a strictly well-formed exposition.
async fn scrape(app: &TestApp) -> (String, prometheus::Exposition) {
    let response = app.get("/metrics").send().await.unwrap();
    let content_type = header(&response, CONTENT_TYPE.as_str());
    assert!(content_type.starts_with("application/openmetrics-text"), "content-type `{content_type}`");
    let text = expect_status(response, 200).await;
    let parsed = prometheus::parse(&text).unwrap_or_else(|e| panic!("/metrics is not Prometheus text: {e}\n{text}"));
    (text, parsed)
}

// ---------------------------------------------------------------------------------------------
// Request ids

#[tokio::test]
async fn request_ids_are_echoed_when_well_formed_and_generated_otherwise() {
    run_on(Backend::Sqlite, |app| async move {
        let longest = "a".repeat(128);
        for good in ["abc-123_DEF.4:5", "0", longest.as_str()] {
            for (method, path, status) in requests_of_every_kind() {
                let response = app.request(method.clone(), path).header("x-request-id", good).send().await.unwrap();
                assert_eq!(response.status(), status, "{method} {path}");
                assert_eq!(request_ids(&response), [good], "{method} {path} with a well-formed id");
            }
        }

        let too_long = "a".repeat(129);
        let malformed: [&[u8]; 5] = [b"has spaces", too_long.as_bytes(), b"semi;colon", "caf\u{e9}".as_bytes(), b"a/b"];
        for bad in malformed {
            for (method, path, status) in requests_of_every_kind() {
                let value = HeaderValue::from_bytes(bad).unwrap();
                let response = app.request(method.clone(), path).header("x-request-id", value).send().await.unwrap();
                assert_eq!(response.status(), status, "{method} {path}");
                let got = request_ids(&response);
                assert_eq!(got.len(), 1, "{method} {path}: {got:?}");
                assert!(
                    is_uuid(&got[0]),
                    "{method} {path}: `{}` was answered with `{}`",
                    String::from_utf8_lossy(bad),
                    got[0]
                );
            }
        }

        let mut generated = Vec::new();
        for (method, path, status) in requests_of_every_kind() {
            let response = app.request(method.clone(), path).send().await.unwrap();
            assert_eq!(response.status(), status, "{method} {path}");
            let got = request_ids(&response);
            assert_eq!(got.len(), 1, "{method} {path}: {got:?}");
            assert!(is_uuid(&got[0]), "{method} {path} without an id got `{}`", got[0]);
            generated.push(got[0].clone());
        }
        let count = generated.len();
        generated.sort();
        generated.dedup();
        assert_eq!(generated.len(), count, "generated ids repeat: {generated:?}");
    })
    .await;
}

/// A request of each kind of answer: success, 404 (unknown route and missing meeting), 401,
/// and 400 (a missing body, a bad query parameter).
fn requests_of_every_kind() -> Vec<(Method, &'static str, u16)> {
    vec![
        (Method::GET, "/healthz", 200),
        (Method::GET, "/v1/meetings?day=1", 200),
        (Method::GET, "/no/such/route", 404),
        (Method::GET, "/v1/meetings/no-such-meeting", 404),
        (Method::POST, "/v1/meetings", 401),
        (Method::POST, "/v1/auth/token", 400),
        (Method::GET, "/v1/meetings?lat=91&lng=0", 400),
    ]
}

fn request_ids(response: &Response) -> Vec<String> {
    response.headers().get_all("x-request-id").iter().map(|v| v.to_str().unwrap().to_string()).collect()
}

fn is_uuid(id: &str) -> bool {
    let groups: Vec<&str> = id.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_hexdigit()))
}

// ---------------------------------------------------------------------------------------------
// Logs

both_backends!(json_logs_cut_coordinates_and_hold_no_secrets, backend: |backend| async move {
    let app = TestApp::builder(backend).env("RD_LOG", "info").env("RD_LOG_FORMAT", "json").start().await;
    let editor = app.staff("editor").await;
    editor.create(&meeting("Logged Meeting")).await;
    let wrong_password = "not the password, but close";
    let refused = app
        .request(Method::POST, "/v1/auth/token")
        .json(&json!({"email": editor.email, "password": wrong_password}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);

    let search = format!("/v1/meetings?lat={PRECISE_LAT}&lng={PRECISE_LNG}&radius_km=10");
    expect_status(app.get(&search).header("x-request-id", "log-probe-1").send().await.unwrap(), 200).await;
    // Out of range, so refused: still cut.
    let refused = format!("/v1/meetings?lat={PRECISE_LAT}&lng=-200.005974");
    expect_status(app.get(&refused).header("x-request-id", "log-probe-2").send().await.unwrap(), 400).await;

    let app = &app;
    let line = eventually(Duration::from_secs(5), "the search's log line", || async move {
        json_lines(&app.server_log()).into_iter().find(|l| l["request_id"] == "log-probe-1")
    })
    .await;
    let query = line["query"].as_str().unwrap_or_else(|| panic!("no query in {line}"));
    assert!(query.contains("lat=40.71&lng=-74.01"), "{line}");
    assert_eq!(line["status"], 200, "{line}");
    assert_eq!(line["method"], "GET", "{line}");
    assert_eq!(line["path"], "/v1/meetings", "{line}");
    let line = eventually(Duration::from_secs(5), "the refused search's log line", || async move {
        json_lines(&app.server_log()).into_iter().find(|l| l["request_id"] == "log-probe-2")
    })
    .await;
    assert_eq!(line["status"], 400, "{line}");
    assert!(line["query"].as_str().unwrap().contains("lng=-200.01"), "{line}");

    let log = app.server_log();
    let lines = json_lines(&log);
    assert_eq!(lines.len(), log.lines().filter(|l| !l.trim().is_empty()).count(), "a line that is not a JSON object:\n{log}");
    for precise in [PRECISE_LAT, PRECISE_LNG, "74.005974", "200.005974"] {
        assert!(!log.contains(precise), "`{precise}` in the log:\n{log}");
    }
    for line in &lines {
        if let Some(query) = line["query"].as_str() {
            assert_coordinates_cut(query);
        }
    }
    let token = editor.token();
    let signature = token.rsplit('.').next().unwrap();
    for secret in [STAFF_PASSWORD, wrong_password, token, signature] {
        assert!(!log.contains(secret), "a password or token in the log:\n{log}");
    }
});

#[tokio::test]
async fn text_logs_carry_the_request_id_and_cut_coordinates() {
    run_with_sqlite_app(&[("RD_LOG", "info"), ("RD_LOG_FORMAT", "text")], |app| async move {
        let search = format!("/v1/meetings?lat={PRECISE_LAT}&lng={PRECISE_LNG}");
        expect_status(app.get(&search).header("x-request-id", "text-probe-1").send().await.unwrap(), 200).await;
        let app = &app;
        let line = eventually(Duration::from_secs(5), "the search's log line", || async move {
            app.server_log().lines().find(|l| l.contains("text-probe-1")).map(str::to_string)
        })
        .await;
        assert!(!line.trim_start().starts_with('{'), "RD_LOG_FORMAT=text wrote JSON: {line}");
        assert!(line.contains("lat=40.71&lng=-74.01"), "{line}");
        assert!(!line.contains('\u{1b}'), "colour codes in a log file: {line:?}");
        let log = app.server_log();
        for precise in [PRECISE_LAT, PRECISE_LNG] {
            assert!(!log.contains(precise), "`{precise}` in the log:\n{log}");
        }
    })
    .await;
}

async fn run_with_sqlite_app<F, Fut>(env: &[(&str, &str)], test: F)
where
    F: FnOnce(TestApp) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    bounded(async {
        let mut builder = TestApp::builder(Backend::Sqlite);
        for (key, value) in env {
            builder = builder.env(key, value);
        }
        test(builder.start().await).await;
    })
    .await;
}

/// The lines of `log` that are JSON objects.
fn json_lines(log: &str) -> Vec<Value> {
    log.lines().filter_map(|l| serde_json::from_str::<Value>(l).ok()).filter(Value::is_object).collect()
}

/// Every `lat`/`lng` in a logged query has at most two decimals.
fn assert_coordinates_cut(query: &str) {
    for pair in query.split('&') {
        if let Some((key, value)) = pair.split_once('=') {
            if ["lat", "lng", "latitude", "longitude"].contains(&key) {
                let decimals = value.split_once('.').map_or(0, |(_, d)| d.len());
                assert!(decimals <= 2, "a precise coordinate in a logged query: {query}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Shutdown

both_backends!(sigterm_answers_the_request_in_flight_then_exits_cleanly, backend: |backend| async move {
    let database = TestDatabase::new(backend);
    let url = database.url.clone();
    let start = |database: &TestDatabase| {
        let url = url.clone();
        let dir = database.dir().to_path_buf();
        async move {
            ServerProcess::start(&dir, |bind, command| {
                command
                    .args(["serve", "--bind", bind, "--database", &url])
                    .env("RD_JWT_SECRET", JWT_SECRET)
                    .env("RD_LOG", "info");
            })
            .await
        }
    };
    let mut server = start(&database).await;
    let token = sign_in_new_editor(&server, &url).await;

    // A create that the server has begun (it answered `100 Continue` to the head, so it is
    // waiting for the body) when the signal arrives; half the body is sent before, half after.
    // Without the `100 Continue`, a request whose bytes the server has not read yet when the
    // signal arrives may be dropped with the connection (actix-http drains idle connections).
    let body = serde_json::to_vec(&meeting("Sent During Shutdown")).unwrap();
    let (first, rest) = body.split_at(body.len() / 2);
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    let head = format!(
        "POST /v1/meetings HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nExpect: 100-continue\r\n\
         Connection: close\r\n\r\n",
        server.addr(),
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    let interim = read_head(&mut stream);
    assert!(interim.starts_with("HTTP/1.1 100"), "expected 100 Continue, got {interim:?}");
    stream.write_all(first).unwrap();
    stream.flush().unwrap();

    server.signal("TERM");
    // The signal has been handled once new connections are refused.
    let addr = server.addr().to_string();
    eventually(Duration::from_secs(10), "new connections refused after SIGTERM", || {
        let refused = TcpStream::connect(&addr).is_err();
        async move { refused.then_some(()) }
    })
    .await;
    assert!(server.try_exit().is_none(), "the server exited with a request half received:\n{}", server.output());

    stream.write_all(rest).unwrap();
    let (status, answer) = read_response(&mut stream);
    assert_eq!(status, 201, "the request in flight: {answer}");
    let created: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(created["name"], "Sent During Shutdown");

    let exit = server.wait_for_exit(Duration::from_secs(10)).await;
    assert!(exit.success(), "exit after SIGTERM: {exit}\n{}", server.output());
    drop(server);

    // It was committed: a new server has it.
    let after = start(&database).await;
    let page = expect_json(client().get(after.url("/v1/meetings?q=shutdown")).send().await.unwrap(), 200).await;
    assert_eq!(page["total"], 1, "{page}");
});

/// With a shutdown delay, SIGTERM first fails readiness (so a load balancer moves traffic
/// away) while requests are still answered, then the process exits cleanly.
#[tokio::test]
async fn sigterm_fails_readiness_while_it_keeps_serving_during_the_delay() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("drain.db").display());
    let mut server = ServerProcess::start(dir.path(), |bind, command| {
        command.args(["serve", "--bind", bind, "--database", &url]).env("RD_SHUTDOWN_DELAY_MS", "3000");
    })
    .await;
    let ready = expect_json(client().get(server.url("/readyz")).send().await.unwrap(), 200).await;
    assert_eq!(ready["draining"], false);

    server.signal("TERM");
    let readyz = server.url("/readyz");
    let draining = eventually(Duration::from_secs(5), "/readyz answering 503 after SIGTERM", || {
        let readyz = readyz.clone();
        async move {
            let response = client().get(&readyz).send().await.ok()?;
            (response.status() == 503).then_some(response)
        }
    })
    .await;
    let body: Value = draining.json().await.unwrap();
    assert_eq!((body["status"].as_str(), body["draining"].as_bool()), (Some("not_ready"), Some(true)), "{body}");
    for path in ["/healthz", "/v1/meetings"] {
        let response = client().get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path} during the drain delay");
    }
    let exit = server.wait_for_exit(Duration::from_secs(10)).await;
    assert!(exit.success(), "exit after SIGTERM: {exit}\n{}", server.output());
}

/// Reads an interim response (`100 Continue`): up to its blank line, byte by byte so that
/// nothing after it is consumed.
fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(0) => panic!("the connection closed before an interim answer: {:?}", String::from_utf8_lossy(&head)),
            Ok(_) => head.push(byte[0]),
            Err(e) => panic!("reading an interim answer ({e}) after {:?}", String::from_utf8_lossy(&head)),
        }
    }
    String::from_utf8_lossy(&head).to_string()
}

/// Reads one HTTP/1.1 response with a `Content-Length` body; returns the status and body.
fn read_response(stream: &mut TcpStream) -> (u16, String) {
    let mut bytes = Vec::new();
    let mut buffer = [0u8; 4096];
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let text = String::from_utf8_lossy(&bytes).to_string();
        if let Some(end) = text.find("\r\n\r\n") {
            let head = &text[..end];
            let length = head
                .lines()
                .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_string()))
                .map_or(0, |v| v.parse::<usize>().unwrap());
            if bytes.len() >= end + 4 + length {
                let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("{head}"));
                return (status, String::from_utf8_lossy(&bytes[end + 4..end + 4 + length]).to_string());
            }
        }
        assert!(Instant::now() < deadline, "no complete answer within 15 s: {text}");
        match stream.read(&mut buffer) {
            Ok(0) => panic!("the connection closed before a complete answer: {text:?}"),
            Ok(n) => bytes.extend_from_slice(&buffer[..n]),
            Err(e) => panic!("reading the answer ({e}) after {text:?}"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Configuration

/// Runs `recovery-directory config check ARGS` in `dir` with only `env` set.
async fn config_check(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = binary::async_command();
    command.current_dir(dir).args(["config", "check"]).args(args);
    for (key, value) in env {
        command.env(key, value);
    }
    tokio::time::timeout(Duration::from_secs(30), command.output()).await.expect("config check within 30 s").unwrap()
}

fn printed(output: &Output) -> String {
    format!(
        "{}\nstdout: {}\nstderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The value and source `config check` printed for `key` (`key = value  (source)`).
fn setting(output: &Output, key: &str) -> (String, String) {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .find(|l| l.split_whitespace().next() == Some(key))
        .unwrap_or_else(|| panic!("no `{key}` in {}", printed(output)));
    let (_, rest) = line.split_once('=').unwrap_or_else(|| panic!("no `=` in `{line}`"));
    let (value, source) = rest.trim().rsplit_once("  (").unwrap_or_else(|| panic!("no source in `{line}`"));
    (value.trim().to_string(), source.trim_end_matches(')').to_string())
}

#[tokio::test]
async fn config_check_passes_with_no_configuration_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let output = config_check(dir.path(), &[], &[]).await;
    assert!(output.status.success(), "{}", printed(&output));
    assert!(String::from_utf8_lossy(&output.stdout).contains("configuration ok"), "{}", printed(&output));
    assert_eq!(setting(&output, "bind"), ("127.0.0.1:8080".into(), "default".into()));
    assert_eq!(setting(&output, "database_url"), ("sqlite://data/recovery-directory.db".into(), "default".into()));
    assert_eq!(setting(&output, "default_timezone"), ("America/New_York".into(), "default".into()));
}

#[tokio::test]
async fn config_check_layers_flag_over_environment_over_file_over_default() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("rd.toml");
    std::fs::write(&file, "bind = \"127.0.0.1:7001\"\ndefault_timezone = \"Europe/Dublin\"\n").unwrap();
    let file = file.to_str().unwrap();
    let from = |value: &str, source: &str| (value.to_string(), source.to_string());

    let output = config_check(dir.path(), &[], &[]).await;
    assert_eq!(setting(&output, "bind"), from("127.0.0.1:8080", "default"));

    let output = config_check(dir.path(), &["--config", file], &[]).await;
    assert!(output.status.success(), "{}", printed(&output));
    assert_eq!(setting(&output, "bind"), from("127.0.0.1:7001", "config file"));
    assert_eq!(setting(&output, "default_timezone"), from("Europe/Dublin", "config file"));

    let output = config_check(dir.path(), &[], &[("RD_CONFIG", file)]).await;
    assert_eq!(setting(&output, "bind"), from("127.0.0.1:7001", "config file"), "RD_CONFIG names the file");

    let env = [("RD_CONFIG", file), ("RD_BIND", "127.0.0.1:7002")];
    let output = config_check(dir.path(), &[], &env).await;
    assert_eq!(setting(&output, "bind"), from("127.0.0.1:7002", "environment"));
    assert_eq!(setting(&output, "default_timezone"), from("Europe/Dublin", "config file"));

    let output = config_check(dir.path(), &["--bind", "127.0.0.1:7003"], &env).await;
    assert!(output.status.success(), "{}", printed(&output));
    assert_eq!(setting(&output, "bind"), from("127.0.0.1:7003", "flag"));
}

#[tokio::test]
async fn config_check_masks_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "a-signing-key-of-forty-bytes-0123456789x";
    for url in ["postgres://u:hunter2@127.0.0.1/db", "postgresql://u:hunter2@127.0.0.1:5433/db"] {
        let output = config_check(dir.path(), &[], &[("DATABASE_URL", url), ("RD_JWT_SECRET", secret)]).await;
        assert!(output.status.success(), "{}", printed(&output));
        let (value, source) = setting(&output, "database_url");
        assert!(value.contains("://u:***@127.0.0.1"), "{value}");
        assert_eq!(source, "environment");
        assert_eq!(setting(&output, "jwt_secret").1, "environment");
        for hidden in ["hunter2", secret] {
            assert!(!printed(&output).contains(hidden), "`{hidden}` printed: {}", printed(&output));
        }
    }

    // From the file, too.
    let file = dir.path().join("secrets.toml");
    std::fs::write(&file, format!("database_url = \"postgres://u:hunter2@db/rd\"\njwt_secret = \"{secret}\"\n"))
        .unwrap();
    let output = config_check(dir.path(), &["--config", file.to_str().unwrap()], &[]).await;
    assert!(output.status.success(), "{}", printed(&output));
    assert_eq!(setting(&output, "jwt_secret").1, "config file");
    for hidden in ["hunter2", secret] {
        assert!(!printed(&output).contains(hidden), "`{hidden}` printed: {}", printed(&output));
    }

    // Nor is a refused secret printed.
    let short = "thirty-one-bytes-of-secret-text";
    assert_eq!(short.len(), 31);
    let output = config_check(dir.path(), &[], &[("RD_JWT_SECRET", short)]).await;
    assert!(!output.status.success(), "{}", printed(&output));
    assert!(!printed(&output).contains(short), "{}", printed(&output));
}

#[tokio::test]
async fn config_check_masks_a_password_given_as_a_url_parameter() {
    let dir = tempfile::tempdir().unwrap();
    let env = [("DATABASE_URL", "postgres://u@127.0.0.1/db?password=hunter2"), ("RD_JWT_SECRET", JWT_SECRET)];
    let output = config_check(dir.path(), &[], &env).await;
    assert!(output.status.success(), "{}", printed(&output));
    assert!(!printed(&output).contains("hunter2"), "{}", printed(&output));
}

/// A configuration `config check` must refuse, and what its message must name.
struct Refused<'a> {
    what: &'a str,
    args: &'a [&'a str],
    env: &'a [(&'a str, &'a str)],
    names: &'a [&'a str],
}

#[tokio::test]
async fn config_check_names_each_problem() {
    let dir = tempfile::tempdir().unwrap();
    let unknown_key = dir.path().join("unknown-key.toml");
    std::fs::write(&unknown_key, "bind = \"127.0.0.1:8080\"\nbnid = \"127.0.0.1:8081\"\n").unwrap();
    let bad_zone = dir.path().join("bad-zone.toml");
    std::fs::write(&bad_zone, "default_timezone = \"Europe/Atlantis\"\n").unwrap();
    let pg = "postgres://u:pw@127.0.0.1/db";
    let (zone_file, key_file) = (bad_zone.to_str().unwrap(), unknown_key.to_str().unwrap());
    let cases = [
        Refused {
            what: "PostgreSQL without a secret",
            args: &[],
            env: &[("DATABASE_URL", pg)],
            names: &["RD_JWT_SECRET"],
        },
        Refused {
            what: "a secret under 32 bytes",
            args: &[],
            env: &[("RD_JWT_SECRET", "thirty-one-bytes-of-secret-text")],
            names: &["RD_JWT_SECRET", "32"],
        },
        Refused {
            what: "a short secret on PostgreSQL",
            args: &[],
            env: &[("DATABASE_URL", pg), ("RD_JWT_SECRET", "short")],
            names: &["RD_JWT_SECRET", "32"],
        },
        Refused {
            what: "an unknown time zone",
            args: &[],
            env: &[("RD_DEFAULT_TIMEZONE", "Mars/Olympus")],
            names: &["Mars/Olympus"],
        },
        Refused {
            what: "an unknown time zone in the file",
            args: &["--config", zone_file],
            env: &[],
            names: &["Europe/Atlantis"],
        },
        Refused { what: "an unknown key in the file", args: &["--config", key_file], env: &[], names: &["bnid"] },
        Refused {
            what: "an unparsable bind address",
            args: &["--bind", "not-an-address"],
            env: &[],
            names: &["bind", "not-an-address"],
        },
        Refused { what: "a port out of range", args: &[], env: &[("RD_BIND", "127.0.0.1:99999")], names: &["bind"] },
    ];
    for Refused { what, args, env, names } in cases {
        let output = config_check(dir.path(), args, env).await;
        assert!(!output.status.success(), "{what} was accepted: {}", printed(&output));
        let stderr = String::from_utf8_lossy(&output.stderr);
        for name in names {
            assert!(stderr.contains(name), "{what}: the error does not name `{name}`: {}", printed(&output));
        }
        assert!(!String::from_utf8_lossy(&output.stdout).contains("configuration ok"), "{what}: {}", printed(&output));
    }

    // The shortest accepted secret.
    let output = config_check(dir.path(), &[], &[("DATABASE_URL", pg), ("RD_JWT_SECRET", &"k".repeat(32))]).await;
    assert!(output.status.success(), "a 32-byte secret: {}", printed(&output));
}

#[tokio::test]
async fn serve_listens_where_its_config_file_says() {
    bounded(async {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("rd.toml");
        let server = ServerProcess::start(dir.path(), |bind, command| {
            std::fs::write(&file, format!("bind = \"{bind}\"\ndatabase_url = \"sqlite://from-file.db\"\n")).unwrap();
            command.args(["serve", "--config", file.to_str().unwrap()]).env("RD_LOG", "warn");
        })
        .await;
        // Started means /healthz answered on the file's address; the file's database is used.
        assert!(dir.path().join("from-file.db").is_file(), "{}", server.output());
        assert!(!dir.path().join("data").exists(), "the default database was opened");
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Replicas

both_backends!(a_replica_started_after_writes_serves_them_at_once, backend: |backend| async move {
    let a = TestApp::start(backend).await;
    let editor = a.staff("editor").await;
    let kept = editor.create(&meeting("Written Before")).await;
    let gone = editor.create(&meeting("Archived Before")).await;
    let draft = editor.create(&merged(&meeting("Drafted Before"), json!({"status": "draft"}))).await;
    let kept_id = kept["id"].as_str().unwrap();
    let gone_id = gone["id"].as_str().unwrap();
    let patched =
        expect_json(editor.patch(&format!("/v1/meetings/{kept_id}"), &json!({"name": "Renamed Before"})).send().await.unwrap(), 200)
            .await;
    expect_status(editor.delete(&format!("/v1/meetings/{gone_id}")).send().await.unwrap(), 204).await;

    // No waiting: a new server loads the store before it answers.
    let b = a.replica().start().await;
    let page = b.search("limit=200").await;
    assert_eq!(ids(&items(&page)), [kept_id], "{page}");
    assert_eq!(b.get_json(&format!("/v1/meetings/{kept_id}")).await, patched);
    expect_problem(b.get(&format!("/v1/meetings/{gone_id}")).send().await.unwrap(), 404).await;
    expect_problem(b.get(&format!("/v1/meetings/{}", draft["id"].as_str().unwrap())).send().await.unwrap(), 404).await;
    assert_eq!(b.search("q=renamed").await["total"], 1);
    let feed = b.get_json("/feeds/meeting-guide.json").await;
    let names: Vec<&str> = feed.as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Renamed Before"]);
    assert_eq!(b.get_json("/readyz").await["index_meetings"], 1);
});

// ---------------------------------------------------------------------------------------------
// Helpers

/// Fails the test when `test` runs past [`TEST_TIMEOUT`] (for tests outside `both_backends!`).
async fn bounded(test: impl std::future::Future<Output = ()>) {
    if tokio::time::timeout(TEST_TIMEOUT, test).await.is_err() {
        panic!("the test did not finish within {TEST_TIMEOUT:?}");
    }
}

/// Adds an editor to the database at `url` and signs in on `server`; returns the token.
async fn sign_in_new_editor(server: &ServerProcess, url: &str) -> String {
    let email = "operator@example.org";
    let args = ["user", "add", "--email", email, "--role", "editor", "--password-stdin", "--database", url];
    assert_user_added(&run_cli(&args, &format!("{STAFF_PASSWORD}\n")).await, email);
    let response = client()
        .post(server.url("/v1/auth/token"))
        .json(&json!({"email": email, "password": STAFF_PASSWORD}))
        .send()
        .await
        .unwrap();
    expect_json(response, 200).await["access_token"].as_str().unwrap().to_string()
}

async fn create_with(http: &reqwest::Client, server: &ServerProcess, token: &str, body: &Value) -> Value {
    let response = http.post(server.url("/v1/meetings")).bearer_auth(token).json(body).send().await.unwrap();
    expect_json(response, 201).await
}

fn header(response: &Response, name: &str) -> String {
    response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}
