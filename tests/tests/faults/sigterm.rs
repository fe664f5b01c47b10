//! SIGTERM: the request in flight is answered, readiness fails during the shutdown delay, and
//! the process exits cleanly.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use recovery_e2e::app::{JWT_SECRET, client};
use recovery_e2e::both_backends;
use recovery_e2e::database::TestDatabase;
use recovery_e2e::fixtures::meeting;
use recovery_e2e::http::expect_json;
use recovery_e2e::poll::eventually;
use recovery_e2e::process::ServerProcess;
use serde_json::Value;

use super::*;

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

/// SIGTERM under load, with a shutdown delay: clients behave as a load balancer does, sending
/// until `/readyz` fails, and every request they sent is answered in full with a success.
#[tokio::test]
async fn sigterm_under_load_fails_no_request() {
    bounded(async {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("drain.db").display());
        let mut server = ServerProcess::start(dir.path(), |bind, command| {
            command
                .args(["serve", "--bind", bind, "--database", &url])
                .env("RD_JWT_SECRET", JWT_SECRET)
                .env("RD_SHUTDOWN_DELAY_MS", "2000")
                .env("RD_RATE_LIMIT_ANONYMOUS_PER_MINUTE", "0")
                .env("RD_RATE_LIMIT_AUTHENTICATED_PER_MINUTE", "0")
                .env("RD_LOG", "warn");
        })
        .await;
        let token = sign_in_new_editor(&server, &url).await;
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let base = server.base_url().to_string();
        let clients: Vec<_> = (0..4)
            .map(|n| {
                let (http, base, token, stop) = (client(), base.clone(), token.clone(), stop.clone());
                tokio::spawn(async move {
                    let (mut answered, mut failed) = (0, Vec::new());
                    let mut i = 0;
                    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                        i += 1;
                        let request = if n == 0 {
                            http.post(format!("{base}/v1/meetings"))
                                .bearer_auth(&token)
                                .json(&meeting(&format!("Drain Load {i}")))
                        } else {
                            http.get(format!("{base}/v1/meetings?q=drain"))
                        };
                        match request.send().await {
                            Ok(response) if response.status().is_success() => match response.bytes().await {
                                Ok(_) => answered += 1,
                                Err(e) => failed.push(format!("body cut off: {e}")),
                            },
                            Ok(response) => failed.push(format!("answered {}", response.status())),
                            Err(e) => failed.push(e.to_string()),
                        }
                    }
                    (answered, failed)
                })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(700)).await;
        server.signal("TERM");
        // The load balancer: takes the replica out once its readiness fails.
        let readyz = server.url("/readyz");
        eventually(Duration::from_secs(10), "/readyz answering 503 after SIGTERM", || {
            let readyz = readyz.clone();
            async move { (client().get(&readyz).send().await.ok()?.status() == 503).then_some(()) }
        })
        .await;
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let mut answered = 0;
        for task in clients {
            let (n, failed) = task.await.unwrap();
            assert!(failed.is_empty(), "failed requests during the drain: {failed:?}");
            answered += n;
        }
        assert!(answered > 0);
        let exit = server.wait_for_exit(Duration::from_secs(30)).await;
        assert!(exit.success(), "exit after SIGTERM: {exit}\n{}", server.output());
    })
    .await;
}
