//! A stand-in for third-party HTTP servers (feeds, a BMLT server, a geocoder): a real local
//! HTTP/1.1 server on its own threads, answering each request with what the test says and
//! remembering when each request arrived, by its own clock.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One request the stand-in saw.
#[derive(Debug, Clone)]
pub struct Seen {
    /// The request target (path and query).
    pub target: String,
    /// Its `User-Agent`.
    pub user_agent: Option<String>,
    /// When it arrived, by the stand-in's clock.
    pub at: Instant,
}

/// How to answer.
pub enum Reply {
    /// These bytes, as is (a whole HTTP response).
    Raw(Vec<u8>),
    /// Wait this long, then answer 200 with an empty body.
    Slow(Duration),
    /// A chunked 200 body of `count` chunks of `size` bytes, no length announced.
    Chunked { size: usize, count: usize },
}

/// A running stand-in.
pub struct StandIn {
    /// Where it listens.
    pub addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl StandIn {
    /// Starts a stand-in on 127.0.0.1 answering with `answer(target)`.
    pub fn start(answer: impl Fn(&str) -> Reply + Send + Sync + 'static) -> StandIn {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let answer = Arc::new(answer);
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (answer, log) = (answer.clone(), log.clone());
                std::thread::spawn(move || serve(stream, &*answer, &log));
            }
        });
        StandIn { addr, seen }
    }

    /// `http://127.0.0.1:port{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The requests so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

fn serve(mut stream: TcpStream, answer: &(dyn Fn(&str) -> Reply + Send + Sync), log: &Mutex<Vec<Seen>>) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let at = Instant::now();
    let head = String::from_utf8_lossy(&head).into_owned();
    let target = head.split_whitespace().nth(1).unwrap_or_default().to_string();
    let user_agent = head.lines().find_map(|l| {
        l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case("user-agent")).map(|(_, v)| v.trim().to_string())
    });
    log.lock().unwrap().push(Seen { target: target.clone(), user_agent, at });
    match answer(&target) {
        Reply::Raw(bytes) => {
            let _ = stream.write_all(&bytes);
        }
        Reply::Slow(wait) => {
            std::thread::sleep(wait);
            let _ = stream.write_all(&response(200, "text/plain", b""));
        }
        Reply::Chunked { size, count } => {
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
            let chunk = vec![b' '; size];
            for _ in 0..count {
                let mut piece = format!("{size:x}\r\n").into_bytes();
                piece.extend_from_slice(&chunk);
                piece.extend_from_slice(b"\r\n");
                if stream.write_all(&piece).is_err() {
                    return;
                }
            }
            let _ = stream.write_all(b"0\r\n\r\n");
        }
    }
    let _ = stream.flush();
}

/// A whole HTTP/1.1 response with a length.
pub fn response(status: u16, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// A 200 with `body`.
pub fn ok(content_type: &str, body: &[u8]) -> Reply {
    Reply::Raw(response(200, content_type, body))
}

/// A redirect to `location`.
pub fn redirect(location: &str) -> Reply {
    Reply::Raw(
        format!("HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .into_bytes(),
    )
}

/// A response announcing `length` bytes (and sending only a few).
pub fn announcing(length: u64) -> Reply {
    Reply::Raw(format!("HTTP/1.1 200 OK\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n[]").into_bytes())
}
