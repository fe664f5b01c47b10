//! A method a documented resource does not answer is a 405 naming those it does (`Allow`),
//! not a 404 (RFC 9110 §15.5.6); a path nobody serves stays a 404.

use recovery_e2e::http::expect_problem;
use recovery_e2e::{TestApp, both_backends};
use reqwest::Method;

both_backends!(unsupported_methods_are_405_with_allow, |app: TestApp| async move {
    for (method, path, allow) in [
        (Method::DELETE, "/v1/programs", "GET, HEAD"),
        (Method::PUT, "/feeds/meeting-guide.json", "GET, HEAD"),
        (Method::POST, "/v1/regions", "GET, HEAD"),
        (Method::PUT, "/v1/meetings", "GET, POST, HEAD"),
    ] {
        let response = app.request(method.clone(), path).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 405, "{method} {path}");
        assert_eq!(response.headers().get("allow").map(|v| v.to_str().unwrap()), Some(allow), "{method} {path}");
        expect_problem(response, 405).await;
    }
    let meeting = app.request(Method::POST, "/v1/meetings/0190a5e4-0000-7000-8000-000000000000").send().await.unwrap();
    assert_eq!(meeting.status().as_u16(), 405);
    let allow = meeting.headers()["allow"].to_str().unwrap().to_string();
    for method in ["GET", "PUT", "PATCH", "DELETE"] {
        assert!(allow.contains(method), "{allow}");
    }
    expect_problem(app.request(Method::GET, "/v1/nothing-here").send().await.unwrap(), 404).await;
});
