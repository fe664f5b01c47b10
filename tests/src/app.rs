//! [`TestApp`]: one running `recovery-directory serve` process, and clients for it.

use std::fs::File;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Output, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::{Client, Method, RequestBuilder, StatusCode};
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;

use crate::binary;
use crate::database::{Backend, TestDatabase};
use crate::http::expect_json;

/// The signing key every test server shares, so a token from one server works on another
/// server on the same database (and tests can sign tokens of their own).
pub const JWT_SECRET: &str = "e2e-signing-key-that-is-at-least-32-bytes-long";
/// How often test servers look for writes made by other processes.
pub const FOLLOW_INTERVAL: Duration = Duration::from_millis(200);
/// How long a server may take to answer `/healthz` after it was started.
pub const STARTUP_TIMEOUT: Duration = Duration::from_secs(20);
/// The password of users made by [`TestApp::staff`].
pub const STAFF_PASSWORD: &str = "correct horse battery staple";
/// The per-minute rate limits test servers get unless a test asks for the real defaults
/// ([`TestAppBuilder::default_rate_limits`]): the suite makes hundreds of requests a minute
/// from 127.0.0.1, which the defaults (300 anonymous, 10 reports) would rightly refuse.
pub const GENEROUS_RATE_LIMITS: [(&str, &str); 3] = [
    ("RD_RATE_LIMIT_ANONYMOUS_PER_MINUTE", "1000000"),
    ("RD_RATE_LIMIT_AUTHENTICATED_PER_MINUTE", "1000000"),
    ("RD_RATE_LIMIT_REPORTS_PER_MINUTE", "1000000"),
];

/// Starts a [`TestApp`]: which backend, demo data, extra environment.
#[derive(Debug)]
pub struct TestAppBuilder {
    database: Arc<TestDatabase>,
    demo: bool,
    env: Vec<(String, String)>,
    default_rate_limits: bool,
}

impl TestAppBuilder {
    /// Starts the server with the built-in rate limits instead of [`GENEROUS_RATE_LIMITS`]
    /// (variables set with [`TestAppBuilder::env`] still apply).
    pub fn default_rate_limits(mut self) -> TestAppBuilder {
        self.default_rate_limits = true;
        self
    }
    /// Loads the demo data (`serve --demo`).
    pub fn demo(mut self) -> TestAppBuilder {
        self.demo = true;
        self
    }

    /// Another builder for a server on the same database with the same settings, to start both
    /// at once.
    pub fn twin(&self) -> TestAppBuilder {
        TestAppBuilder {
            database: self.database.clone(),
            demo: self.demo,
            env: self.env.clone(),
            default_rate_limits: self.default_rate_limits,
        }
    }

    /// Sets an environment variable for the server.
    pub fn env(mut self, key: &str, value: &str) -> TestAppBuilder {
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    /// The URL of the database the server will use (to prepare it with commands first).
    pub fn database_url(&self) -> &str {
        &self.database.url
    }

    /// Starts the server and waits until `/healthz` answers 200.
    pub async fn start(self) -> TestApp {
        let mut last_log = String::new();
        // A port picked free may be taken before the server binds it; try a few.
        for _ in 0..3 {
            match self.try_start().await {
                Ok(app) => return app,
                Err(log) if log.contains("binding") => last_log = log,
                Err(log) => panic!("recovery-directory serve exited before it was ready:\n{log}"),
            }
        }
        panic!("recovery-directory serve could not bind a port:\n{last_log}");
    }

    async fn try_start(&self) -> Result<TestApp, String> {
        let port = free_port();
        let bind = format!("127.0.0.1:{port}");
        let log_path = self.database.dir().join(format!("server-{port}.log"));
        let log = File::create(&log_path).expect("a server log file");
        let mut command = binary::command();
        command
            .args(["serve", "--bind", &bind, "--database", &self.database.url])
            .env("RD_JWT_SECRET", JWT_SECRET)
            .env("RD_FOLLOW_INTERVAL_MS", FOLLOW_INTERVAL.as_millis().to_string())
            // The server's "serving" line (logged once it bound the port) tells its answers from
            // those of another server that took the port first.
            .env("RD_LOG", "warn,recovery_server::server=info")
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("a log handle"))
            .stderr(log);
        if self.demo {
            command.arg("--demo");
        }
        if !self.default_rate_limits {
            command.envs(GENEROUS_RATE_LIMITS);
        }
        for (key, value) in &self.env {
            command.env(key, value);
        }
        let child = command.spawn().expect("starting recovery-directory serve");
        let mut app = TestApp {
            base_url: format!("http://{bind}"),
            client: client(),
            child,
            log_path,
            database: self.database.clone(),
        };
        app.wait_until_healthy().await?;
        Ok(app)
    }
}

/// A running server on its own database. The process is killed when this is dropped (and the
/// database dropped with the last server using it).
#[derive(Debug)]
pub struct TestApp {
    base_url: String,
    client: Client,
    child: Child,
    log_path: PathBuf,
    database: Arc<TestDatabase>,
}

impl TestApp {
    /// A builder for a server on a new database of `backend`.
    pub fn builder(backend: Backend) -> TestAppBuilder {
        TestAppBuilder {
            database: Arc::new(TestDatabase::new(backend)),
            demo: false,
            env: Vec::new(),
            default_rate_limits: false,
        }
    }

    /// Starts a server on a new database of `backend`.
    pub async fn start(backend: Backend) -> TestApp {
        TestApp::builder(backend).start().await
    }

    /// A builder for another server on this server's database (a second replica).
    pub fn replica(&self) -> TestAppBuilder {
        TestAppBuilder { database: self.database.clone(), demo: false, env: Vec::new(), default_rate_limits: false }
    }

    /// The backend this server uses.
    pub fn backend(&self) -> Backend {
        self.database.backend
    }

    /// The database URL this server was given.
    pub fn database_url(&self) -> &str {
        &self.database.url
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The absolute URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// The shared HTTP client (follows redirects, decompresses gzip).
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// An anonymous request.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client.request(method, self.url(path))
    }

    /// An anonymous `GET`.
    pub fn get(&self, path: &str) -> RequestBuilder {
        self.request(Method::GET, path)
    }

    /// An anonymous `GET` that must answer 200 with JSON.
    pub async fn get_json(&self, path: &str) -> Value {
        expect_json(self.get(path).send().await.expect("GET"), 200).await
    }

    /// `GET /v1/meetings?{query}` as the public; must answer 200.
    pub async fn search(&self, query: &str) -> Value {
        self.get_json(&format!("/v1/meetings?{query}")).await
    }

    /// Every public match of `query`, walking `next_cursor` with pages of `limit`.
    pub async fn search_all(&self, query: &str, limit: usize) -> Vec<Value> {
        let mut items = Vec::new();
        let mut cursor: Option<String> = None;
        let mut pages = 0;
        loop {
            let mut path = format!("/v1/meetings?{query}&limit={limit}");
            if let Some(c) = &cursor {
                path.push_str(&format!("&cursor={c}"));
            }
            let page = self.get_json(&path).await;
            let got = page["items"].as_array().expect("items").clone();
            assert!(got.len() <= limit, "a page of {} items with limit={limit}", got.len());
            items.extend(got);
            pages += 1;
            assert!(pages <= 1000, "next_cursor never ends for {query}");
            match page["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_string()),
                None => return items,
            }
        }
    }

    /// The server's output so far.
    pub fn server_log(&self) -> String {
        std::fs::read_to_string(&self.log_path).unwrap_or_default()
    }

    /// Runs `recovery-directory ARGS --database URL` against this server's database, with
    /// `stdin` on standard input.
    pub async fn cli(&self, args: &[&str], stdin: &str) -> Output {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--database", &self.database.url]);
        run_cli(&all, stdin).await
    }

    /// Adds a staff user through `recovery-directory user add … --password-stdin`.
    pub async fn add_user(&self, email: &str, role: &str, password: &str) {
        let output = self
            .cli(&["user", "add", "--email", email, "--role", role, "--password-stdin"], &format!("{password}\n"))
            .await;
        assert_user_added(&output, email);
    }

    /// `POST /v1/auth/token`; panics unless it answers 200 with a bearer token.
    pub async fn token(&self, email: &str, password: &str) -> String {
        let response = self
            .request(Method::POST, "/v1/auth/token")
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .expect("POST /v1/auth/token");
        let body = expect_json(response, 200).await;
        assert_eq!(body["token_type"], "Bearer", "{body}");
        body["access_token"].as_str().expect("access_token").to_string()
    }

    /// A new staff user with `role` (`admin`, `editor`, `viewer`), signed in.
    pub async fn staff(&self, role: &str) -> Staff {
        let email = format!("{role}-{}@example.org", unique());
        self.add_user(&email, role, STAFF_PASSWORD).await;
        let token = self.token(&email, STAFF_PASSWORD).await;
        Staff { client: self.client.clone(), base_url: self.base_url.clone(), token, email }
    }

    /// True once the server has logged that it serves on its address (in text or JSON logs).
    fn has_bound(&self) -> bool {
        let address = self.base_url.trim_start_matches("http://");
        self.server_log().lines().any(|line| line.contains("serving") && line.contains(address))
    }

    async fn wait_until_healthy(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("checking the server process") {
                return Err(format!("exit status {status}\n{}", self.server_log()));
            }
            let probe = self.client.get(self.url("/healthz")).timeout(Duration::from_secs(1)).send().await;
            if probe.is_ok_and(|r| r.status() == StatusCode::OK) && self.has_bound() {
                return Ok(());
            }
            if Instant::now() > deadline {
                panic!("GET /healthz did not answer 200 within {STARTUP_TIMEOUT:?}:\n{}", self.server_log());
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            eprintln!("--- server log ({}) ---\n{}", self.base_url, self.server_log());
        }
    }
}

/// A signed-in staff user of one server.
#[derive(Debug, Clone)]
pub struct Staff {
    client: Client,
    base_url: String,
    token: String,
    /// The user's email.
    pub email: String,
}

impl Staff {
    /// The bearer token.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The same user (and token) talking to another server.
    pub fn on(&self, app: &TestApp) -> Staff {
        Staff { base_url: app.base_url.clone(), ..self.clone() }
    }

    /// A request carrying the bearer token.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client.request(method, format!("{}{path}", self.base_url)).bearer_auth(&self.token)
    }

    /// `GET` with the token.
    pub fn get(&self, path: &str) -> RequestBuilder {
        self.request(Method::GET, path)
    }

    /// `POST` of a JSON body with the token.
    pub fn post(&self, path: &str, body: &Value) -> RequestBuilder {
        self.request(Method::POST, path).json(body)
    }

    /// `PUT` of a JSON body with the token.
    pub fn put(&self, path: &str, body: &Value) -> RequestBuilder {
        self.request(Method::PUT, path).json(body)
    }

    /// `PATCH` of a JSON merge patch with the token.
    pub fn patch(&self, path: &str, body: &Value) -> RequestBuilder {
        self.request(Method::PATCH, path)
            .header(reqwest::header::CONTENT_TYPE, "application/merge-patch+json")
            .body(serde_json::to_vec(body).expect("JSON"))
    }

    /// `DELETE` with the token.
    pub fn delete(&self, path: &str) -> RequestBuilder {
        self.request(Method::DELETE, path)
    }

    /// Creates a meeting; panics unless the answer is 201.
    pub async fn create(&self, meeting: &Value) -> Value {
        expect_json(self.post("/v1/meetings", meeting).send().await.expect("POST /v1/meetings"), 201).await
    }

    /// Reads a meeting as staff; panics unless the answer is 200.
    pub async fn read(&self, id: &str) -> Value {
        expect_json(self.get(&format!("/v1/meetings/{id}")).send().await.expect("GET"), 200).await
    }
}

/// Asserts that `user add` added the user `email` and exited cleanly.
pub fn assert_user_added(output: &Output, email: &str) {
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains(email),
        "user add {email} failed ({}): {stdout}{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs `recovery-directory ARGS` with `stdin` on standard input (no server variables set).
pub async fn run_cli(args: &[&str], stdin: &str) -> Output {
    let mut child = binary::async_command()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("running recovery-directory");
    let mut input = child.stdin.take().expect("stdin");
    // The command may exit without reading (bad arguments): a broken pipe is not our failure.
    let _ = input.write_all(stdin.as_bytes()).await;
    drop(input);
    tokio::time::timeout(Duration::from_secs(60), child.wait_with_output())
        .await
        .expect("recovery-directory finished within 60 s")
        .expect("waiting for recovery-directory")
}

/// The HTTP client tests use: a per-request timeout so a hung server fails the test.
pub fn client() -> Client {
    Client::builder().timeout(Duration::from_secs(15)).build().expect("an HTTP client")
}

/// A port on 127.0.0.1 that was free a moment ago, and never handed out before in this test
/// process. Tests run in parallel threads: without the memory, two could pick the same port,
/// one server bind it, the other fail to, and the second test talk to the first one's server.
pub fn free_port() -> u16 {
    static GIVEN: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());
    let mut given = GIVEN.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    loop {
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        if !given.contains(&port) {
            given.push(port);
            return port;
        }
    }
}

/// A short string unique within this test run.
pub fn unique() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().subsec_nanos();
    format!("{}-{nanos}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
}

impl Staff {
    /// Issues an API key through `POST /v1/api-keys` (the user must be an admin) and returns
    /// the key itself; panics unless the answer is 201.
    pub async fn api_key(&self, name: &str, rate_limit_per_minute: Option<u32>) -> String {
        let mut body = json!({"name": name, "owner_email": "apps@example.org"});
        if let Some(limit) = rate_limit_per_minute {
            body["rate_limit_per_minute"] = json!(limit);
        }
        let created = expect_json(self.post("/v1/api-keys", &body).send().await.expect("POST /v1/api-keys"), 201).await;
        created["key"].as_str().expect("key").to_string()
    }
}
