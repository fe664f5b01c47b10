//! Request ids: echoed when well formed, generated otherwise, on every kind of answer.

use recovery_e2e::{Backend, run_on};
use reqwest::header::HeaderValue;
use reqwest::{Method, Response};

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
        (Method::POST, "/v1/auth/token", 415),
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
