//! A small, real HTTP/1.1 server standing in for the third parties the importer talks to, for
//! the import crate's tests and the end-to-end suite alike: feed servers (Meeting Guide, TSML,
//! BMLT, HSDS), hostile ones (errors, HTML challenge pages, slow, endless or huge bodies,
//! lying lengths, invalid UTF-8, redirects) and a Nominatim-compatible geocoder.
//!
//! It listens on a port of its own on 127.0.0.1 (bound at once, so no other test can take it)
//! and answers each connection on a thread, closing it after one answer. Answers come from
//! routes, which can be changed between requests so a test edits "the feed" the way a site
//! owner would, or from a function of the request target. Every request is recorded with the
//! moment it arrived, so a test can tell whether, how often and how far apart it was asked.

use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// What the stand-in answers to one request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A complete answer.
    Body {
        /// The status code.
        status: u16,
        /// The `Content-Type`.
        content_type: String,
        /// The body, sent as is (it may be invalid UTF-8).
        body: Vec<u8>,
    },
    /// These bytes as they are: a whole HTTP response, well-formed or not.
    Raw(Vec<u8>),
    /// A `302 Found` to `location` (absolute or relative).
    Redirect(String),
    /// Waits this long, then answers `200` with an empty body.
    Slow(Duration),
    /// A `200` JSON body sent in `count` chunks of `size` spaces, no length announced.
    Chunked {
        /// Bytes in each chunk.
        size: usize,
        /// How many chunks.
        count: usize,
    },
    /// Headers announcing a JSON body, then one byte every 100 ms, until the stand-in stops.
    Endless,
    /// `bytes` of valid JSON (an array of numbers), streamed without a `Content-Length`.
    Huge(u64),
    /// A Nominatim `/search` answer: the first entry whose key occurs in the query.
    Geocoder(Vec<Place>),
}

impl Reply {
    /// `status` with `content_type` and `body`.
    pub fn body(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply::Body { status, content_type: content_type.into(), body: body.into() }
    }

    /// `200` with a JSON body.
    pub fn json(body: impl Into<Vec<u8>>) -> Reply {
        Reply::body(200, "application/json", body)
    }

    /// `200` with `content_type`.
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply::body(200, content_type, body)
    }

    /// `status` with a short plain-text body.
    pub fn status(status: u16) -> Reply {
        Reply::body(status, "text/plain", format!("status {status}\n"))
    }

    /// `200 text/html`: what a bot-protection service puts in front of a site.
    pub fn challenge_page() -> Reply {
        let html = "<!DOCTYPE html><html><head><title>Just a moment...</title></head>\
                    <body><noscript>Enable JavaScript and cookies to continue</noscript></body></html>";
        Reply::ok("text/html; charset=UTF-8", html)
    }

    /// A `200` announcing a `Content-Length` of `length` and sending only `[]`.
    pub fn announcing(length: u64) -> Reply {
        Reply::Raw(format!("HTTP/1.1 200 OK\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n[]").into_bytes())
    }
}

/// One place the geocoder stand-in knows.
#[derive(Debug, Clone)]
pub struct Place {
    /// Matched, case-insensitively, anywhere in the decoded query string.
    pub key: String,
    /// Latitude.
    pub latitude: f64,
    /// Longitude.
    pub longitude: f64,
    /// True for a town-level match (`class=place`, `type=city`); false for a house.
    pub city_level: bool,
}

/// One request the stand-in received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The method.
    pub method: String,
    /// The request target as sent: the path and the query, if any.
    pub target: String,
    /// The path, without the query.
    pub path: String,
    /// The raw query string (empty when none).
    pub query: String,
    /// The `User-Agent` header.
    pub user_agent: Option<String>,
    /// When its head had arrived, by the stand-in's clock.
    pub at: Instant,
}

/// Answers the request target (path and query) of a request no route matched.
type Fallback = dyn Fn(&str) -> Reply + Send + Sync;

#[derive(Debug, Clone)]
struct Route {
    path: String,
    query_contains: Option<String>,
    reply: Reply,
}

struct Shared {
    routes: Mutex<Vec<Route>>,
    fallback: Box<Fallback>,
    requests: Mutex<Vec<Request>>,
    stopping: AtomicBool,
}

/// A running stand-in; it stops when dropped.
pub struct StandIn {
    port: u16,
    shared: Arc<Shared>,
}

impl std::fmt::Debug for StandIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StandIn").field("port", &self.port).finish_non_exhaustive()
    }
}

impl StandIn {
    /// Starts a stand-in with no routes: everything answers `404`.
    pub fn start() -> StandIn {
        StandIn::answering(|_| Reply::status(404))
    }

    /// Starts a stand-in that answers every request no route matches with `answer(target)`.
    ///
    /// # Panics
    /// When no port on 127.0.0.1 can be bound: a test cannot go on without its server.
    #[allow(clippy::expect_used)]
    pub fn answering(answer: impl Fn(&str) -> Reply + Send + Sync + 'static) -> StandIn {
        let listener = TcpListener::bind("127.0.0.1:0").expect("binding the stand-in server");
        let port = listener.local_addr().expect("the stand-in server's address").port();
        let shared = Arc::new(Shared {
            routes: Mutex::default(),
            fallback: Box::new(answer),
            requests: Mutex::default(),
            stopping: AtomicBool::new(false),
        });
        let accepting = shared.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if accepting.stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let shared = accepting.clone();
                std::thread::spawn(move || serve(stream, &shared));
            }
        });
        StandIn { port, shared }
    }

    /// The port it listens on (127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://127.0.0.1:PORT{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Answers `path` (any query) with `reply`, replacing what it answered before.
    pub fn route(&self, path: &str, reply: Reply) -> &StandIn {
        self.put(path, None, reply)
    }

    /// Answers `path` with `reply` when its query contains `query_contains` (checked before
    /// routes without a query condition).
    pub fn route_query(&self, path: &str, query_contains: &str, reply: Reply) -> &StandIn {
        self.put(path, Some(query_contains.to_string()), reply)
    }

    fn put(&self, path: &str, query_contains: Option<String>, reply: Reply) -> &StandIn {
        let mut routes = self.shared.routes.lock().unwrap_or_else(PoisonError::into_inner);
        routes.retain(|r| !(r.path == path && r.query_contains == query_contains));
        routes.push(Route { path: path.to_string(), query_contains, reply });
        self
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<Request> {
        self.shared.requests.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// How many requests were made for `path`.
    pub fn hits(&self, path: &str) -> usize {
        self.requests().iter().filter(|r| r.path == path).count()
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn serve(stream: TcpStream, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Ok(reader_stream) = stream.try_clone() else { return };
    let mut reader = BufReader::new(reader_stream);
    let mut head = String::new();
    if reader.read_line(&mut head).is_err() || head.trim().is_empty() {
        return;
    }
    let mut user_agent = None;
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) if line.trim().is_empty() => break,
            Ok(_) => {
                if let Some((name, value)) = line.split_once(':') {
                    if name.trim().eq_ignore_ascii_case("user-agent") {
                        user_agent = Some(value.trim().to_string());
                    }
                }
            }
        }
    }
    let at = Instant::now();
    let mut parts = head.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let target = parts.next().unwrap_or("/");
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let request = Request {
        method,
        target: target.to_string(),
        path: path.to_string(),
        query: query.to_string(),
        user_agent,
        at,
    };
    shared.requests.lock().unwrap_or_else(PoisonError::into_inner).push(request.clone());
    let routed = {
        let routes = shared.routes.lock().unwrap_or_else(PoisonError::into_inner);
        let conditional = routes.iter().find(|r| {
            r.path == request.path && r.query_contains.as_ref().is_some_and(|q| request.query.contains(q.as_str()))
        });
        let plain = || routes.iter().find(|r| r.path == request.path && r.query_contains.is_none());
        conditional.or_else(plain).map(|r| r.reply.clone())
    };
    let reply = routed.unwrap_or_else(|| (shared.fallback)(&request.target));
    let _ = answer(stream, &request, reply, shared);
}

fn answer(mut stream: TcpStream, request: &Request, reply: Reply, shared: &Shared) -> std::io::Result<()> {
    match reply {
        Reply::Body { status, content_type, body } => write_full(&mut stream, status, &content_type, &[], &body)?,
        Reply::Raw(bytes) => stream.write_all(&bytes)?,
        Reply::Redirect(location) => write_full(&mut stream, 302, "text/plain", &[("Location", &location)], b"")?,
        Reply::Slow(wait) => {
            std::thread::sleep(wait);
            write_full(&mut stream, 200, "text/plain", &[], b"")?;
        }
        Reply::Chunked { size, count } => {
            stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
            )?;
            let mut piece = format!("{size:x}\r\n").into_bytes();
            piece.extend(std::iter::repeat_n(b' ', size));
            piece.extend_from_slice(b"\r\n");
            for _ in 0..count {
                stream.write_all(&piece)?;
            }
            stream.write_all(b"0\r\n\r\n")?;
        }
        Reply::Endless => {
            stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n[")?;
            while !shared.stopping.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(100));
                stream.write_all(b" ")?;
                stream.flush()?;
            }
        }
        Reply::Huge(bytes) => {
            stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n[0")?;
            let chunk = ",0".repeat(32 * 1024);
            let mut sent = 2u64;
            while sent + 1 < bytes && !shared.stopping.load(Ordering::SeqCst) {
                stream.write_all(chunk.as_bytes())?;
                sent += chunk.len() as u64;
            }
            stream.write_all(b"]")?;
        }
        Reply::Geocoder(places) => {
            let body = geocode(&places, &request.query).to_string();
            write_full(&mut stream, 200, "application/json", &[], body.as_bytes())?;
        }
    }
    stream.flush()?;
    let _ = stream.shutdown(Shutdown::Both);
    Ok(())
}

fn write_full(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n",
        reason(status),
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// Nominatim's `jsonv2`/`json` answer for `query`: the first place whose key occurs in it.
fn geocode(places: &[Place], query: &str) -> serde_json::Value {
    let decoded: String =
        form_urlencoded::parse(query.as_bytes()).map(|(k, v)| format!("{k}={v} ")).collect::<String>().to_lowercase();
    let hits: Vec<serde_json::Value> = places
        .iter()
        .filter(|p| decoded.contains(&p.key.to_lowercase()))
        .take(1)
        .map(|p| {
            let (class, kind, rank) = if p.city_level { ("place", "city", 16) } else { ("building", "house", 30) };
            serde_json::json!({
                "place_id": 1,
                "licence": "test data",
                "lat": p.latitude.to_string(),
                "lon": p.longitude.to_string(),
                "display_name": p.key,
                "class": class,
                "category": class,
                "type": kind,
                "addresstype": if p.city_level { "city" } else { "building" },
                "place_rank": rank,
                "importance": 0.5,
                "boundingbox": [
                    (p.latitude - 0.01).to_string(), (p.latitude + 0.01).to_string(),
                    (p.longitude - 0.01).to_string(), (p.longitude + 0.01).to_string()
                ]
            })
        })
        .collect();
    serde_json::Value::Array(hits)
}
