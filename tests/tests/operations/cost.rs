//! What a request reads from the index: a request answered from the feed cache (a 304) or one
//! page of an id-ordered list reads nothing or the page, whatever the directory holds. Counted
//! by the index itself (`recovery_directory_index_meetings_visited_total` in `/metrics`), so
//! the test states work done rather than timing anything.

use recovery_e2e::fixtures::{meeting, merged};
use recovery_e2e::http::{expect_json, expect_status};
use recovery_e2e::{Staff, TestApp, both_backends, prometheus};
use reqwest::header::{ETAG, IF_NONE_MATCH};
use serde_json::json;

const FEED: &str = "/feeds/meeting-guide.json";

/// Meetings handed out by the index so far.
async fn visited(app: &TestApp) -> f64 {
    let text = expect_status(app.get("/metrics").send().await.unwrap(), 200).await;
    let metrics = prometheus::parse(&text).unwrap_or_else(|e| panic!("/metrics is not Prometheus text: {e}\n{text}"));
    metrics
        .value("recovery_directory_index_meetings_visited_total", &[])
        .unwrap_or_else(|| panic!("no counter:\n{text}"))
}

async fn add_meetings(editor: &Staff, from: usize, to: usize) {
    for n in from..to {
        editor.create(&merged(&meeting(&format!("Cost Meeting {n:03}")), json!({"time": "18:30"}))).await;
    }
}

/// What a 304 of the feed and a middle page of `/hsds/services` read, at the current size.
async fn reads(app: &TestApp) -> (f64, f64) {
    let response = app.get(FEED).send().await.unwrap();
    let etag = response.headers()[ETAG].to_str().unwrap().to_string();
    expect_status(response, 200).await;
    let before = visited(app).await;
    let again = app.get(FEED).header(IF_NONE_MATCH, &etag).send().await.unwrap();
    expect_status(again, 304).await;
    let not_modified = visited(app).await - before;

    let before = visited(app).await;
    let page = expect_json(app.get("/hsds/services?per_page=5&page=2").send().await.unwrap(), 200).await;
    let paged = visited(app).await - before;
    assert_eq!(page["contents"].as_array().map(Vec::len), Some(5), "{page}");
    (not_modified, paged)
}

both_backends!(a_304_and_a_page_read_what_they_answer_with_not_every_meeting, |app| async move {
    let editor = app.staff("editor").await;
    add_meetings(&editor, 0, 12).await;
    let small = reads(&app).await;
    add_meetings(&editor, 12, 48).await;
    let large = reads(&app).await;
    for (size, (not_modified, paged)) in [(12, small), (48, large)] {
        assert_eq!(not_modified, 0.0, "a 304 of the feed read {not_modified} meetings of {size}");
        assert!(paged <= 5.0, "a page of 5 services read {paged} meetings of {size}");
    }
    let total = app.get_json("/hsds/services?per_page=5").await["total_items"].as_u64();
    assert!(total >= Some(48), "every meeting is still counted: {total:?}");
});
