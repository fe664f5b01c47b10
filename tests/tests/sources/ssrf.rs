//! Source URLs registered through the API never reach loopback, private, link-local or
//! metadata addresses unless the operator allows them — checked after DNS and on every
//! redirect — and only http(s) URLs are accepted at all.

use recovery_e2e::http::{assert_names_field, expect_problem};
use recovery_e2e::{TestApp, both_backends};
use recovery_standin::{Reply, StandIn};

use super::common::*;

both_backends!(loopback_is_refused_without_an_allowance, backend: |backend| async move {
    let feed = StandIn::start();
    feed.route("/feed.json", Reply::json(b"[]".to_vec()));
    let app = TestApp::start(backend).await;
    let editor = app.staff("editor").await;

    for url in [feed.url("/feed.json"), format!("http://localhost:{}/feed.json", feed.port())] {
        let source_id = id(&create_source(&editor, &source("Loopback", "meeting-guide", Some(&url))).await);
        let run = sync(&editor, &source_id).await;
        assert_failed(&run, &["refused"]);
        let error = run["error"].as_str().unwrap();
        assert!(error.contains("127.0.0.1") || error.contains("::1"), "the refused address is named: {error}");
    }
    assert!(feed.requests().is_empty(), "the feed server was reached: {:?}", feed.requests());
});

both_backends!(a_redirect_to_a_metadata_address_is_refused, backend: |backend| async move {
    let feed = StandIn::start();
    feed.route("/moved.json", Reply::Redirect("http://169.254.169.254/latest/meta-data/".into()));
    // Only the feed server's own address is allowed.
    let app = TestApp::builder(backend)
        .env("RD_FETCH_ALLOW", "127.0.0.1/32")
        .env("RD_FETCH_TIMEOUT_SECS", "5")
        .start()
        .await;
    let editor = app.staff("editor").await;
    let source_id = id(&create_source(&editor, &source("Moved", "meeting-guide", Some(&feed.url("/moved.json")))).await);
    let run = sync(&editor, &source_id).await;
    assert_failed(&run, &["refused"]);
    assert!(run["error"].as_str().unwrap().contains("169.254.169.254"), "{run:#}");
    assert_eq!(feed.hits("/moved.json"), 1, "the allowed address was fetched");

    // IPv6 addresses that lead to an IPv4 host count as that host (6to4), or are refused
    // outright (Teredo).
    for (path, target) in [
        ("/6to4.json", "http://[2002:a9fe:a9fe::1]/latest/meta-data/"),
        ("/teredo.json", "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/feed.json"),
    ] {
        feed.route(path, Reply::Redirect(target.into()));
        let source_id = id(&create_source(&editor, &source("Tunnelled", "meeting-guide", Some(&feed.url(path)))).await);
        let run = sync(&editor, &source_id).await;
        assert_failed(&run, &["refused"]);
        let error = run["error"].as_str().unwrap();
        assert!(error.contains("cloud metadata") || error.contains("Teredo"), "{target}: {error}");
    }
});

both_backends!(only_http_urls_are_registered, |app| async move {
    let editor = app.staff("editor").await;
    for url in ["file:///etc/passwd", "ftp://example.org/feed.json", "gopher://127.0.0.1:6379/_INFO", "feed.json"] {
        let response = editor.post("/v1/sources", &source("Bad", "meeting-guide", Some(url))).send().await.unwrap();
        let problem = expect_problem(response, 422).await;
        assert_names_field(&problem, "url");
    }
    let sources = recovery_e2e::http::expect_json(editor.get("/v1/sources").send().await.unwrap(), 200).await;
    assert!(list(&sources).is_empty(), "{sources:#}");
});
